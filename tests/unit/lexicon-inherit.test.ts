import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createIndustryInferrer } from '../../lexicons/industry-inference.js';
import { resolveOverlay } from '../../lexicons/lexicon.inherit.js';
import { defaultLexiconDir, LexiconRegistry } from '../../lexicons/lexicon.registry.js';
import type { LexiconDocument, TTerm } from '../../lexicons/lexicon.schema.js';
import { lintLexicons, readLexiconForLint } from '../../lexicons/lexicon-lint.js';
import { AppError } from '../../models/errors.js';

const base: LexiconDocument = {
  industry: 'base',
  name: '基础',
  terms: [{ term: '价格', category: 'price_topic' }],
};

function doc(industry: string, terms: TTerm[], extra: Partial<LexiconDocument> = {}): LexiconDocument {
  return { industry, name: industry, terms, ...extra };
}

const parent = doc(
  'factory_base',
  [
    { term: '采购经理', category: 'approver', synonyms: ['采购部', '采购总监'] },
    { term: '国产替代', category: 'tag', tag: '国产替代', synonyms: ['国产化'] },
    { term: '同行业案例', category: 'case', synonyms: ['同行在用'] },
  ],
  { selectable: false },
);
const child = doc(
  'brakes',
  [
    { term: '刹车片', category: 'product', synonyms: ['制动片'] },
    // overrides the inherited term of the same surface: another category
    { term: '同行业案例', category: 'benefit' },
    // takes over an inherited synonym
    { term: '采购总监', category: 'approver', synonyms: ['采购VP'] },
  ],
  { extends: 'factory_base' },
);

describe('lexicon inheritance (extends:)', () => {
  it('a child sees its parent terms, each marked with the ancestor that defines it', () => {
    const registry = new LexiconRegistry(base, [parent, child]);
    const lex = registry.get('brakes');
    const found = lex
      .findTerms('采购部说国产化的刹车片可以')
      .map((o) => [o.entry.surface, o.entry.category, o.entry.source, o.entry.inheritedFrom ?? null]);
    expect(found).toEqual([
      ['采购部', 'approver', 'factory_base', 'factory_base'],
      ['国产化', 'tag', 'factory_base', 'factory_base'],
      ['刹车片', 'product', 'brakes', null],
    ]);
  });

  it('a child term overrides the inherited entry of the same surface (category, synonyms)', () => {
    const registry = new LexiconRegistry(base, [parent, child]);
    const lex = registry.get('brakes');
    expect(lex.lookup('同行业案例').map((e) => [e.category, e.source])).toEqual([['benefit', 'brakes']]);
    // the inherited 同行在用 went with the overridden term
    expect(lex.lookup('同行在用')).toEqual([]);
    expect(lex.lookup('采购总监').map((e) => [e.concept, e.source])).toEqual([['采购总监', 'brakes']]);
    expect(lex.lookup('采购部').map((e) => [e.concept, e.source])).toEqual([['采购经理', 'factory_base']]);
    const resolved = registry.overlay('brakes')!;
    expect(resolved.terms.find((t) => t.term === '采购经理')).toEqual({
      term: '采购经理',
      category: 'approver',
      synonyms: ['采购部'],
      inheritedFrom: 'factory_base',
    });
  });

  it('chains resolve recursively, the nearest definition winning', () => {
    const grand = doc('front_brakes', [{ term: '采购部', category: 'approver' }], { extends: 'brakes' });
    const resolved = resolveOverlay(grand, (id) => ({ factory_base: parent, brakes: child })[id]);
    expect(resolved.terms.map((t) => [t.term, t.inheritedFrom ?? null])).toEqual([
      ['采购部', null],
      ['刹车片', 'brakes'],
      ['同行业案例', 'brakes'],
      ['采购总监', 'brakes'],
      ['采购经理', 'factory_base'],
      ['国产替代', 'factory_base'],
    ]);
    expect(resolved.terms.find((t) => t.term === '采购经理')!.synonyms).toBeUndefined();
  });

  it('a shared base is not an industry a call can be analysed with', () => {
    const registry = new LexiconRegistry(base, [parent, child]);
    expect(registry.industries()).toEqual(['brakes']);
    expect(registry.lexiconIds()).toEqual(['brakes', 'factory_base']);
    expect(() => registry.get('factory_base')).toThrow(
      /"factory_base" is a shared base lexicon, not an industry/,
    );
    expect(registry.descendants('factory_base')).toEqual(['brakes']);
  });

  it('installing a new parent version rebuilds the children with it', () => {
    const registry = new LexiconRegistry(base, [parent, child]);
    const before = registry.get('brakes');
    const overlayBefore = registry.overlay('brakes');
    registry.install(
      {
        ...parent,
        terms: [...parent.terms, { term: '产能不足', category: 'need', synonyms: ['产能跟不上'] }],
      },
      2,
    );
    const after = registry.get('brakes');
    expect(after).not.toBe(before);
    expect(registry.overlay('brakes')).not.toBe(overlayBefore);
    expect(before.lookup('产能跟不上')).toEqual([]);
    expect(after.lookup('产能跟不上').map((e) => e.inheritedFrom)).toEqual(['factory_base']);
    // the child's own sequence stays; its content (hence version id) follows the parent
    expect(after.sequence).toBe(1);
    expect(after.versionId).not.toBe(before.versionId);
  });

  it('an unknown parent or a cycle is an error naming the files', () => {
    expect(() => new LexiconRegistry(base, [doc('brakes', [], { extends: 'nowhere' })])).toThrow(
      /brakes\.yaml extends unknown industry "nowhere" \(no nowhere\.yaml\)/,
    );
    expect(
      () =>
        new LexiconRegistry(base, [
          doc('a_one', [], { extends: 'b_two' }),
          doc('b_two', [], { extends: 'a_one' }),
        ]),
    ).toThrow(/inheritance cycle: a_one\.yaml → b_two\.yaml → a_one\.yaml/);
    // a version that would close a cycle is refused and the registry keeps what it had
    const registry = new LexiconRegistry(base, [parent, child]);
    expect(() => registry.install({ ...parent, extends: 'brakes' }, 2)).toThrow(AppError);
    expect(registry.sequence('factory_base')).toBe(1);
    expect(registry.get('brakes').lookup('采购部')).toHaveLength(1);
  });

  describe('in a lexicon folder', () => {
    let dir: string | undefined;
    afterEach(() => {
      if (dir) rmSync(dir, { recursive: true, force: true });
      dir = undefined;
    });

    it('fromDirectory names the file that extends an unknown industry', () => {
      dir = mkdtempSync(join(tmpdir(), 'tj-inherit-'));
      const industries = join(dir, 'industries');
      writeFileSync(join(dir, 'base.yaml'), 'industry: base\nname: 基础\nterms: []\n');
      mkdirSync(industries);
      writeFileSync(
        join(industries, 'brakes.yaml'),
        'industry: brakes\nname: 刹车\nextends: factory\nterms: []\n',
      );
      expect(() => LexiconRegistry.fromDirectory(dir)).toThrow(
        `${join(industries, 'brakes.yaml')} extends unknown industry "factory"`,
      );
    });
  });
});

describe('shipped lexicons', () => {
  const registry = LexiconRegistry.fromDirectory();

  it('auto_parts, precision_machining and manufacturing extend manufacturing_base; pharma and medical_devices hospital_base', () => {
    expect(
      ['auto_parts', 'precision_machining', 'manufacturing', 'pharma', 'medical_devices'].map((id) =>
        registry.parentOf(id),
      ),
    ).toEqual([
      'manufacturing_base',
      'manufacturing_base',
      'manufacturing_base',
      'hospital_base',
      'hospital_base',
    ]);
    expect(registry.industries()).toHaveLength(21);
    expect(registry.industries()).not.toContain('manufacturing_base');
    expect(
      registry
        .get('auto_parts')
        .lookup('质量部')
        .map((e) => e.inheritedFrom),
    ).toEqual(['manufacturing_base']);
    expect(
      registry
        .get('pharma')
        .lookup('集采')
        .map((e) => e.inheritedFrom),
    ).toEqual(['hospital_base']);
  });

  it('a pharma call gains no medical-device products or competitors, an auto-parts call no automation ones', () => {
    for (const surface of ['迈瑞', '口腔CBCT', '联影'])
      expect(registry.get('pharma').lookup(surface)).toEqual([]);
    for (const surface of ['伺服电机', 'PLC', '汇川'])
      expect(registry.get('auto_parts').lookup(surface)).toEqual([]);
  });

  it('inference: siblings of one base score its terms alike, their own terms decide', () => {
    const infer = createIndustryInferrer(registry.industries().map((id) => registry.get(id)));
    const shared = infer([{ text: '精度保持性好，质量可追溯，同行业案例也有', speaker: 'rep' }], {
      maxCandidates: 21,
    });
    const scoreOf = (id: string) => shared.candidates.find((c) => c.industry === id)?.score;
    expect(scoreOf('auto_parts')).toBeGreaterThan(0);
    expect(scoreOf('manufacturing')).toBe(scoreOf('auto_parts'));
    expect(scoreOf('precision_machining')).toBe(scoreOf('auto_parts'));
    const own = infer([{ text: '质量部和采购经理都要看同行业案例，我们的刹车片和刹车盘', speaker: 'rep' }]);
    expect(own.candidates[0]?.industry).toBe('auto_parts');
  });

  it('inference: with a selectable parent, a call of shared terms only goes to the parent', () => {
    const hospital: LexiconDocument = {
      industry: 'devices',
      name: '器械',
      terms: [
        { term: '监护仪', category: 'product' },
        { term: '设备科', category: 'approver' },
      ],
    };
    const drugs = doc('drugs', [{ term: '冷链配送', category: 'product' }], { extends: 'devices' });
    const r = new LexiconRegistry(base, [hospital, drugs]);
    const infer = createIndustryInferrer([r.get('devices'), r.get('drugs')]);
    expect(infer([{ text: '监护仪要设备科同意', speaker: 'rep' }]).candidates[0]?.industry).toBe('devices');
    expect(infer([{ text: '监护仪的冷链配送', speaker: 'rep' }]).candidates[0]?.industry).toBe('drugs');
  });
});

describe('lint: inherited duplicates', () => {
  it('flags a child term identical to what it inherits, not an override', () => {
    const dup = doc(
      'brakes',
      [
        { term: '采购经理', category: 'approver', synonyms: ['采购总监', '采购部'] }, // identical
        { term: '国产替代', category: 'tag', tag: '国产替代', synonyms: ['进口替代'] }, // override
      ],
      { extends: 'factory_base' },
    );
    const report = lintLexicons({ base, overlays: [parent, dup], dictionary: new Map(), calls: [] });
    expect(
      report.findings.filter((f) => f.kind === 'inherited-duplicate').map((f) => [f.industry, f.surface]),
    ).toEqual([['brakes', '采购经理']]);
    expect(report.counts['inherited-duplicate']).toBe(1);
  });

  it('none in the shipped lexicons', () => {
    const lexiconDir = defaultLexiconDir();
    const overlays = readdirSync(join(lexiconDir, 'industries'))
      .filter((f) => f.endsWith('.yaml'))
      .map((f) => readLexiconForLint(join(lexiconDir, 'industries', f)));
    const report = lintLexicons({
      base: readLexiconForLint(join(lexiconDir, 'base.yaml')),
      overlays,
      dictionary: new Map(),
      calls: [],
    });
    expect(report.counts['inherited-duplicate']).toBe(0);
  });
});
