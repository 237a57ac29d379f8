// Developer helper for speed work: every labelled and example call analysed as written, without
// punctuation and with ASR noise (seed 1), every learned stage and the shipped lexicons on, plus
// the industry inference of each call; one canonical JSON line per (call, mode). An optimisation
// must leave the output byte-identical (`cmp` two runs, e.g. from a git worktree of the base).
// Usage: [SHARED_DIR=/work/shared] tsx scripts/analysis-fingerprint.ts <out.jsonl>
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { compiledLexicons, createIndustryInferrer } from '../lexicons/industry-inference.js';
import { defaultLexiconDir, LexiconRegistry } from '../lexicons/lexicon.registry.js';
import { parseTranscriptJson, type Transcript } from '../models/transcript.js';
import { Analyzer } from '../pipeline/analyzer.js';
import { addAsrNoise } from '../pipeline/eval/noise.js';
import { unpunctuated } from '../pipeline/eval/run-eval.js';
import { loadSecondStage } from '../pipeline/learned/second-stage.js';
import { createJiebaSegmenter } from '../pipeline/nlp/jieba.js';
import { normalizeText } from '../pipeline/nlp/normalize.js';

const out = process.argv[2];
if (!out) throw new Error('usage: analysis-fingerprint <out.jsonl>');
// SHARED_DIR: the shared folder when run from a git worktree elsewhere (default ../shared).
const shared = process.env.SHARED_DIR ?? '../shared';
const DIRS = ['training/calls', 'tests/fixtures/calls', `${shared}/fixtures/dev-calls`, 'examples/calls'];

const lexicons = LexiconRegistry.fromDirectory();
const cut = createJiebaSegmenter();
const analyzer = new Analyzer({
  lexicons,
  lexiconDir: defaultLexiconDir(),
  cut,
  secondStage: loadSecondStage(),
});
const inferrer = createIndustryInferrer(compiledLexicons(lexicons));

const lines: string[] = [];
for (const dir of DIRS) {
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.json') && !f.endsWith('.gold.json'))
    .sort();
  for (const f of files) {
    let t: Transcript;
    try {
      t = parseTranscriptJson(readFileSync(join(dir, f), 'utf8'));
    } catch {
      continue;
    }
    const name = `${dir}/${f}`;
    if (!lexicons.has(t.industry)) t = { ...t, industry: 'saas' };
    const modes: [string, Transcript][] = [
      ['punctuated', t],
      ['unpunctuated', unpunctuated(t)],
      ['noisy1', addAsrNoise(t, 1, { callId: f.replace(/\.json$/, ''), cut })],
    ];
    for (const [mode, tr] of modes) {
      lines.push(JSON.stringify({ name, mode, analysis: analyzer.analyze(tr) }));
      const inference = inferrer(tr.utterances, { normalize: (text) => normalizeText(text).text });
      lines.push(JSON.stringify({ name, mode, inference }));
    }
  }
}
writeFileSync(out, `${lines.join('\n')}\n`);
console.log(`${lines.length / 2} analyses written to ${out}`);
