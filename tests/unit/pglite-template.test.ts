import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { copyPgliteTemplate } from '../../models/pglite-template.js';

describe('PGlite template folder', () => {
  const dirs: string[] = [];
  const temp = () => {
    const d = mkdtempSync(join(tmpdir(), 'tj-template-'));
    dirs.push(d);
    return d;
  };
  afterEach(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });

  it('copies the template into a new data folder, leaving no temporary copy beside it', () => {
    const template = join(temp(), 'pglite-template-x');
    mkdirSync(join(template, 'base', '5'), { recursive: true });
    writeFileSync(join(template, 'PG_VERSION'), '17\n');
    writeFileSync(join(template, 'base', '5', '1259'), 'catalog');
    const data = temp();
    expect(copyPgliteTemplate(join(data, 'pglite'), template)).toBe(true);
    expect(readFileSync(join(data, 'pglite', 'PG_VERSION'), 'utf8')).toBe('17\n');
    expect(readFileSync(join(data, 'pglite', 'base', '5', '1259'), 'utf8')).toBe('catalog');
    expect(readdirSync(data)).toEqual(['pglite']);
  });

  it('does nothing without a template (the sources, or another PGlite version): initdb runs', () => {
    const data = temp();
    expect(copyPgliteTemplate(join(data, 'pglite'), join(data, 'no-such-template'))).toBe(false);
    expect(existsSync(join(data, 'pglite'))).toBe(false);
  });
});
