/**
 * Layer direction check: `npm run layers`. Exits 1 listing every import that points upward.
 *
 * Server layers, lowest first: models → lexicons → pipeline → services → api → bin. A file may
 * import its own layer and the layers below it, never one above (`models` therefore imports
 * nothing of ours but shared/). bench/, scripts/ and tests/ sit on top and may import anything;
 * nothing imports them. web/ is the browser app: it imports web/ and the shared folders in
 * WEB_MAY_IMPORT only, and no server layer imports web/. shared/ (labels, vocabularies, the
 * generated API types) sits below everything: every layer and web/ may import it, and it imports
 * nothing of ours.
 *
 * Specifiers are read by TypeScript's pre-processor (no type checking: the whole repository takes
 * about a second), relative ones only: packages are not ours.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, posix, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

/** Server layers, lowest first. */
export const LAYERS = ['models', 'lexicons', 'pipeline', 'services', 'api', 'bin'] as const;
/** Top-level folders that may import every layer and that no layer imports. */
export const TOOLS = ['bench', 'scripts', 'tests'] as const;
/** The browser-safe folder below every layer: labels, vocabularies and the generated API types. */
export const SHARED = 'shared';
/** Folders outside web/ that web/ may import: shared labels and generated API types. */
export const WEB_MAY_IMPORT = [SHARED] as const;

export interface LayerViolation {
  file: string;
  line: number;
  specifier: string;
  target: string;
  reason: string;
}

const SOURCE = /\.(ts|tsx|mts|cts)$/;
const SKIP_DIRS = new Set(['node_modules', 'dist', '.vite', 'coverage']);

/**
 * Relative import specifiers of a source text, with their 1-based line numbers. TypeScript's own
 * pre-processor reads them (static imports and re-exports, side-effect and dynamic imports,
 * `import type`), so an import quoted in a string or a comment is not one.
 */
export function importSpecifiers(source: string): { specifier: string; line: number }[] {
  const { importedFiles } = ts.preProcessFile(source, true, true);
  return importedFiles
    .filter((f) => f.fileName.startsWith('.'))
    .map((f) => ({ specifier: f.fileName, line: source.slice(0, f.pos).split('\n').length }))
    .sort((a, b) => a.line - b.line);
}

/** The top-level folder of a repository path (`pipeline/nlp/segment.ts` → `pipeline`). */
function topOf(path: string): string {
  return path.split('/')[0] ?? '';
}

/** Why `from` (a top-level folder) may not import `to`, or null when it may. */
export function forbiddenReason(from: string, to: string): string | null {
  if (from === to) return null;
  if (from === SHARED)
    return 'shared/ is read by the server and the browser alike: it imports nothing of ours';
  if (to === SHARED) return null;
  const fromRank = (LAYERS as readonly string[]).indexOf(from);
  const toRank = (LAYERS as readonly string[]).indexOf(to);
  const isTool = (d: string) => (TOOLS as readonly string[]).includes(d);
  if (from === 'web') {
    return (WEB_MAY_IMPORT as readonly string[]).includes(to)
      ? null
      : `web/ may import only web/ and ${WEB_MAY_IMPORT.map((d) => `${d}/`).join(', ')}`;
  }
  if (isTool(from)) return null;
  if (to === 'web') return 'the server does not import the browser app';
  if (isTool(to)) return `${to}/ is a tool folder: no layer imports it`;
  if (fromRank >= 0 && toRank > fromRank) return `${from} sits below ${to} (${LAYERS.join(' → ')})`;
  return null;
}

/**
 * Every import among `files` (repository path → source text, paths with `/`) that points upward
 * or out of its allowed folders.
 */
export function findLayerViolations(files: ReadonlyMap<string, string>): LayerViolation[] {
  const out: LayerViolation[] = [];
  for (const [file, source] of files) {
    const from = topOf(file);
    for (const { specifier, line } of importSpecifiers(source)) {
      const target = posix.normalize(posix.join(posix.dirname(file), specifier));
      if (target.startsWith('..')) {
        out.push({ file, line, specifier, target, reason: 'imports from outside the repository' });
        continue;
      }
      const reason = forbiddenReason(from, topOf(target));
      if (reason) out.push({ file, line, specifier, target, reason });
    }
  }
  return out;
}

/** The TypeScript sources of the checked folders under `root`, keyed by repository path. */
export function readSources(root: string): Map<string, string> {
  const files = new Map<string, string>();
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      if (SKIP_DIRS.has(name)) continue;
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (SOURCE.test(name) && !name.endsWith('.d.ts'))
        files.set(relative(root, path).split(sep).join('/'), readFileSync(path, 'utf8'));
    }
  };
  for (const top of [SHARED, ...LAYERS, ...TOOLS, 'web']) {
    try {
      if (statSync(join(root, top)).isDirectory()) walk(join(root, top));
    } catch {
      // a folder this checkout does not have
    }
  }
  return files;
}

function main(): void {
  const root = join(dirname(fileURLToPath(import.meta.url)), '..');
  // Run from scripts/ (tsx) or dist/scripts/ (the build): the sources are beside package.json.
  const repo = existsSync(join(root, 'package.json')) ? root : join(root, '..');
  const files = readSources(repo);
  const violations = findLayerViolations(files);
  if (violations.length === 0) {
    let imports = 0;
    for (const source of files.values()) imports += importSpecifiers(source).length;
    console.log(
      `layers: ${files.size} files, ${imports} relative imports, none upward (${SHARED} → ${LAYERS.join(' → ')}; web/ on ${SHARED}/ only)`,
    );
    return;
  }
  console.log(`layers: ${violations.length} upward import(s) in ${files.size} files:`);
  for (const v of violations)
    console.log(`  ${v.file}:${v.line} imports ${v.specifier} (${v.target}): ${v.reason}`);
  process.exitCode = 1;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) main();
