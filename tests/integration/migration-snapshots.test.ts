import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { packagePath } from '../../models/package-root.js';

/**
 * drizzle-kit keeps, beside each migration, its journal entry and a snapshot of the schema after
 * it (models/migrations/meta); the next `drizzle-kit generate` diffs models/schema.ts against the
 * last snapshot. A migration written by hand without its snapshot, or a schema change without its
 * migration, makes the next generated migration wrong: both fail here.
 */

const MIGRATIONS = packagePath('models', 'migrations');
const DRIZZLE_KIT = packagePath('node_modules', '.bin', 'drizzle-kit');

interface Journal {
  dialect: string;
  entries: { idx: number; tag: string }[];
}
interface Snapshot {
  id: string;
  prevId: string;
}

const readJson = <T>(...parts: string[]): T => JSON.parse(readFileSync(join(...parts), 'utf8')) as T;
const snapshotFile = (tag: string) => `${tag.slice(0, tag.indexOf('_'))}_snapshot.json`;

describe('drizzle migrations and their snapshots', () => {
  const work = mkdtempSync(join(tmpdir(), 'tingjian-drizzle-'));
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('has a journal entry and a snapshot for every migration, the snapshots in one chain', () => {
    const journal = readJson<Journal>(MIGRATIONS, 'meta', '_journal.json');
    const sql = readdirSync(MIGRATIONS)
      .filter((f) => f.endsWith('.sql'))
      .map((f) => f.slice(0, -'.sql'.length))
      .sort();
    expect(journal.entries.map((e) => e.tag)).toEqual(sql);
    const snapshots = readdirSync(join(MIGRATIONS, 'meta'))
      .filter((f) => f.endsWith('_snapshot.json'))
      .sort();
    expect(snapshots).toEqual(sql.map(snapshotFile));
    let prev = '00000000-0000-0000-0000-000000000000';
    for (const file of snapshots) {
      const s = readJson<Snapshot>(MIGRATIONS, 'meta', file);
      expect(s.prevId, `${file} follows the snapshot before it`).toBe(prev);
      prev = s.id;
    }
  });

  it('passes drizzle-kit check, and drizzle-kit generate finds no schema change to migrate', () => {
    const out = join(work, 'migrations');
    cpSync(MIGRATIONS, out, { recursive: true });
    const config = join(work, 'drizzle.config.ts');
    // The repository's settings (drizzle.config.ts), writing into a copy: drizzle-kit reads `out`
    // relative to the working directory.
    writeFileSync(
      config,
      `export default ${JSON.stringify({
        dialect: 'postgresql',
        schema: packagePath('models', 'schema.ts'),
        out: relative(packagePath('.'), out),
        strict: true,
      })};\n`,
    );
    const run = (...args: string[]) =>
      execFileSync(DRIZZLE_KIT, [...args, '--config', config], {
        cwd: packagePath('.'),
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
      });
    expect(run('check')).toContain("Everything's fine");
    expect(run('generate', '--name', 'probe')).toContain('No schema changes, nothing to migrate');
    expect(readdirSync(out).sort()).toEqual(readdirSync(MIGRATIONS).sort());
  }, 180_000);
});
