import { defaultLexiconDir, LexiconRegistry } from '../../lexicons/lexicon.registry.js';
import type { Speaker } from '../../models/transcript.js';
import { Analyzer } from '../../pipeline/analyzer.js';
import { createJiebaSegmenter } from '../../pipeline/nlp/jieba.js';
import { type PreparedUtterance, prepareUtterance } from '../../pipeline/nlp/prepare.js';

let registry: LexiconRegistry | undefined;

/** The shipped lexicons, loaded once per test file. */
export function shippedLexicons(): LexiconRegistry {
  registry ??= LexiconRegistry.fromDirectory();
  return registry;
}

export function shippedAnalyzer(lexicons = shippedLexicons()): Analyzer {
  return new Analyzer({ lexicons, lexiconDir: defaultLexiconDir(), cut: createJiebaSegmenter() });
}

export function prepare(text: string, speaker: Speaker = 'rep', industry = 'saas'): PreparedUtterance {
  const lexicons = shippedLexicons();
  return prepareUtterance({ id: 'u1', speaker, start: 0, end: 1000, text }, 0, {
    lexicon: lexicons.get(industry),
    cut: createJiebaSegmenter(),
    stopwords: new Set(lexicons.baseDocument().stopwords ?? []),
  });
}

/** Compact question summary: 'open', 'closed' per unit, in order. */
export function questionKinds(text: string, speaker: Speaker = 'rep', industry = 'saas'): string[] {
  return prepare(text, speaker, industry).questions.map((q) => q.kind);
}

let seq = 0;
/** A transcript from [speaker, text] pairs with plausible times. */
export function transcript(
  industry: string,
  turns: [Speaker, string][],
  extra: Record<string, unknown> = {},
) {
  let t = 0;
  seq++;
  return {
    externalId: `test-${seq}`,
    repId: 'rep-test',
    industry,
    occurredAt: '2026-05-01T10:00:00+08:00',
    utterances: turns.map(([speaker, text], i) => {
      const start = t;
      const end = start + Math.max(800, [...text].length * 220);
      t = end + 600;
      return { id: `u${i + 1}`, speaker, start, end, text };
    }),
    ...extra,
  };
}
