import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { parseTranscriptJson, type Transcript } from '../../models/transcript.js';
import type { CallAnalysis } from '../nlp/analyze.core.js';
import { stripPunctuation } from '../nlp/normalize.js';
import { type EvalCase, type EvalReport, evaluateMode } from './evaluate.core.js';
import { parseGold } from './gold.js';

export interface LabelledCall {
  name: string;
  transcript: Transcript;
  gold: ReturnType<typeof parseGold>;
}

/** Reads every `<name>.json` with a `<name>.gold.json` beside it. */
export function readLabelledCalls(dir: string): LabelledCall[] {
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.gold.json'))
    .sort();
  return files.map((g) => {
    const name = basename(g, '.gold.json');
    const transcript = parseTranscriptJson(readFileSync(join(dir, `${name}.json`), 'utf8'));
    const gold = parseGold(JSON.parse(readFileSync(join(dir, g), 'utf8')), g);
    return { name, transcript, gold };
  });
}

/** The transcript with every punctuation character (Unicode P*) removed from each utterance. */
export function unpunctuated(t: Transcript): Transcript {
  return { ...t, utterances: t.utterances.map((u) => ({ ...u, text: stripPunctuation(u.text) || u.text })) };
}

/** Analyses every call as written and with punctuation stripped, then scores both modes. */
export async function evaluateCalls(
  calls: readonly LabelledCall[],
  analyze: (t: Transcript) => CallAnalysis | Promise<CallAnalysis>,
): Promise<{ report: EvalReport; cases: { punctuated: EvalCase[]; unpunctuated: EvalCase[] } }> {
  const punctuated: EvalCase[] = [];
  const unpunct: EvalCase[] = [];
  for (const c of calls) {
    punctuated.push({ name: c.name, gold: c.gold, analysis: await analyze(c.transcript) });
    unpunct.push({ name: c.name, gold: c.gold, analysis: await analyze(unpunctuated(c.transcript)) });
  }
  return {
    report: {
      files: calls.length,
      modes: { punctuated: evaluateMode(punctuated), unpunctuated: evaluateMode(unpunct) },
    },
    cases: { punctuated, unpunctuated: unpunct },
  };
}
