import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compileLexicon } from '../../lexicons/lexicon.compile.js';
import { defaultLexiconDir, LexiconRegistry } from '../../lexicons/lexicon.registry.js';
import { parseTranscript } from '../../models/transcript.js';
import { Analyzer } from '../../pipeline/analyzer.js';
import { loadSecondStage } from '../../pipeline/learned/second-stage.js';
import { createJiebaSegmenter } from '../../pipeline/nlp/jieba.js';
import { normalizeText } from '../../pipeline/nlp/normalize.js';
import { segmentText } from '../../pipeline/nlp/segment.js';
import { shippedAnalyzer, shippedLexicons, transcript } from '../helpers/runtime.js';

const STORY = transcript('medical_devices', [
  ['rep', '王主任您好，我是华康医疗的小林，想跟您聊聊腔镜手术系统，您现在方便吗？'],
  ['customer', '方便，你说吧。'],
  ['rep', '我们这套腔镜系统是4K的，带荧光导航，三甲医院装了很多。'],
  ['customer', '东西不错，就是我们手术室空间限制太大了，新设备很难摆进去。'],
  ['rep', '我们的价格也很有优势，今年还有补贴。'],
  ['customer', '价格是一方面吧。'],
  ['rep', '那我下周三带资料过去给您看看？'],
]);

describe('analysis of a call', () => {
  it('finds the story: 手术室空间限制 is an implicit need the rep missed', () => {
    const a = shippedAnalyzer().analyze(parseTranscript(STORY));
    const need = a.findings.find((f) => f.label === 'need.implicit' && f.utteranceId === 'u4');
    expect(need).toMatchObject({
      term: '手术室空间限制',
      identified: false,
      identifiedBy: null,
      rule: 'need.industry-term',
    });
    expect(a.coaching.map((c) => [c.kind, c.utteranceId])).toContainEqual(['missed_need', 'u4']);
    const item = a.scoreItems.find((i) => i.id === 'implicit_needs_identified');
    expect(item).toMatchObject({ value: 0, score: 0, findingIds: [need!.id] });
  });

  it('is deterministic: same input and lexicon version give byte-identical JSON', () => {
    const t = parseTranscript(STORY);
    const one = JSON.stringify(shippedAnalyzer().analyze(t));
    const two = JSON.stringify(shippedAnalyzer(LexiconRegistry.fromDirectory()).analyze(t));
    expect(one).toBe(two);
  });

  it('every finding carries id, span in code points, rule, term, lexicon version and confidence', () => {
    const a = shippedAnalyzer().analyze(parseTranscript(STORY));
    expect(a.findings.length).toBeGreaterThan(5);
    for (const f of a.findings) {
      const u = a.utterances.find((x) => x.id === f.utteranceId)!;
      expect(f.id).toMatch(/^f-[0-9a-f]{16}$/);
      expect(f.span[0]).toBeGreaterThanOrEqual(0);
      expect(f.span[1]).toBeLessThanOrEqual([...u.text].length);
      expect(f.span[1]).toBeGreaterThan(f.span[0]);
      expect(f.lexiconVersion).toBe(a.lexiconVersion);
      expect(f.confidence).toBeGreaterThan(0);
      expect(f.confidence).toBeLessThanOrEqual(1);
      expect(typeof f.rule).toBe('string');
    }
  });

  it('spans count code points, so emoji before a finding do not shift it', () => {
    const a = shippedAnalyzer().analyze(
      parseTranscript(transcript('saas', [['customer', '😀😀你们这个太贵了，预算不够']])),
    );
    const price = a.findings.find((f) => f.label === 'objection.price')!;
    expect([...'😀😀你们这个太贵了，预算不够'].slice(price.span[0], price.span[1]).join('')).toBe('太贵了');
  });

  it('a new lexicon version takes effect in the running process, and finding ids survive it', () => {
    const lexicons = LexiconRegistry.fromDirectory();
    const analyzer = new Analyzer({ lexicons, lexiconDir: defaultLexiconDir(), cut: createJiebaSegmenter() });
    const call = parseTranscript(
      transcript('medical_devices', [
        ['rep', '您好，我是华康医疗的小林。'],
        ['customer', '我们导管室地方局促。'],
        ['rep', '我们的产品很好。'],
      ]),
    );
    const before = analyzer.analyze(call);
    expect(before.findings.some((f) => f.label === 'need.implicit')).toBe(false);
    const overlay = lexicons.overlay('medical_devices')!;
    const published = lexicons.publish({
      ...overlay,
      terms: [...overlay.terms, { term: '导管室地方局促', category: 'need' }],
    });
    const after = analyzer.analyze(call);
    expect(after.lexiconVersion).toBe(published.versionId);
    expect(published.versionId).toMatch(/^medical_devices@2\+/);
    const need = after.findings.find((f) => f.label === 'need.implicit');
    expect(need).toMatchObject({ term: '导管室地方局促', lexiconVersion: published.versionId });
    // Findings that did not change keep their ids across versions.
    const common = before.findings.filter((f) => after.findings.some((g) => g.id === f.id));
    expect(common.length).toBe(before.findings.length);
  });

  it('merges lexicon terms into single tokens without reloading jieba', () => {
    const lex = shippedLexicons().get('medical_devices');
    const tokens = segmentText(normalizeText('我们手术室空间限制挺大的').text, lex, createJiebaSegmenter());
    expect(tokens.map((t) => t.text)).toEqual(['我们', '手术室空间限制', '挺大', '的']);
    const plain = compileLexicon(
      shippedLexicons().baseDocument(),
      { industry: 'x', name: 'x', terms: [{ term: '占位', category: 'need' }] },
      1,
    );
    expect(segmentText('我们手术室空间限制挺大的', plain, createJiebaSegmenter()).map((t) => t.text)).toEqual(
      ['我们', '手术室', '空间', '限制', '挺大', '的'],
    );
  });

  it('handles non-Chinese text and emoji without crashing or inventing findings', () => {
    const a = shippedAnalyzer().analyze(
      parseTranscript(
        transcript('retail', [
          ['rep', 'Hello, this is Tom from ShopCloud 👋'],
          ['customer', 'OK 👍'],
        ]),
      ),
    );
    expect(a.findings.filter((f) => f.label !== 'question.closed')).toEqual([]);
    expect(a.total).not.toBeNull();
  });
});

describe('normalisation', () => {
  it('converts traditional to simplified and full width to half width, keeping length', () => {
    const n = normalizeText('請問貴院手術室多大？ＡＢＣ１２３');
    expect(n.text).toBe('请问贵院手术室多大?ABC123');
    expect(n.text.length).toBe([...'請問貴院手術室多大？ＡＢＣ１２３'].length);
  });

  it('replaces astral characters with one placeholder unit', () => {
    expect(normalizeText('好😀的').text).toBe('好\uFFFC的');
  });
});

describe('learned second stage', () => {
  it('finds the story need no rule knows, as a model finding with its probability and readable n-grams', () => {
    const story = parseTranscript(
      JSON.parse(readFileSync(new URL('../fixtures/story/med-or-ceiling.json', import.meta.url), 'utf8')),
    );
    const lexicons = shippedLexicons();
    const rules = new Analyzer({
      lexicons,
      lexiconDir: defaultLexiconDir(),
      cut: createJiebaSegmenter(),
    }).analyze(story);
    expect(rules.findings.some((f) => f.label === 'need.implicit')).toBe(false);
    expect(rules.secondStageVersion).toBeNull();
    const stage = loadSecondStage();
    const withModel = new Analyzer({
      lexicons,
      lexiconDir: defaultLexiconDir(),
      cut: createJiebaSegmenter(),
      secondStage: stage,
    }).analyze(story);
    const need = withModel.findings.find((f) => f.label === 'need.implicit');
    expect(need).toMatchObject({ utteranceId: 'u4', rule: 'model.need.implicit', identifiedBy: 'u5' });
    expect(need!.confidence).toBeLessThan(0.7);
    expect(need!.probability).toBeGreaterThanOrEqual(stage.thresholdOf('need.implicit'));
    expect(need!.modelEvidence!.length).toBeGreaterThan(0);
    for (const e of need!.modelEvidence!) expect(e.text).not.toMatch(/^[我们你的了是]+$/);
    expect(withModel.secondStageVersion).toBe(stage.version);
  });
});
