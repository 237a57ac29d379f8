/**
 * `npm run gen:industries`: shared/industries.gen.ts, the short industry names the web and the
 * reports show, from the `shortName` of each lexicons/industries/*.yaml (the one place they are
 * written). shared/ stays free of server imports and of file reads, so the browser gets a plain
 * table; tests/unit/industries-gen.test.ts fails when the committed file is not what this
 * script writes now.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { ZLexiconDocument } from '../lexicons/lexicon.schema.js';
import { packageRoot } from '../models/package-root.js';

/** Where the generated table lives (browser-safe: data only). */
export const INDUSTRIES_FILE = join('shared', 'industries.gen.ts');

const HEADER = `/**
 * generated — do not edit. \`npm run gen:industries\` writes this file from the \`shortName\` of
 * each lexicons/industries/*.yaml; shared/labels-zh.ts serves it as INDUSTRY_ZH.
 */
`;

/** Industry id → short name, in file-name order; throws naming every file without a short name. */
export function readIndustryShortNames(
  dir = join(packageRoot(), 'lexicons', 'industries'),
): [string, string][] {
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .sort();
  const problems: string[] = [];
  const names: [string, string][] = [];
  for (const f of files) {
    const doc = ZLexiconDocument.safeParse(parse(readFileSync(join(dir, f), 'utf8')));
    if (!doc.success) {
      problems.push(`${f}: not a valid lexicon document (${doc.error.issues[0]?.message ?? 'invalid'})`);
      continue;
    }
    if (`${doc.data.industry}.yaml` !== f) problems.push(`${f}: industry is "${doc.data.industry}"`);
    if (!doc.data.shortName) problems.push(`${f}: no shortName (the name lists and tags show)`);
    else names.push([doc.data.industry, doc.data.shortName]);
  }
  if (problems.length > 0) throw new Error(`industry short names:\n  ${problems.join('\n  ')}`);
  return names;
}

/** The generated file's text. */
export function generateIndustries(dir?: string): string {
  // Single-quoted like the rest of the code base, so the file passes the formatter as written.
  const quote = (s: string) => `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
  const rows = readIndustryShortNames(dir).map(([id, name]) => `  ${id}: ${quote(name)},`);
  return `${HEADER}
/** Short industry names for lists and tags, by lexicon id (every shipped industry lexicon). */
export const INDUSTRY_SHORT_NAMES: Readonly<Record<string, string>> = {
${rows.join('\n')}
};
`;
}

function main(): void {
  const file = join(packageRoot(), INDUSTRIES_FILE);
  const text = generateIndustries();
  let before = '';
  try {
    before = readFileSync(file, 'utf8');
  } catch {
    // first generation
  }
  if (before === text) {
    console.log(`${INDUSTRIES_FILE}: up to date`);
    return;
  }
  writeFileSync(file, text);
  console.log(`${INDUSTRIES_FILE}: written`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) main();
