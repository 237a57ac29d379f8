import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseNoiseSeed, renderEvalTable } from '../../bin/commands/eval.command.js';
import type { Transcript } from '../../models/transcript.js';
import { parseGold } from '../../pipeline/eval/gold.js';
import {
  addAsrNoise,
  createRandom,
  DEFAULT_FILLERS,
  loadNoiseTable,
  type NoiseEdit,
  noiseText,
} from '../../pipeline/eval/noise.js';
import { evaluateCalls, type LabelledCall } from '../../pipeline/eval/run-eval.js';
import type { CallAnalysis } from '../../pipeline/nlp/analyze.core.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

// Written for this test: an ordinary sales conversation about a warehouse scanner rollout.
const SENTENCES = [
  '王经理您好，我是启明物流系统的小陈，上周您在展会上留了名片。',
  '对，我记得，你们做仓库扫码枪的那家吧？',
  '是的，我们今年出了一款新的手持终端，续航能撑两个班次。',
  '我们现在用的那批设备已经五年了，电池老是撑不到下午。',
  '那每天下午大概要停多久换电池呢？',
  '差不多半个小时吧，旺季的时候仓库主管意见很大。',
  '明白，所以您最关心的是续航和换班时候不停工，对吗？',
  '对，还有就是价格，去年预算砍了不少，老板盯得很紧。',
  '理解。我们可以先按二十台做一个试点，费用分三期付。',
  '三期的话每期多少钱？有没有安装培训的费用？',
  '培训是免费的，我们的工程师会到现场待两天。',
  '那你先把报价单发我邮箱，我下周二跟财务一起看一下。',
  '好的，我今天下午就发过去，周二上午十点我再给您打电话确认，可以吗？',
  '可以，到时候你直接打我手机就行。',
  '另外您那边除了财务，还有谁需要参与这个决定？',
  '信息部的刘主任也要看，他比较在意系统能不能跟我们的老软件对接。',
];

function transcript(texts: readonly string[], externalId = 'crm-test-001'): Transcript {
  return {
    externalId,
    repId: 'rep-test',
    industry: 'logistics',
    occurredAt: '2026-03-02T10:00:00+08:00',
    utterances: texts.map((text, i) => ({
      id: `u${i + 1}`,
      speaker: i % 2 === 0 ? 'rep' : 'customer',
      start: i * 5000,
      end: i * 5000 + 4200,
      text,
    })),
  };
}

const table = loadNoiseTable();
const HAN = /\p{Script=Han}/u;

describe('noise table', () => {
  it('loads with substitutes for the common characters, each another single character', () => {
    expect(table.entries.size).toBeGreaterThan(3000);
    for (const [key, subs] of table.entries) {
      expect(subs.length).toBeGreaterThan(0);
      expect(subs.length).toBeLessThanOrEqual(8);
      expect(new Set(subs).size).toBe(subs.length);
      for (const s of subs) {
        expect(s).not.toBe(key);
        expect([...s]).toHaveLength(1);
        expect(s).toMatch(HAN);
      }
    }
  });

  it.each([
    ['是', '时'], // shi4 → shi2: another tone
    ['三', '山'], // san → shan: s/sh
    ['您', '林'], // nin → lin: n/l
    ['钱', '千'], // qian2 → qian1
    ['行', '星'], // xing2 → xing1
  ])('lists %s → %s', (key, sub) => {
    expect(table.entries.get(key)).toContain(sub);
  });

  it('records how it was made', () => {
    const file = JSON.parse(readFileSync(join(ROOT, 'pipeline', 'eval', 'noise-table.json'), 'utf8'));
    expect(file.generator).toBe('scripts/build-noise-table.ts');
    expect(file.characters.source).toMatch(/^nodejieba .* dict\/jieba\.dict\.utf8$/);
    expect(file.characters.count).toBe(3500);
    expect(file.pinyin).toMatch(/^pinyin-pro /);
    expect(file.rules.join('\n')).toMatch(/zh<->z/);
  });

  it('is read by evaluation only: no detector, matcher or lexicon code imports it', () => {
    const offenders: string[] = [];
    const walk = (dir: string) => {
      for (const name of readdirSync(dir)) {
        const path = join(dir, name);
        if (statSync(path).isDirectory()) {
          if (path !== join(ROOT, 'pipeline', 'eval')) walk(path);
        } else if (
          /\.(ts|tsx|js)$/.test(name) &&
          /noise-table|eval\/noise/.test(readFileSync(path, 'utf8'))
        ) {
          offenders.push(relative(ROOT, path));
        }
      }
    };
    for (const dir of ['pipeline', 'lexicons', 'models', 'api']) walk(join(ROOT, dir));
    expect(offenders).toEqual([]);
  });
});

describe('addAsrNoise', () => {
  const call = transcript(SENTENCES);

  it('is deterministic per seed and differs between seeds', () => {
    const a = addAsrNoise(call, 42);
    expect(addAsrNoise(call, 42)).toEqual(a);
    const b = addAsrNoise(call, 43);
    expect(b.utterances.map((u) => u.text)).not.toEqual(a.utterances.map((u) => u.text));
  });

  it('noises each utterance independently of the others', () => {
    const edited = transcript(
      SENTENCES.map((s, i) => (i === 3 ? '这一句被改写过了，别的句子不应该跟着变。' : s)),
    );
    const a = addAsrNoise(call, 7).utterances;
    const b = addAsrNoise(edited, 7).utterances;
    expect(b.filter((_, i) => i !== 3)).toEqual(a.filter((_, i) => i !== 3));
    // …and the call id is part of the key: the same text in another call gets other noise.
    const other = addAsrNoise(transcript(SENTENCES, 'crm-test-002'), 7).utterances;
    expect(other.map((u) => u.text)).not.toEqual(a.map((u) => u.text));
  });

  it('keeps ids, speakers and times and leaves the input untouched', () => {
    const before = structuredClone(call);
    const noisy = addAsrNoise(call, 1);
    expect(call).toEqual(before);
    expect(noisy.utterances.map(({ text: _, ...rest }) => rest)).toEqual(
      call.utterances.map(({ text: _, ...rest }) => rest),
    );
    expect({ ...noisy, utterances: [] }).toEqual({ ...call, utterances: [] });
  });

  it('removes every punctuation character', () => {
    const mixed = transcript([
      '“这个”——您看，行吗？',
      '好的……我再想想!（其实）《合同》要改。',
      'OK, let’s talk: 4K 画质、3.5 寸屏；对吧?',
    ]);
    for (const seed of [1, 2, 3]) {
      for (const u of addAsrNoise(mixed, seed).utterances) expect(u.text).not.toMatch(/\p{P}/u);
    }
  });

  it('never leaves an utterance empty', () => {
    const short = transcript(['嗯。', '好', '对对对！']);
    for (let seed = 0; seed < 20; seed++) {
      const noisy = addAsrNoise(short, seed, { deletionRate: 1, fillerRate: 0 });
      expect(noisy.utterances.map((u) => u.text)).toEqual(['嗯', '好', '对']);
    }
    // An utterance of punctuation alone stays as written, like the unpunctuated mode.
    expect(addAsrNoise(transcript(['……']), 1).utterances[0]!.text).toBe('……');
  });

  it('refuses a seed that is not an integer', () => {
    expect(() => addAsrNoise(call, 1.5)).toThrow(/seed must be an integer/);
    expect(() => addAsrNoise(call, Number.NaN)).toThrow(/seed must be an integer/);
  });
});

describe('noiseText rates', () => {
  // About 11,000 characters: the sentences in many orders, so no rate rides on one phrase.
  const random = createRandom('corpus');
  const long = Array.from({ length: 20 }, () => [...SENTENCES].sort(() => random() - 0.5).join('')).join('');
  const chars = [...long];
  const content = chars.filter((c) => !/\p{P}/u.test(c));
  const eligible = content.filter((c) => table.entries.has(c));
  const { text, edits } = noiseText(long, createRandom('rates'));
  const of = <K extends NoiseEdit['kind']>(kind: K) =>
    edits.filter((e): e is Extract<NoiseEdit, { kind: K }> => e.kind === kind);

  it('replaces 10 % ± 2 % of the characters that have table entries, each by one of its entries', () => {
    expect(eligible.length).toBeGreaterThan(6000);
    const subs = of('substitute');
    expect(subs.length / eligible.length).toBeGreaterThan(0.08);
    expect(subs.length / eligible.length).toBeLessThan(0.12);
    for (const s of subs) {
      expect(chars[s.index]).toBe(s.from);
      expect(table.entries.get(s.from)).toContain(s.to);
    }
  });

  it('prefers the first-listed substitutes', () => {
    const rank = (e: Extract<NoiseEdit, { kind: 'substitute' }>) => table.entries.get(e.from)!.indexOf(e.to);
    const subs = of('substitute').filter((e) => table.entries.get(e.from)!.length >= 4);
    const first = subs.filter((e) => rank(e) === 0).length;
    const second = subs.filter((e) => rank(e) === 1).length;
    const last = subs.filter((e) => rank(e) === table.entries.get(e.from)!.length - 1).length;
    expect(first).toBeGreaterThan(second);
    expect(second).toBeGreaterThan(last);
  });

  it('deletes 2 % ± 1 % of the characters', () => {
    const deleted = of('delete');
    expect(deleted.length / content.length).toBeGreaterThan(0.01);
    expect(deleted.length / content.length).toBeLessThan(0.03);
  });

  it('inserts about one filler per 15 characters, from the filler list', () => {
    const fillers = of('filler');
    expect(fillers.length / content.length).toBeGreaterThan(1 / 20);
    expect(fillers.length / content.length).toBeLessThan(1 / 12);
    for (const f of fillers) expect(DEFAULT_FILLERS).toContain(f.filler);
  });

  it('is the input with exactly those edits applied', () => {
    const rebuilt: string[] = [];
    const at = new Map<number, NoiseEdit[]>();
    for (const e of edits) at.set(e.index, [...(at.get(e.index) ?? []), e]);
    chars.forEach((c, i) => {
      if (/\p{P}/u.test(c)) return;
      let out: string | undefined = c;
      for (const e of at.get(i) ?? []) {
        if (e.kind === 'filler') rebuilt.push(e.filler);
        else if (e.kind === 'delete') out = undefined;
        else out = e.to;
      }
      if (out !== undefined) rebuilt.push(out);
    });
    expect(text).toBe(rebuilt.join(''));
  });

  it('puts fillers only at word boundaries when given a segmenter', () => {
    // A stand-in segmenter: words of two characters.
    const cut = (s: string) => s.match(/[\s\S]{1,2}/gu) ?? [];
    const plain = '我们下周二把报价单和试点方案一起发给刘主任看一下';
    const { edits: e } = noiseText(plain, createRandom('cut'), { cut, fillerRate: 0.5, deletionRate: 0 });
    const fillerAt = e.filter((x) => x.kind === 'filler').map((x) => x.index);
    expect(fillerAt.length).toBeGreaterThan(3);
    for (const i of fillerAt) expect(i % 2).toBe(0);
  });
});

describe('eval --noise', () => {
  const calls: LabelledCall[] = [
    {
      name: 'c1',
      transcript: transcript(SENTENCES.slice(0, 4)),
      gold: parseGold({ utterances: { u2: ['objection.price'] } }, 'c1.gold.json'),
    },
  ];
  // A stand-in analyzer: a price objection wherever an utterance has 吧.
  const analyze = (t: Transcript) =>
    ({
      utterances: t.utterances,
      findings: t.utterances
        .filter((u) => u.text.includes('吧'))
        .map((u) => ({ id: `f-${u.id}`, label: 'objection.price', utteranceId: u.id, span: [0, 1] })),
      tags: [],
    }) as unknown as CallAnalysis;

  it('adds a noisy mode scored against the unchanged gold labels', async () => {
    const gold = structuredClone(calls[0]!.gold);
    const seen: string[] = [];
    const { report } = await evaluateCalls(calls, analyze, {
      noisy: (t, c) => {
        seen.push(c.name);
        return { ...t, utterances: t.utterances.map((u) => ({ ...u, text: u.text.replace('吧', '') })) };
      },
    });
    expect(seen).toEqual(['c1']);
    expect(calls[0]!.gold).toEqual(gold);
    expect(Object.keys(report.modes)).toEqual(['punctuated', 'unpunctuated', 'noisy']);
    expect(report.modes.punctuated.objection).toEqual({ precision: 1, recall: 1, f1: 1 });
    expect(report.modes.noisy!.objection).toEqual({ precision: 0, recall: 0, f1: 0 });
    const table = renderEvalTable(report, 9);
    expect(table.split('\n')[1]).toMatch(/无标点 unpunctuated +噪声 noisy \(seed 9\)$/);
  });

  it('keeps the report as before without noise', async () => {
    const { report, cases } = await evaluateCalls(calls, analyze);
    expect(Object.keys(report.modes)).toEqual(['punctuated', 'unpunctuated']);
    expect(Object.keys(cases)).toEqual(['punctuated', 'unpunctuated']);
    expect(renderEvalTable(report).split('\n')[1]).toMatch(/有标点 punctuated +无标点 unpunctuated$/);
  });

  it.each(['abc', '1.5', '', '1e3', '99999999999999999999'])('refuses --noise %j naming the flag', (v) => {
    expect(() => parseNoiseSeed(v)).toThrow(/--noise needs an integer seed/);
  });

  it.each([
    ['7', 7],
    ['-3', -3],
    [' 12 ', 12],
  ])('reads --noise %j as %d', (v, seed) => {
    expect(parseNoiseSeed(v)).toBe(seed);
  });
});
