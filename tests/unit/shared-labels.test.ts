import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { INDUSTRY_CATEGORIES } from '../../lexicons/lexicon.schema.js';
import { packagePath } from '../../models/package-root.js';
import { findLayerViolations, readSources } from '../../scripts/check-layers.js';
import {
  formatWindowZh,
  INDUSTRY_ZH,
  industryEvidenceName,
  LEXICON_CATEGORY_ZH,
  OBJECTION_ZH,
  SHARED_LEXICONS,
} from '../../shared/labels-zh.js';

const industryFiles = readdirSync(packagePath('lexicons', 'industries'))
  .filter((f) => f.endsWith('.yaml'))
  .map((f) => f.replace(/\.yaml$/, ''))
  .sort();

describe('shared labels', () => {
  it('names every shipped industry lexicon, and no industry that is not shipped', () => {
    expect(Object.keys(INDUSTRY_ZH).sort()).toEqual(industryFiles);
  });

  it('lists as shared base lexicons exactly the shipped lexicons marked selectable: false', () => {
    const notSelectable = industryFiles.filter((id) =>
      /^selectable:\s*false\s*$/m.test(
        readFileSync(packagePath('lexicons', 'industries', `${id}.yaml`), 'utf8'),
      ),
    );
    expect([...SHARED_LEXICONS].sort()).toEqual(notSelectable);
  });

  it('names every industry lexicon category and each objection type as its label', () => {
    expect(Object.keys(LEXICON_CATEGORY_ZH).sort()).toEqual([...INDUSTRY_CATEGORIES].sort());
    expect(OBJECTION_ZH.price).toBe('价格异议');
    expect(LEXICON_CATEGORY_ZH['objection.delivery']).toBe('交付异议');
  });

  it("names an industry inference's evidence: lexicon categories and the seller's self-introduction", () => {
    expect(['product', 'seller_name', 'unknown'].map(industryEvidenceName)).toEqual([
      '产品',
      '销售方自我介绍',
      '其他类别',
    ]);
  });

  it('reads retention windows the same way in the CLI report and the settings page', () => {
    expect([180, 3 * 365, 90, null].map(formatWindowZh)).toEqual(['180 天', '3 年', '90 天', '永久保留']);
  });

  it('shared/ imports nothing outside itself, and web/ nothing of the server', () => {
    const root = packagePath();
    const files = readSources(root);
    expect([...files.keys()]).toEqual(
      expect.arrayContaining(['shared/labels-zh.ts', 'shared/vocabulary.ts']),
    );
    const offending = findLayerViolations(files).filter(
      (v) => v.file.startsWith('shared/') || v.file.startsWith('web/'),
    );
    expect(offending).toEqual([]);
    for (const [file, source] of files) {
      if (!file.startsWith('shared/')) continue;
      // Browser-safe: no Node built-ins and no packages either.
      expect(source, file).not.toMatch(/from '(node:|[a-z@])/);
    }
  });
});
