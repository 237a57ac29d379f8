/**
 * Writes `<file>.br` (brotli quality 11) and `<file>.gz` (gzip level 9) beside each text file
 * of the built web UI's hashed assets, which api/web-static.ts then sends as they are: the
 * server never compresses a script, and the highest qualities are paid once per build. Run by
 * `npm run build:web` after vite build: `tsx scripts/precompress-assets.ts [dir]` (default
 * dist/web/assets). A copy that would save less than 5 % is not written (and an old one is
 * removed), nor is one for a file under 1 KiB; copies whose source is gone are removed.
 */
import { readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { extname, join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';

/** The assets worth compressing (the web server's text types under /assets). */
const PRECOMPRESSED_EXTENSIONS = new Set(['.js', '.mjs', '.css', '.svg', '.json']);
const MIN_BYTES = 1024;
const MAX_RATIO = 0.95;

const brotliAsync = promisify(brotliCompress);
const gzipAsync = promisify(gzip);

interface Totals {
  files: number;
  identity: number;
  br: number;
  gzip: number;
  seconds: number;
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? filesUnder(join(dir, e.name)) : e.isFile() ? [join(dir, e.name)] : [],
  );
}

/** Writes `copy` at `path` when it pays, else removes any older copy there; returns the bytes sent. */
function writeCopy(path: string, copy: Buffer, identityBytes: number): number {
  if (copy.length <= identityBytes * MAX_RATIO) {
    writeFileSync(path, copy);
    return copy.length;
  }
  rmSync(path, { force: true });
  return identityBytes;
}

async function precompress(dir: string): Promise<Totals> {
  const started = performance.now();
  const files = filesUnder(dir);
  const present = new Set(files);
  // Copies left from a file that is gone (a previous build into the same folder).
  for (const f of files) {
    const source = f.replace(/\.(br|gz)$/, '');
    if (source !== f && !present.has(source)) rmSync(f, { force: true });
  }
  const sources = files.filter(
    (f) => PRECOMPRESSED_EXTENSIONS.has(extname(f)) && statSync(f).size >= MIN_BYTES,
  );
  const totals: Totals = { files: sources.length, identity: 0, br: 0, gzip: 0, seconds: 0 };
  // zlib runs on libuv's thread pool: all files at once keep every core busy.
  await Promise.all(
    sources.map(async (f) => {
      const bytes = readFileSync(f);
      const [br, gz] = await Promise.all([
        brotliAsync(bytes, {
          params: {
            [constants.BROTLI_PARAM_QUALITY]: 11,
            [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
            [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length,
          },
        }),
        gzipAsync(bytes, { level: 9 }),
      ]);
      totals.identity += bytes.length;
      totals.br += writeCopy(`${f}.br`, br, bytes.length);
      totals.gzip += writeCopy(`${f}.gz`, gz, bytes.length);
    }),
  );
  totals.seconds = (performance.now() - started) / 1000;
  return totals;
}

const dir = resolve(process.argv[2] ?? join('dist', 'web', 'assets'));
if (!statSync(dir, { throwIfNoEntry: false })?.isDirectory()) {
  console.error(`precompress-assets: ${dir} is not a folder (run vite build first)`);
  process.exit(1);
}
const t = await precompress(dir);
const kib = (n: number) => `${(n / 1024).toFixed(1)} KiB`;
console.log(
  `precompressed ${t.files} assets in ${dir}: ${kib(t.identity)} → br ${kib(t.br)} (${((t.br / Math.max(1, t.identity)) * 100).toFixed(1)} %), gzip ${kib(t.gzip)} (${((t.gzip / Math.max(1, t.identity)) * 100).toFixed(1)} %) in ${t.seconds.toFixed(1)} s`,
);
