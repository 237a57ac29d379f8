import { describe, expect, it } from 'vitest';
import { characterErrorRate } from '../../pipeline/audio/cer.js';
import { collapseLoops, guardSegments } from '../../pipeline/audio/hallucination.guard.js';
import { mergeSegments, type SpokenSegment } from '../../pipeline/audio/merge.core.js';
import {
  assignChannelRoles,
  assignMonoRoles,
  LOW_SPEAKER_CONFIDENCE,
  roleEvidence,
} from '../../pipeline/audio/speaker-roles.core.js';
import { buildWhisperPrompt, PROMPT_STYLE } from '../../pipeline/audio/whisper-prompt.js';
import { toSimplifiedChinese } from '../../pipeline/audio/zh-text.js';
import { shippedLexicons } from '../helpers/runtime.js';

const seg = (start: number, end: number, text: string) => ({ start, end, text });

describe('toSimplifiedChinese (whisper output → the analysis’ Chinese)', () => {
  it.each([
    [
      '您好，我是華康醫療的小張，想跟您介紹一下我們的腔鏡系統。',
      '您好，我是华康医疗的小张，想跟您介绍一下我们的腔镜系统。',
    ],
    ['這個價格太貴了, 我們再考慮一下吧?', '这个价格太贵了，我们再考虑一下吧？'],
    ['我们 手术室 空间 限制 很大.', '我们手术室空间限制很大。'],
    ['软件 支持 CRM 和 ERP 对接!', '软件支持 CRM 和 ERP 对接！'],
    ['  预算是3.5万  ', '预算是3.5万'],
    ['資訊系統的軟體', '信息系统的软件'],
  ])('%s → %s', (input, expected) => {
    expect(toSimplifiedChinese(input)).toBe(expected);
  });
});

describe('hallucination guards', () => {
  // Voiced from 0 to 12 s, silent after (a call whose tail is line silence).
  const voiced = (a: number, b: number) => (b <= 12_000 ? 1 : a >= 12_000 ? 0 : (12_000 - a) / (b - a));

  it('drops silence phrases on silent stretches, credits everywhere, and repeated loops', () => {
    const input = [
      seg(0, 2500, '您好，我是华康医疗的小张。'),
      seg(2600, 5000, '想跟您介绍一下我们的腔镜系统。'),
      seg(5000, 7000, '想跟您介绍一下我们的腔镜系统。'),
      seg(7000, 9000, '想跟您介绍一下我们的腔镜系统。'),
      seg(9000, 11_000, '谢谢，您先看看资料。'),
      seg(11_500, 12_000, '谢谢'),
      seg(13_000, 16_000, '谢谢观看'),
      seg(16_000, 20_000, '字幕由Amara.org社区提供'),
      seg(20_000, 24_000, '请不吝点赞 订阅 转发 打赏支持明镜与点点栏目'),
      seg(24_000, 26_000, '   '),
    ];
    const { segments, stats } = guardSegments(input, voiced, 30_000);
    expect(segments.map((s) => s.text)).toEqual([
      '您好，我是华康医疗的小张。',
      '想跟您介绍一下我们的腔镜系统。',
      '谢谢，您先看看资料。',
      '谢谢',
    ]);
    expect(stats).toEqual({ kept: 4, hallucinations: 3, repeats: 2, empty: 1 });
  });

  it('keeps 谢谢观看-like phrases where there is speech, and short answers that repeat', () => {
    const { segments } = guardSegments(
      [
        seg(0, 1000, '感谢观看我们的演示视频。'),
        seg(1200, 1500, '好的'),
        seg(1600, 1900, '好的'),
        seg(2000, 2300, '对'),
      ],
      () => 1,
      5000,
    );
    expect(segments.map((s) => s.text)).toEqual(['感谢观看我们的演示视频。', '好的', '好的', '对']);
  });

  it('collapses a phrase looping inside one segment and clamps times to the audio', () => {
    expect(collapseLoops('好的好的好的好的好的好的，那我下周过去。')).toBe('好的好的，那我下周过去。');
    expect(collapseLoops('对对对')).toBe('对对对');
    const { segments } = guardSegments([seg(9000, 12_500, '那我们下周三见。')], () => 1, 10_000);
    expect(segments).toEqual([seg(9000, 10_000, '那我们下周三见。')]);
  });
});

describe('mergeSegments (two channels → one utterance list)', () => {
  const rep = (start: number, end: number, text: string): SpokenSegment => ({
    start,
    end,
    text,
    speaker: 'rep',
    confidence: null,
  });
  const cus = (start: number, end: number, text: string): SpokenSegment => ({
    start,
    end,
    text,
    speaker: 'customer',
    confidence: null,
  });

  it('sorts by time, joins a speaker’s adjacent segments into one turn and keeps overlaps', () => {
    const merged = mergeSegments([
      // channel 1 (customer) listed first: input order does not matter
      cus(5200, 8000, '方便，你说吧。'),
      cus(9900, 10_400, '嗯'),
      cus(14_000, 17_500, '价格太贵了，预算不够'),
      rep(0, 2400, '王主任您好，我是华康医疗的小张'),
      rep(2500, 4800, '您现在方便吗？'),
      rep(8300, 13_000, '我们这套腔镜系统在三甲医院装了三十多台'),
      rep(13_100, 13_800, '您看'),
      rep(16_500, 19_000, '理解，我们也有租赁方案。'),
    ]);
    expect(merged).toEqual([
      {
        id: 'u1',
        speaker: 'rep',
        start: 0,
        end: 4800,
        text: '王主任您好，我是华康医疗的小张，您现在方便吗？',
        speakerConfidence: null,
      },
      {
        id: 'u2',
        speaker: 'customer',
        start: 5200,
        end: 8000,
        text: '方便，你说吧。',
        speakerConfidence: null,
      },
      {
        id: 'u3',
        speaker: 'rep',
        start: 8300,
        end: 13_000,
        text: '我们这套腔镜系统在三甲医院装了三十多台',
        speakerConfidence: null,
      },
      // the backchannel inside the rep's turn is its own (overlapping) utterance
      { id: 'u4', speaker: 'customer', start: 9900, end: 10_400, text: '嗯', speakerConfidence: null },
      { id: 'u5', speaker: 'rep', start: 13_100, end: 13_800, text: '您看', speakerConfidence: null },
      {
        id: 'u6',
        speaker: 'customer',
        start: 14_000,
        end: 17_500,
        text: '价格太贵了，预算不够',
        speakerConfidence: null,
      },
      {
        id: 'u7',
        speaker: 'rep',
        start: 16_500,
        end: 19_000,
        text: '理解，我们也有租赁方案。',
        speakerConfidence: null,
      },
    ]);
  });

  it('keeps the lowest confidence of joined segments and rounds times', () => {
    const merged = mergeSegments([
      { start: 0.4, end: 1000.6, text: '喂，你好', speaker: 'customer', confidence: 0.9 },
      { start: 1100, end: 2000, text: '哪位？', speaker: 'customer', confidence: 0.62 },
    ]);
    expect(merged).toEqual([
      {
        id: 'u1',
        speaker: 'customer',
        start: 0,
        end: 2000,
        text: '喂，你好，哪位？',
        speakerConfidence: 0.62,
      },
    ]);
  });
});

describe('speaker roles from the text (mono and unmapped stereo)', () => {
  const lexicon = shippedLexicons().get('medical_devices');

  it('scores rep cues positive and customer cues negative', () => {
    expect(
      roleEvidence('王主任您好，我是华康医疗的小张，想跟您介绍一下我们的腔镜系统。', lexicon),
    ).toBeGreaterThan(3);
    expect(roleEvidence('你们这个价格太贵了，我们医院今年预算不够。', lexicon)).toBeLessThan(-2);
    expect(roleEvidence('嗯。', lexicon)).toBe(0);
  });

  it('attributes a realistic mono call turn by turn, with confidence', () => {
    const segments = [
      seg(0, 1200, '喂，你好，哪位？'),
      seg(1500, 6000, '王主任您好，我是华康医疗的小张，想跟您介绍一下我们的腔镜系统，您现在方便吗？'),
      seg(6400, 9000, '你说吧，我们手术室空间太小了，新设备放不下。'),
      seg(9400, 14_000, '理解，我们这套是壁挂式的，不占地面空间，三甲医院装了三十多台。'),
      seg(14_500, 17_000, '价格太贵了吧，我们今年预算不够。'),
      seg(17_300, 21_000, '我们也有租赁方案，下周三我带样机过去给您演示，您看可以吗？'),
      seg(21_400, 22_000, '可以。'),
    ];
    const out = assignMonoRoles(segments, lexicon);
    expect(out.map((s) => s.speaker)).toEqual([
      'customer',
      'rep',
      'customer',
      'rep',
      'customer',
      'rep',
      'customer',
    ]);
    for (const s of out) expect(s.confidence).toBeGreaterThanOrEqual(LOW_SPEAKER_CONFIDENCE);
    // The bare 可以 carries no cue: only turn-taking after a question decides it, so it is the least sure.
    expect(out[6]!.confidence).toBe(Math.min(...out.map((s) => s.confidence)));
  });

  it('is unsure (0.5) when nothing tells the speakers apart', () => {
    const out = assignMonoRoles([seg(0, 1000, '嗯'), seg(1000, 2000, '嗯')], lexicon);
    expect(out.map((s) => s.confidence)).toEqual([0.5, 0.5]);
  });

  it('finds the rep channel of an unmapped stereo call', () => {
    const customer = [
      seg(0, 2000, '喂，哪位？'),
      seg(6000, 9000, '价格太贵了，我们预算不够，再考虑一下吧。'),
    ];
    const repSide = [seg(2200, 5800, '您好，我是华康医疗的小张，给您介绍一下我们的腔镜系统。')];
    const r = assignChannelRoles([customer, repSide], lexicon);
    expect(r.roles).toEqual(['customer', 'rep']);
    expect(r.confidence).toBeGreaterThan(0.95);
  });
});

describe('whisper prompt', () => {
  it('asks for simplified, punctuated Mandarin and carries the industry’s top terms', () => {
    const prompt = buildWhisperPrompt(shippedLexicons().get('saas'));
    expect(prompt.startsWith(PROMPT_STYLE)).toBe(true);
    expect(prompt).toContain('本次通话涉及企业SaaS，常见词汇：CRM、');
    const hints = prompt.slice(prompt.indexOf('常见词汇：') + 5, -1).split('、');
    expect(hints.join('、').length).toBeLessThanOrEqual(80);
    expect(new Set(hints).size).toBe(hints.length);
    expect(hints.length).toBeGreaterThan(8);
  });
});

describe('character error rate (eval:asr)', () => {
  it.each([
    ['甚至出现交易几乎停滞的情况', '甚至出现交易几乎停滞的情况。', 0, 13],
    ['换一首歌', '換一首歌！', 0, 4],
    ['我有的时候说不清楚你们知道吗', '我有时候说不清楚，你们知道吗？', 1, 14],
    ['换一首歌', '换首哥', 2, 4],
    ['换一首歌', '', 4, 4],
  ])('%s vs %s: %i edits of %i characters', (reference, hypothesis, edits, chars) => {
    expect(characterErrorRate(reference, hypothesis)).toEqual({ edits, chars, cer: edits / chars });
  });
});
