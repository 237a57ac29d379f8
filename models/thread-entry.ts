import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';

/**
 * How a worker thread whose entry is `<stem>.ts` beside `base` (an `import.meta.url`) is started:
 * the built JS entry, or the TypeScript source under tsx/vitest. Worker threads do not inherit
 * tsx's loader (Node 20): from the sources the thread registers it, then imports the entry.
 */
export function threadEntry(base: string, stem: string): { filename: string | URL; evaluated: boolean } {
  const fromSources = base.endsWith('.ts');
  const entry = new URL(`./${stem}.${fromSources ? 'ts' : 'js'}`, base);
  if (!fromSources) return { filename: entry, evaluated: false };
  // tsx's ESM entry of its API (require.resolve answers with the CommonJS one beside it).
  const api = createRequire(base)
    .resolve('tsx/esm/api')
    .replace(/\.cjs$/, '.mjs');
  const tsx = pathToFileURL(api).href;
  return {
    filename: `import(${JSON.stringify(tsx)}).then((m) => { m.register(); return import(${JSON.stringify(entry.href)}); });`,
    evaluated: true,
  };
}
