// Developer helper: per-utterance diff of predicted vs gold labels on a fixture folder.
import { defaultLexiconDir, LexiconRegistry } from '../lexicons/lexicon.registry.js';
import { Analyzer } from '../pipeline/analyzer.js';
import { evaluateCalls, readLabelledCalls } from '../pipeline/eval/run-eval.js';
import { type EvalSplit, inSplit, readSetAside } from '../pipeline/eval/set-aside.js';
import { loadSecondStage } from '../pipeline/learned/second-stage.js';
import { createJiebaSegmenter } from '../pipeline/nlp/jieba.js';
import { isImplicitNeedFinding, isObjectionFinding, isRestatementFinding } from '../pipeline/nlp/types.js';

// Usage: dev-eval <dir> [punctuated|unpunctuated] [all|train|held-out] [--quiet]
const dir = process.argv[2] ?? '../shared/fixtures/dev-calls';
const mode = (process.argv[3] ?? 'punctuated') as 'punctuated' | 'unpunctuated';
const split = (process.argv[4] ?? 'all') as EvalSplit;
const quiet = process.argv.includes('--quiet');
const lexicons = LexiconRegistry.fromDirectory();
const analyzer = new Analyzer({
  lexicons,
  lexiconDir: defaultLexiconDir(),
  cut: createJiebaSegmenter(),
  ...(process.argv.includes('--model') ? { secondStage: loadSecondStage() } : {}),
});
const setAside = readSetAside();
const calls = readLabelledCalls(dir).filter((c) => inSplit(c.name, split, setAside));
const { report, cases } = await evaluateCalls(calls, (t) => analyzer.analyze(t));
for (const c of quiet ? [] : cases[mode]) {
  for (const u of c.analysis.utterances) {
    const g = [...(c.gold.utterances[u.id] ?? [])].sort();
    const p = c.analysis.findings
      .filter((f) => f.utteranceId === u.id)
      .map((f) => f.label)
      .sort();
    if (JSON.stringify(g) !== JSON.stringify(p))
      console.log(
        `${c.name} ${u.id} ${u.speaker[0]} ${u.text}\n   gold=${g.join(',')}\n   pred=${p.join(',')}`,
      );
  }
  for (const o of c.gold.objections) {
    const m = c.analysis.findings
      .filter(isObjectionFinding)
      .find((f) => f.utteranceId === o.utterance && f.objectionType === o.type);
    if (
      m &&
      (JSON.stringify([...o.techniques].sort()) !== JSON.stringify([...m.techniques].sort()) ||
        m.resolved !== o.resolved ||
        m.responseUtteranceId !== o.response)
    )
      console.log(
        `${c.name} OBJ ${o.utterance} ${o.type} gold tech=${o.techniques} res=${o.resolved} | pred tech=${m.techniques} res=${m.resolved} resp=${m.responseUtteranceId}`,
      );
  }
  for (const n of c.gold.implicitNeeds) {
    const m = c.analysis.findings.filter(isImplicitNeedFinding).find((f) => f.utteranceId === n.utterance);
    if (m && m.identified !== n.identified)
      console.log(
        `${c.name} NEED ${n.utterance} gold ident=${n.identified} by=${n.by} | pred ${m.identified} by=${m.identifiedBy}`,
      );
  }
  for (const r of c.gold.restatements) {
    const m = c.analysis.findings.filter(isRestatementFinding).find((f) => f.utteranceId === r.utterance);
    if (m && (m.accurate !== r.accurate || m.refersTo !== r.refersTo))
      console.log(
        `${c.name} REST ${r.utterance} gold ${r.refersTo} acc=${r.accurate} | pred ${m.refersTo} acc=${m.accurate} sim=${m.similarity}`,
      );
  }
  const gt = [...c.gold.tags].sort().join(',');
  const pt = [...c.analysis.tags].sort().join(',');
  if (gt !== pt) console.log(`${c.name} TAGS gold=${gt} pred=${pt}`);
}
const m = report.modes[mode];
const { labels, ...rest } = m;
console.log(JSON.stringify(rest));
for (const [k, v] of Object.entries(labels)) console.log(k, JSON.stringify(v));
