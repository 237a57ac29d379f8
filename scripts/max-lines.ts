/**
 * Long units: `npm run max-lines`. Lists every function over MAX_FUNCTION_LINES and every file
 * over MAX_FILE_LINES (blank lines not counted) outside tests, longest first, with Biome's own
 * rules (complexity/noExcessiveLinesPerFunction, style/noExcessiveLinesPerFile).
 *
 * Without flags a report that exits 0; `--strict` (what CI runs, since the last long unit was
 * split by responsibility) fails on any unit over the limits.
 * The limits live here rather than in biome.json so `npm run lint` stays a list of errors.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

export const MAX_FUNCTION_LINES = 120;
export const MAX_FILE_LINES = 800;
/** Checked folders; tests/ is left out on purpose (table-driven cases run long). */
const FOLDERS = [
  'shared',
  'bin',
  'api',
  'services',
  'pipeline',
  'lexicons',
  'models',
  'web/src',
  'bench',
  'scripts',
];
/** Generated files, exempt by path. */
export const GENERATED: readonly string[] = ['shared/api-types.gen.ts'];

export interface LongUnit {
  kind: 'function' | 'file';
  file: string;
  line: number;
  lines: number;
}

/** The long units in Biome's GitHub-reporter output (`::warning title=lint/…,file=…,line=…::… (N) …`). */
export function parseReport(output: string, root: string): LongUnit[] {
  const out: LongUnit[] = [];
  const re =
    /^::\w+ title=lint\/\w+\/(noExcessiveLinesPer(?:Function|File)),file=([^,]+),line=(\d+)[^:]*::.*?\((\d+)\)/gm;
  for (const m of output.matchAll(re)) {
    const file = relative(root, m[2]!).split('\\').join('/');
    if (GENERATED.includes(file)) continue;
    out.push({
      kind: m[1] === 'noExcessiveLinesPerFunction' ? 'function' : 'file',
      file,
      line: Number(m[3]),
      lines: Number(m[4]),
    });
  }
  return out.sort((a, b) => b.lines - a.lines);
}

function main(): void {
  const strict = process.argv.includes('--strict');
  const here = dirname(fileURLToPath(import.meta.url));
  // Run from scripts/ (tsx) or dist/scripts/ (the build): the project is where package.json is.
  const root = existsSync(join(here, '..', 'package.json')) ? join(here, '..') : join(here, '..', '..');
  // The project's configuration plus the two rules, in a temporary folder: biome.json stays as is.
  const config = JSON.parse(readFileSync(join(root, 'biome.json'), 'utf8')) as {
    $schema?: string;
    linter?: { rules?: Record<string, unknown> };
  };
  delete config.$schema;
  const rules = config.linter?.rules ?? {};
  config.linter = config.linter ?? {};
  config.linter.rules = {
    ...rules,
    complexity: {
      ...(rules.complexity as object | undefined),
      noExcessiveLinesPerFunction: {
        level: 'warn',
        options: { maxLines: MAX_FUNCTION_LINES, skipBlankLines: true },
      },
    },
    style: {
      ...(rules.style as object | undefined),
      noExcessiveLinesPerFile: { level: 'warn', options: { maxLines: MAX_FILE_LINES, skipBlankLines: true } },
    },
  };
  const dir = mkdtempSync(join(tmpdir(), 'tingjian-max-lines-'));
  try {
    writeFileSync(join(dir, 'biome.json'), JSON.stringify(config));
    const run = spawnSync(
      join(root, 'node_modules', '.bin', 'biome'),
      [
        'lint',
        `--config-path=${dir}`,
        '--only=complexity/noExcessiveLinesPerFunction',
        '--only=style/noExcessiveLinesPerFile',
        '--max-diagnostics=none',
        '--reporter=github',
        ...FOLDERS.filter((f) => existsSync(join(root, f))),
      ],
      { cwd: root, encoding: 'utf8' },
    );
    if (run.error) throw run.error;
    const units = parseReport(run.stdout, root);
    const functions = units.filter((u) => u.kind === 'function');
    const files = units.filter((u) => u.kind === 'file');
    if (units.length === 0 && run.status !== 0) {
      console.error(run.stdout, run.stderr);
      throw new Error(`biome lint exited with ${run.status}`);
    }
    console.log(
      `max-lines: ${functions.length} function(s) over ${MAX_FUNCTION_LINES} lines, ${files.length} file(s) over ${MAX_FILE_LINES} (blank lines not counted, tests excluded)`,
    );
    for (const u of units) console.log(`  warning  ${u.file}:${u.line}  ${u.kind} of ${u.lines} lines`);
    if (strict && units.length > 0) process.exitCode = 1;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) main();
