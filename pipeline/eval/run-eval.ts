import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { parseTranscriptJson, type Transcript } from '../../models/transcript.js';
import type { CallAnalysis } from '../nlp/analyze.core.js';
import { stripPunctuation } from '../nlp/normalize.js';
import { type EvalCase, type EvalReport, evaluateMode, type ModeReport } from './evaluate.core.js';
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

/** The report of evaluation.md, plus `modes.noisy` when a noise transform was given. */
export interface EvalRunReport extends EvalReport {
  modes: EvalReport['modes'] & { noisy?: ModeReport };
}

/**
 * Analyses every call as written and with punctuation stripped, then scores both modes. With
 * `options.noisy` (e.g. simulated ASR errors), also scores each call's transformed transcript
 * against the unchanged gold labels as a third mode, `noisy`.
 */
export async function evaluateCalls(
  calls: readonly LabelledCall[],
  analyze: (t: Transcript) => CallAnalysis | Promise<CallAnalysis>,
  options: { noisy?: (t: Transcript, call: LabelledCall) => Transcript } = {},
): Promise<{
  report: EvalRunReport;
  cases: { punctuated: EvalCase[]; unpunctuated: EvalCase[]; noisy?: EvalCase[] };
}> {
  const punctuated: EvalCase[] = [];
  const unpunct: EvalCase[] = [];
  const noisy: EvalCase[] = [];
  for (const c of calls) {
    punctuated.push({ name: c.name, gold: c.gold, analysis: await analyze(c.transcript) });
    unpunct.push({ name: c.name, gold: c.gold, analysis: await analyze(unpunctuated(c.transcript)) });
    if (options.noisy) {
      noisy.push({ name: c.name, gold: c.gold, analysis: await analyze(options.noisy(c.transcript, c)) });
    }
  }
  return {
    report: {
      files: calls.length,
      modes: {
        punctuated: evaluateMode(punctuated),
        unpunctuated: evaluateMode(unpunct),
        ...(options.noisy ? { noisy: evaluateMode(noisy) } : {}),
      },
    },
    cases: { punctuated, unpunctuated: unpunct, ...(options.noisy ? { noisy } : {}) },
  };
}
