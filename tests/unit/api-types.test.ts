import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { packagePath } from '../../models/package-root.js';
import { API_TYPES_FILE, generateApiTypes } from '../../scripts/gen-api-types.js';

describe('generated API types (shared/api-types.gen.ts)', () => {
  it('are what `npm run gen:api-types` writes from the OpenAPI document now', async () => {
    const committed = readFileSync(packagePath(API_TYPES_FILE), 'utf8');
    const fresh = await generateApiTypes();
    // On failure: the OpenAPI document changed; run `npm run gen:api-types` and commit the file.
    expect(committed === fresh, 'shared/api-types.gen.ts is stale: run npm run gen:api-types').toBe(true);
  });

  it('say generated and describe every path of the document', async () => {
    const text = await generateApiTypes();
    expect(text.startsWith('/**\n * generated — do not edit.')).toBe(true);
    expect(text).toContain('"/v1/calls/{id}": {');
    expect(text).toContain('"/v1/privacy/retention": {');
    // The call view the web reads is described, not left as an untyped 200.
    expect(text).toContain('"application/json": components["schemas"]["CallView"];');
    expect(text).toMatch(/\n {8}CallView: \{\n {12}call: \{/);
  });
});
