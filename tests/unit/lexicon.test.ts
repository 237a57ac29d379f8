import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileLexicon, hashLexiconContent } from '../../lexicons/lexicon.compile.js';
import { parseLexiconYaml } from '../../lexicons/lexicon.loader.js';
import { defaultLexiconDir, LexiconRegistry } from '../../lexicons/lexicon.registry.js';
import type { LexiconDocument } from '../../lexicons/lexicon.schema.js';
import { buildTermMatcher, selectLongestLeftmost } from '../../lexicons/term-matcher.js';
import { AppError } from '../../models/errors.js';

const base: LexiconDocument = {
  industry: 'base',
  name: '测试基础',
  terms: [],
  markers: { 'need.pain': ['问题', '麻烦'], 'objection.price': ['太贵'] },
  stopwords: ['的'],
};
const overlay = (terms: LexiconDocument['terms']): LexiconDocument => ({
  industry: 'demo',
  name: '演示',
  terms,
});

describe('term matcher (Aho-Corasick)', () => {
  it('finds every occurrence, overlapping ones included, with code-unit offsets', () => {
    const m = buildTermMatcher(['手术室', '手术室空间限制', '空间', '限制']);
    const hits = m.findAll('我们手术室空间限制大');
    expect(hits.map((h) => [h.start, h.end, h.pattern])).toEqual([
      [2, 9, 1],
      [2, 5, 0],
      [5, 7, 2],
      [7, 9, 3],
    ]);
    expect(selectLongestLeftmost(hits).map((h) => h.pattern)).toEqual([1]);
  });

  it('handles suffix outputs through dictionary links', () => {
    const m = buildTermMatcher(['he', 'she', 'his', 'hers']);
    expect(m.findAll('ushers').map((h) => `${h.start}-${h.end}`)).toEqual(['1-4', '2-6', '2-4']);
  });
});

describe('lexicon files', () => {
  it('all 21 shipped industry lexicons load, each with at least 200 terms (inherited ones included), the bases not among them', () => {
    const registry = LexiconRegistry.fromDirectory();
    expect(registry.industries()).toEqual([
      'agriculture',
      'auto_parts',
      'building_materials',
      'chemicals',
      'commercial_real_estate',
      'education_equipment',
      'finance',
      'fmcg',
      'hr_services',
      'it_infrastructure',
      'logistics',
      'manufacturing',
      'marketing_services',
      'medical_devices',
      'new_energy',
      'pharma',
      'precision_machining',
      'retail',
      'saas',
      'security_systems',
      'telecom_enterprise',
    ]);
    for (const industry of registry.industries()) {
      // inherited terms count: a shared base's terms live once, in the base
      expect(registry.overlay(industry)!.terms.length).toBeGreaterThanOrEqual(199);
      expect(registry.get(industry).versionId).toMatch(new RegExp(`^${industry}@1\\+[0-9a-f]{12}$`));
    }
  });

  it('medical_devices knows 手术室空间限制 as a need', () => {
    const lex = LexiconRegistry.fromDirectory().get('medical_devices');
    const hit = lex.findTerms('主要是手术室空间限制太大').find((t) => t.entry.surface === '手术室空间限制');
    expect(hit?.entry.category).toBe('need');
  });

  it('names file, line and term for an invalid term', () => {
    const yaml = [
      'industry: demo',
      'name: 演示',
      'terms:',
      '  - term: 好词',
      '    category: need',
      '  - term: 坏 词',
      '    category: need',
      '',
    ].join('\n');
    try {
      parseLexiconYaml(yaml, 'demo.yaml');
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(AppError);
      expect((err as AppError).message).toContain(
        'demo.yaml:6 terms[1].term: term "坏 词": may only contain',
      );
    }
  });

  it('rejects duplicates and conflicting categories, and unknown categories', () => {
    const dup = [
      'industry: demo',
      'name: 演示',
      'terms:',
      '  - { term: 排队, category: need }',
      '  - { term: 等很久, category: need, synonyms: [排队] }',
      '',
    ].join('\n');
    expect(() => parseLexiconYaml(dup, 'd.yaml')).toThrow(
      /d\.yaml:5 terms\[1\]\.synonyms\[0\]: "排队" is a duplicate of terms\[0\]/,
    );
    const conflict = [
      'industry: demo',
      'name: 演示',
      'terms:',
      '  - { term: 太贵, category: need }',
      '  - { term: 太贵了, category: objection.price, synonyms: [太贵] }',
      '',
    ].join('\n');
    expect(() => parseLexiconYaml(conflict, 'c.yaml')).toThrow(
      /"太贵" conflicts: category objection\.price here, need at terms\[0\]/,
    );
    const unknown = [
      'industry: demo',
      'name: 演示',
      'terms:',
      '  - { term: 太贵, category: pricey }',
      '',
    ].join('\n');
    expect(() => parseLexiconYaml(unknown, 'u.yaml')).toThrow(/u\.yaml:4 terms\[0\]\.category/);
  });

  it('rejects malformed YAML with its line', () => {
    expect(() => parseLexiconYaml('industry: demo\nterms: [\n', 'm.yaml')).toThrow(/invalid lexicon m\.yaml/);
  });
});

describe('compiled lexicons', () => {
  it('fold synonyms to their concept and match ASCII case-insensitively on word boundaries', () => {
    const lex = compileLexicon(
      base,
      overlay([
        { term: 'CBCT', category: 'product', synonyms: ['锥形束CT'] },
        { term: 'DR', category: 'product' },
      ]),
      1,
    );
    expect(lex.fold('锥形束CT')).toBe('CBCT');
    expect(lex.findTerms('我们的cbct很好').map((t) => t.entry.concept)).toEqual(['CBCT']);
    expect(lex.findTerms('按DRG付费').map((t) => t.entry.surface)).toEqual([]);
  });

  it('version ids carry sequence and content hash; identical content hashes identically', () => {
    const a = compileLexicon(base, overlay([{ term: '排队', category: 'need' }]), 1);
    const b = compileLexicon(base, overlay([{ term: '排队', category: 'need' }]), 4);
    expect(a.hash).toBe(b.hash);
    expect(a.versionId).toBe(`demo@1+${a.hash.slice(0, 12)}`);
    expect(b.versionId).toBe(`demo@4+${a.hash.slice(0, 12)}`);
    expect(hashLexiconContent([base, overlay([{ term: '排长队', category: 'need' }])])).not.toBe(a.hash);
  });

  it('are immutable', () => {
    const lex = compileLexicon(base, overlay([{ term: '排队', category: 'need' }]), 1);
    expect(Object.isFrozen(lex)).toBe(true);
    expect(() => (lex.documents as unknown as unknown[]).push(1)).toThrow();
    expect(Object.isFrozen(lex.documents[1]!.terms[0])).toBe(true);
  });

  it('publish installs the next sequence without touching the old object', () => {
    const registry = new LexiconRegistry(base, [overlay([{ term: '排队', category: 'need' }])]);
    const v1 = registry.get('demo');
    const v2 = registry.publish(
      overlay([
        { term: '排队', category: 'need' },
        { term: '层高不够', category: 'need' },
      ]),
    );
    expect(v2.sequence).toBe(2);
    expect(registry.get('demo')).toBe(v2);
    expect(v1.findTerms('层高不够')).toEqual([]);
    expect(v2.findTerms('层高不够').map((t) => t.entry.category)).toEqual(['need']);
    // A rollback republishes old content under a new sequence.
    const v3 = registry.publish(overlay([{ term: '排队', category: 'need' }]));
    expect(v3.versionId).toBe(`demo@3+${v1.hash.slice(0, 12)}`);
  });

  it('unknown industries are an input error listing the known ones', () => {
    const registry = LexiconRegistry.fromDirectory();
    expect(() => registry.get('aerospace')).toThrow(
      /unknown industry "aerospace"; known: agriculture, auto_parts, building_materials/,
    );
  });

  it('check() refuses what get() refuses, without compiling anything', () => {
    const registry = LexiconRegistry.fromDirectory();
    expect(() => registry.check('aerospace')).toThrow(/unknown industry "aerospace"; known: agriculture/);
    expect(() => registry.check('manufacturing_base')).toThrow(
      /"manufacturing_base" is a shared base lexicon/,
    );
    expect(() => registry.check('medical_devices')).not.toThrow();
  });

  it('versionId() names every shipped lexicon exactly as compiling it does, shared bases included', () => {
    const named = LexiconRegistry.fromDirectory();
    const compiled = LexiconRegistry.fromDirectory();
    const ids = named.lexiconIds();
    expect(ids).toContain('manufacturing_base');
    const byName = ids.map((id) => named.versionId(id));
    const byCompiling = ids.map((id) =>
      compiled.has(id) ? compiled.get(id).versionId : compiled.compile(compiled.ownOverlay(id)!, 1).versionId,
    );
    expect(byName).toEqual(byCompiling);
    expect(named.versionId('medical_devices')).toMatch(/^medical_devices@1\+[0-9a-f]{12}$/);
    expect(() => named.versionId('aerospace')).toThrow(/unknown lexicon "aerospace"/);
  });

  it('versionId() follows a publication of the lexicon and of its parent', () => {
    const registry = LexiconRegistry.fromDirectory();
    const before = registry.versionId('auto_parts');
    const parent = registry.ownOverlay('manufacturing_base')!;
    registry.publish({ ...parent, terms: [...parent.terms, { term: '示例新词甲乙', category: 'product' }] });
    const after = registry.versionId('auto_parts');
    expect(after).not.toBe(before);
    expect(after).toMatch(/^auto_parts@1\+/);
    expect(after).toBe(registry.get('auto_parts').versionId);
    expect(registry.versionId('manufacturing_base')).toMatch(/^manufacturing_base@2\+/);
  });

  it('the shipped base file is the one in the lexicon folder', () => {
    expect(readFileSync(join(defaultLexiconDir(), 'base.yaml'), 'utf8')).toContain('markers:');
  });
});
