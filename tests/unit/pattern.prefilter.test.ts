import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { soundCanonical } from '../../lexicons/pinyin-index.js';
import { readSetAside } from '../../pipeline/eval/set-aside.js';
import { NEED_RULES } from '../../pipeline/nlp/need.patterns.js';
import { NEXT_STEP_RULES } from '../../pipeline/nlp/next-step.patterns.js';
import { OBJECTION_RULES } from '../../pipeline/nlp/objection.patterns.js';
import {
  flatten,
  matchRules,
  type PatternRule,
  requiredChars,
  requiredCharsOf,
  requiredSets,
  requiredSetsOf,
} from '../../pipeline/nlp/pattern.js';

/** Calls nobody may read while writing rules (the honest sets) stay out of rule tests too. */
const setAside = readSetAside();
const readable = (file: string) =>
  file.endsWith('.json') && !file.endsWith('.gold.json') && !setAside.has(file.slice(0, -'.json'.length));

const codes = (chars: string) => [...chars].map((c) => c.charCodeAt(0)).sort((a, b) => a - b);

describe('required characters of a pattern (matchRules prefilter)', () => {
  it('takes the first mandatory item of every alternative', () => {
    expect(requiredChars('太贵')).toEqual(codes('太'));
    expect(requiredChars('(?:太|有点)[^，。]{0,2}(?:贵|高)')).toEqual(codes('太有'));
    expect(requiredChars('(?:明年)?再说|以后')).toEqual(codes('再以'));
    expect(requiredChars('[0-9]+万|(?<!不)够用')).toEqual(codes('万够'));
    expect(requiredChars('(?=预算)超了')).toEqual(codes('超'));
    expect(requiredChars('超(?:了|出)?预算')).toEqual(codes('超'));
    expect(requiredChars('\\.{2}')).toEqual(codes('.'));
  });

  it('gives no prefilter where it cannot be sure', () => {
    expect(requiredChars('[贵高]')).toBeNull();
    expect(requiredChars('太?贵?')).toBeNull();
    expect(requiredChars('贵|[高]')).toBeNull();
    expect(requiredChars('(贵)\\1')).toBeNull();
    expect(requiredChars('\\p{Script=Han}{2}')).toBeNull();
    expect(requiredChars('贵{0,2}')).toBeNull();
    expect(requiredCharsOf(/太贵/iu)).toBeNull();
  });

  it('never rejects a text a shipped rule matches (fixtures as written, flat and by sound)', () => {
    const texts: string[] = [];
    for (const dir of ['tests/fixtures/calls', 'examples/calls']) {
      for (const f of readdirSync(dir).filter((x) => readable(x))) {
        const call = JSON.parse(readFileSync(join(dir, f), 'utf8')) as { utterances?: { text: string }[] };
        for (const u of call.utterances ?? []) texts.push(u.text, u.text.replace(/[\s\p{P}]/gu, ''));
      }
    }
    const soundTexts = texts.slice(0, 2000).map((t) => soundCanonical(t));
    let checked = 0;
    for (const r of [...OBJECTION_RULES, ...NEED_RULES, ...NEXT_STEP_RULES]) {
      const req = requiredCharsOf(r.re);
      if (req === null) continue;
      const re = new RegExp(r.re.source, r.re.flags.replace('g', ''));
      for (const t of texts) {
        if (!re.test(t)) continue;
        checked++;
        expect(
          req.some((c) => t.includes(String.fromCharCode(c))),
          `${r.id} on ${t}`,
        ).toBe(true);
      }
      const sound = new RegExp(soundCanonical(r.re.source), re.flags);
      const soundReq = requiredChars(sound.source);
      if (soundReq === null) continue;
      for (const t of soundTexts) {
        if (!sound.test(t)) continue;
        checked++;
        expect(
          soundReq.some((c) => t.includes(String.fromCharCode(c))),
          `${r.id} by sound on ${t}`,
        ).toBe(true);
      }
    }
    expect(checked).toBeGreaterThan(50);
  });

  it('takes every mandatory item of every alternative for the stricter prefilter', () => {
    const sets = (source: string) => requiredSets(source)?.map((alt) => alt.map((set) => [...set].sort()));
    expect(sets('太贵')).toEqual([[codes('太'), codes('贵')]]);
    expect(sets('(?:太|有点)[^，。]{0,2}(?:贵|高)')).toEqual([[codes('太有'), codes('贵高')]]);
    expect(sets('(?:明年)?再说|以后')).toEqual([
      [codes('再'), codes('说')],
      [codes('以'), codes('后')],
    ]);
    expect(sets('[0-9]+万|(?<!不)够用')).toEqual([[codes('万')], [codes('够'), codes('用')]]);
    expect(sets('贵|[高]')).toBeUndefined();
    expect(sets('(贵)\\1')).toBeUndefined();
  });

  it('the stricter prefilter never rejects a text a shipped rule matches', () => {
    const texts: string[] = [];
    for (const dir of ['tests/fixtures/calls', 'examples/calls']) {
      for (const f of readdirSync(dir).filter((x) => readable(x))) {
        const call = JSON.parse(readFileSync(join(dir, f), 'utf8')) as { utterances?: { text: string }[] };
        for (const u of call.utterances ?? []) texts.push(u.text, u.text.replace(/[\s\p{P}]/gu, ''));
      }
    }
    let checked = 0;
    for (const r of [...OBJECTION_RULES, ...NEED_RULES, ...NEXT_STEP_RULES]) {
      const alternatives = requiredSetsOf(r.re);
      if (alternatives === null) continue;
      const re = new RegExp(r.re.source, r.re.flags.replace('g', ''));
      for (const t of texts) {
        if (!re.test(t)) continue;
        checked++;
        const has = (set: readonly number[]) => set.some((c) => t.includes(String.fromCharCode(c)));
        expect(
          alternatives.some((sets) => sets.every(has)),
          `${r.id} on ${t}`,
        ).toBe(true);
      }
    }
    expect(checked).toBeGreaterThan(50);
  });

  it('has a prefilter for most shipped rules', () => {
    const rules = [...OBJECTION_RULES, ...NEED_RULES, ...NEXT_STEP_RULES];
    const with_ = rules.filter((r) => requiredCharsOf(r.re) !== null).length;
    expect(with_ / rules.length).toBeGreaterThan(0.5);
  });

  it('matchRules finds what the same rules find without a prefilter (fixtures, flat and by sound)', () => {
    const texts: string[] = [];
    for (const dir of ['tests/fixtures/calls', 'examples/calls']) {
      for (const f of readdirSync(dir).filter((x) => readable(x))) {
        const call = JSON.parse(readFileSync(join(dir, f), 'utf8')) as { utterances?: { text: string }[] };
        for (const u of call.utterances ?? []) texts.push(u.text, soundCanonical(u.text));
      }
    }
    // The same expression with a source the prefilter cannot read: the rule is always tried.
    class Unread extends RegExp {
      override get source(): string {
        return '(';
      }
    }
    const unfiltered = (r: PatternRule): PatternRule => ({ ...r, re: new Unread(r.re.source, r.re.flags) });
    let hits = 0;
    for (const rules of [
      OBJECTION_RULES,
      NEED_RULES,
      NEXT_STEP_RULES,
    ] as readonly (readonly PatternRule[])[]) {
      const plain = rules.map(unfiltered);
      expect(plain.every((r) => requiredCharsOf(r.re) === null && requiredSetsOf(r.re) === null)).toBe(true);
      for (const t of texts) {
        const flat = flatten(t);
        const got = matchRules(flat, rules).map((h) => [h.rule.id, h.span, h.text]);
        expect(got, t).toEqual(matchRules(flat, plain).map((h) => [h.rule.id, h.span, h.text]));
        hits += got.length;
      }
    }
    expect(hits).toBeGreaterThan(50);
  });
});
