import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

const here = fileURLToPath(new URL('.', import.meta.url));

/**
 * A call opened by its link (/calls/:id) needs the call page's chunks, which the app would ask
 * for only after its entry script ran and the session answered. index.html names them
 * (`modulepreload`) on such a path, so they download beside the entry script; other paths
 * download nothing more.
 */
function preloadCallPage(): Plugin {
  const pages = ['/src/pages/call-detail.page.tsx'];
  return {
    name: 'tingjian-preload-call-page',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(html, ctx) {
        const chunks = Object.values(ctx.bundle ?? {}).flatMap((c) => (c.type === 'chunk' ? [c] : []));
        const byFile = new Map(chunks.map((c) => [c.fileName, c]));
        const entry = chunks.find((c) => c.isEntry);
        if (!entry) return html;
        // What the entry already loads is preloaded by Vite itself.
        const loaded = new Set<string>();
        const walk = (file: string, into: Set<string>) => {
          if (into.has(file)) return;
          into.add(file);
          for (const f of byFile.get(file)?.imports ?? []) walk(f, into);
        };
        walk(entry.fileName, loaded);
        const wanted = new Set<string>();
        for (const page of pages) {
          const chunk = chunks.find((c) => c.facadeModuleId?.endsWith(page));
          if (!chunk) throw new Error(`no chunk for ${page}: the call page's preload would be empty`);
          walk(chunk.fileName, wanted);
        }
        const files = [...wanted].filter((f) => !loaded.has(f)).map((f) => `/${f}`);
        const script = `<script>if(/^\\/calls\\/[^/]+\\/?$/.test(location.pathname))${JSON.stringify(files)}.forEach(function(h){var l=document.createElement('link');l.rel='modulepreload';l.href=h;document.head.appendChild(l)})</script>`;
        // Before the entry script and the stylesheet: an inline script after a stylesheet waits for
        // it to load, and these requests should start with the document's own.
        const at = html.indexOf('<script type="module"');
        if (at < 0) throw new Error('index.html has no module script: nowhere to put the preload');
        return `${html.slice(0, at)}${script}\n    ${html.slice(at)}`;
      },
    },
  };
}

/**
 * The browser UI. Built into dist/web (beside the compiled API), which the API process serves as
 * static files; the manifest lets `npm run bench:web` attribute chunks to pages.
 */
export default defineConfig({
  root: here,
  base: '/',
  plugins: [react(), preloadCallPage()],
  build: {
    outDir: `${here}../dist/web`,
    emptyOutDir: true,
    manifest: true,
    chunkSizeWarningLimit: 1500,
    sourcemap: false,
  },
  server: {
    proxy: { '/v1': 'http://127.0.0.1:3000' },
  },
});
