import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { packagePath } from '../../models/package-root.js';
import { generateIndustries, INDUSTRIES_FILE, readIndustryShortNames } from '../../scripts/gen-industries.js';
import { INDUSTRY_ZH, industryName } from '../../shared/labels-zh.js';

describe('industry short names (shared/industries.gen.ts from lexicons/industries/*.yaml)', () => {
  it('are what `npm run gen:industries` writes from the lexicon files now', () => {
    const committed = readFileSync(packagePath(INDUSTRIES_FILE), 'utf8');
    // On failure: a lexicon's shortName changed or an industry was added; run the script and commit.
    expect(
      committed === generateIndustries(),
      'shared/industries.gen.ts is stale: run npm run gen:industries',
    ).toBe(true);
  });

  it('are the names the labels module shows, taken from each lexicon file', () => {
    expect(Object.fromEntries(readIndustryShortNames())).toEqual(INDUSTRY_ZH);
    expect(industryName('saas')).toBe('企业 SaaS');
    expect(industryName('hospital_base')).toBe('医院通用（共享基底）');
    expect(industryName('no_such_industry')).toBe('其他行业');
  });

  it('refuses a lexicon without a short name, or whose id is not its file name, naming the file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'industries-'));
    writeFileSync(join(dir, 'alpha.yaml'), 'industry: alpha\nname: 甲行业\nshortName: 甲\n');
    writeFileSync(join(dir, 'beta.yaml'), 'industry: beta\nname: 乙行业\n');
    writeFileSync(join(dir, 'gamma.yaml'), 'industry: delta\nname: 丙行业\nshortName: 丙\n');
    expect(() => generateIndustries(dir)).toThrow(
      'industry short names:\n  beta.yaml: no shortName (the name lists and tags show)\n  gamma.yaml: industry is "delta"',
    );
    writeFileSync(join(dir, 'beta.yaml'), "industry: beta\nname: 乙行业\nshortName: 乙's\n");
    writeFileSync(join(dir, 'gamma.yaml'), 'industry: gamma\nname: 丙行业\nshortName: 丙\n');
    expect(generateIndustries(dir)).toContain("  alpha: '甲',\n  beta: '乙\\'s',\n  gamma: '丙',\n};\n");
  });
});
