/**
 * `npm run gen:api-types`: shared/api-types.gen.ts from the OpenAPI document the API serves
 * (api/openapi.ts, built from the same zod schemas that validate requests and describe
 * responses), with openapi-typescript. The web takes its request and response shapes from that
 * file (web/src/lib/api-shapes.ts) instead of restating them; tests/unit/api-types.test.ts fails
 * when the committed file is not what this script writes now.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import openapiTS, { astToString } from 'openapi-typescript';
import { buildOpenApi } from '../api/openapi.js';
import { packageRoot } from '../models/package-root.js';

/** Where the generated types live (browser-safe: types only). */
export const API_TYPES_FILE = join('shared', 'api-types.gen.ts');

const HEADER = `/**
 * generated — do not edit. \`npm run gen:api-types\` writes this file from the OpenAPI document
 * of api/openapi.ts (openapi-typescript); web/src/lib/api-shapes.ts names the shapes the web uses.
 */
`;

/**
 * The generated file's text. The document's version is fixed: the package version would change
 * the file on every release without changing a single shape.
 */
export async function generateApiTypes(): Promise<string> {
  const document = buildOpenApi('generated');
  // openapi-typescript reads a parsed document; JSON round-trip drops functions and undefined.
  const ast = await openapiTS(JSON.parse(JSON.stringify(document)), { alphabetize: false });
  return `${HEADER}\n${astToString(ast)}`;
}

async function main(): Promise<void> {
  const file = join(packageRoot(), API_TYPES_FILE);
  const text = await generateApiTypes();
  let before = '';
  try {
    before = readFileSync(file, 'utf8');
  } catch {
    // first generation
  }
  if (before === text) {
    console.log(`${API_TYPES_FILE}: up to date`);
    return;
  }
  writeFileSync(file, text);
  console.log(`${API_TYPES_FILE}: written (${text.split('\n').length} lines)`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await main();
