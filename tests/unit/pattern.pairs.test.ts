import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { soundCanonical } from '../../lexicons/pinyin-index.js';
import { NEED_RULES } from '../../pipeline/nlp/need.patterns.js';
import { NEXT_STEP_RULES } from '../../pipeline/nlp/next-step.patterns.js';
import { OBJECTION_RULES } from '../../pipeline/nlp/objection.patterns.js';
import {
  flatten,
  matchRules,
  type PatternRule,
  requiredPairs,
  requiredPairsOf,
} from '../../pipeline/nlp/pattern.js';
import { spokenFlat } from '../../pipeline/nlp/sound.js';

const pairs = (source: string) =>
  requiredPairs(source)?.map((p) => String.fromCharCode(Math.floor(p / 0x10000), p % 0x10000)) ?? null;

/** Utterance texts of the readable calls (the set-aside and honest calls are left out). */
function readableTexts(): string[] {
  const texts: string[] = [];
  for (const dir of ['tests/fixtures/calls', 'training/calls', 'examples/calls']) {
    const files = readdirSync(dir).filter(
      (f) => f.endsWith('.json') && !f.endsWith('.gold.json') && !/^t[jhkm]-|^train-.*-05/.test(f),
    );
    for (const f of files) {
      const call = JSON.parse(readFileSync(join(dir, f), 'utf8')) as { utterances?: { text: string }[] };
      for (const u of call.utterances ?? []) texts.push(u.text);
    }
  }
  return texts;
}

/** The shipped rule lists, and the objection rules read by sound as the objection detector reads them. */
function ruleLists(): (readonly PatternRule[])[] {
  const re = (r: RegExp) => new RegExp(soundCanonical(r.source), r.flags);
  const bySound = OBJECTION_RULES.map((r) => ({ ...r, re: re(r.re) }));
  return [OBJECTION_RULES, NEED_RULES, NEXT_STEP_RULES, bySound];
}

describe('required pairs of a pattern (matchRules prefilter)', () => {
  it('takes two adjacent unquantified characters, or a mandatory group whose alternatives all have a pair', () => {
    expect(pairs('太贵')).toEqual(['太贵']);
    expect(pairs('(?<!不)够用')).toEqual(['够用']);
    expect(pairs('(?:我|我们)(?:这边)?(?:定不了|说了算)')).toEqual(['定不', '说了']);
    expect(pairs('(?:明年)?再说|以后')).toEqual(['以后', '再说']);
    expect(pairs('\\.\\.')).toEqual(['..']);
  });

  it('gives no prefilter where it cannot be sure', () => {
    for (const source of [
      '太?贵',
      '太贵?',
      '太(?=很)贵',
      '[0-9]+万',
      '贵+了',
      '贵{1}了',
      '(贵)\\1',
      '贵|太贵',
      '(?:贵|太贵)了',
      '(',
    ]) {
      expect(pairs(source), source).toBeNull();
    }
    expect(requiredPairsOf(/太贵/iu)).toBeNull();
  });

  it('never rejects a text a shipped rule matches: every match holds a pair (readable calls)', () => {
    const texts = readableTexts().flatMap((t) => [t, t.replace(/[\s\p{P}]/gu, '')]);
    const heard = texts.slice(0, 4000).map((t) => soundCanonical(t));
    let checked = 0;
    for (const [k, rules] of ruleLists().entries()) {
      for (const r of rules) {
        const req = requiredPairsOf(r.re);
        if (req === null) continue;
        const re = new RegExp(r.re.source, r.re.flags.includes('g') ? r.re.flags : `${r.re.flags}g`);
        for (const t of k === 3 ? heard : texts) {
          for (const m of t.matchAll(re)) {
            checked++;
            const has = req.some((p) =>
              m[0].includes(String.fromCharCode(Math.floor(p / 0x10000), p % 0x10000)),
            );
            expect(has, `${r.id} on ${t}`).toBe(true);
          }
        }
      }
    }
    expect(checked).toBeGreaterThan(200);
  });

  it('leaves matchRules as without any prefilter (readable calls: flat, spoken and by sound)', () => {
    class Unread extends RegExp {
      override get source(): string {
        return '(';
      }
    }
    const unfiltered = (r: PatternRule): PatternRule => ({ ...r, re: new Unread(r.re.source, r.re.flags) });
    const texts = readableTexts();
    let hits = 0;
    for (const [k, rules] of ruleLists().entries()) {
      const plain = rules.map(unfiltered);
      for (const t of texts) {
        const views =
          k === 3
            ? [{ text: soundCanonical(flatten(t).text), map: flatten(t).map }]
            : [flatten(t), spokenFlat(t)];
        for (const flat of views) {
          const got = matchRules(flat, rules, '').map((h) => [h.rule.id, h.span, h.text]);
          expect(got, t).toEqual(matchRules(flat, plain, '').map((h) => [h.rule.id, h.span, h.text]));
          hits += got.length;
        }
      }
    }
    expect(hits).toBeGreaterThan(200);
  });
});
