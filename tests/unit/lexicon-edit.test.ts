import { describe, expect, it } from 'vitest';
import {
  addTerm,
  applyChange,
  decodeText,
  diffTerms,
  parseCsvRows,
  termsFromCsv,
  termsToCsv,
  validateTerm,
} from '../../lexicons/lexicon.edit.js';
import type { LexiconDocument } from '../../lexicons/lexicon.schema.js';

const DOC: LexiconDocument = {
  industry: 'medical_devices',
  name: '医疗器械',
  terms: [
    { term: '手术室空间限制', category: 'need', synonyms: ['手术间太小'], weight: 2 },
    { term: '联影', category: 'competitor' },
  ],
};
/** 排班混乱 encoded as GBK. */
const GBK_WORD = Buffer.from([0xc5, 0xc5, 0xb0, 0xe0, 0xbb, 0xec, 0xc2, 0xd2]);

describe('lexicon editing (pure)', () => {
  it.each([
    ['a valid need', { term: '净高不足', category: 'need' }, []],
    ['an empty term', { term: '', category: 'need' }, ['must not be empty']],
    ['10,000 characters', { term: '长'.repeat(10_000), category: 'need' }, ['at most 24', '(10000 chars)']],
    ['a control character', { term: '净高\u0007不足', category: 'need' }, ['"净高\\u0007不足"']],
    ['a space', { term: '净高 不足', category: 'need' }, ['may only contain']],
    ['a base category', { term: '净高不足', category: 'opening.intro' }, ['base lexicon']],
  ])('validates %s', (_name, term, expected) => {
    const messages = validateTerm(term)
      .map((p) => p.message)
      .join(' | ');
    if (expected.length === 0) expect(messages).toBe('');
    for (const e of expected) expect(messages).toContain(e);
  });

  it('adds a term, refuses duplicates and conflicting synonyms, applies change requests', () => {
    const next = addTerm(DOC, { term: '净高不足', category: 'need' });
    expect(next.terms.map((t) => t.term)).toEqual(['手术室空间限制', '联影', '净高不足']);
    expect(() => addTerm(DOC, { term: '手术间太小', category: 'need' })).toThrow(
      /synonym of "手术室空间限制"/,
    );
    const withSyn = applyChange(DOC, { op: 'add_synonym', term: '手术室空间限制', synonym: '净高' });
    expect(withSyn.terms[0]!.synonyms).toEqual(['手术间太小', '净高']);
    expect(() => applyChange(DOC, { op: 'add_synonym', term: '不存在', synonym: '净高' })).toThrow(/no term/);
    expect(applyChange(DOC, { op: 'remove_term', term: '联影' }).terms).toHaveLength(1);
    expect(diffTerms(DOC, withSyn)).toEqual({
      added: [],
      removed: [],
      changed: [{ term: '手术室空间限制', before: DOC.terms[0], after: withSyn.terms[0] }],
    });
  });

  it('reads CSV with quotes and CRLF, writes it back, detects GBK and refuses mixed encodings', () => {
    expect(parseCsvRows('a,"b,""c"""\r\n1,2\n')).toEqual([
      ['a', 'b,"c"'],
      ['1', '2'],
    ]);
    const csv = termsToCsv(DOC);
    expect(csv.startsWith('\uFEFFterm,category,synonyms')).toBe(true);
    expect(termsFromCsv(Buffer.from(csv, 'utf8')).terms).toEqual(DOC.terms);
    expect(decodeText(Buffer.concat([Buffer.from('term\n'), GBK_WORD]))).toEqual({
      text: 'term\n排班混乱',
      encoding: 'gbk',
    });
    expect(() => decodeText(Buffer.concat([GBK_WORD, Buffer.from('\n人手不足\n', 'utf8')]))).toThrow(
      /lines 2 are UTF-8 but lines 1 are not/,
    );
    expect(() => termsFromCsv(Buffer.from('词,类\n'))).toThrow(/header/);
  });
});
