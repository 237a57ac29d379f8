import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { cosineSimilarity, createEmbedder } from '../../pipeline/embeddings/embedder.js';
import { MODEL_CATALOG, type ModelCatalog, type ModelFile } from '../../pipeline/embeddings/model-catalog.js';
import { CHECKSUMS_FILE, pullModel, readChecksums } from '../../pipeline/embeddings/model-pull.js';
import { buildTinyEmbeddingModel } from '../../scripts/build-tiny-embedding-model.js';

const REPO = 'tingjian-test/tiny-zh';
const REQUIRED = ['config.json', 'tokenizer.json', 'tokenizer_config.json', 'onnx/model_quantized.onnx'];

let tempRoot: string;
/** What the fake hub serves: `<serveRoot>/<repo>/<path>`. */
let serveRoot: string;
let server: Server;
let baseUrl: string;
/** Paths requested from the fake hub, e.g. `/tingjian-test/tiny-zh/resolve/main/config.json`. */
let requests: string[];
let destDir: string;
let caseNumber = 0;

function sha256(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

function servedFile(file: string): string {
  return path.join(serveRoot, REPO, file);
}

function tinyCatalog(overrides: Record<string, Partial<ModelFile>> = {}): ModelCatalog {
  const files: ModelFile[] = [
    ...REQUIRED.map((p) => ({ path: p })),
    { path: 'onnx/model.onnx', optional: true },
  ];
  return [
    {
      name: 'tiny-zh',
      repo: REPO,
      revision: 'main',
      description: 'offline test model',
      dimensions: 64,
      files: files.map((file) => ({ ...file, ...overrides[file.path] })),
    },
  ];
}

async function listFilesRecursively(dir: string, prefix = ''): Promise<string[]> {
  // Hand-rolled: Dirent.parentPath (for readdir's `recursive`) needs Node 20.12+.
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const relative = prefix === '' ? entry.name : `${prefix}/${entry.name}`;
    if (entry.isDirectory()) out.push(...(await listFilesRecursively(path.join(dir, entry.name), relative)));
    else out.push(relative);
  }
  return out.sort();
}

beforeAll(async () => {
  tempRoot = await mkdtemp(path.join(os.tmpdir(), 'tingjian-model-pull-'));
  serveRoot = path.join(tempRoot, 'hub');
  server = createServer((req, res) => {
    const url = req.url ?? '/';
    requests.push(url);
    const match = /^\/(.+?\/.+?)\/resolve\/([^/]+)\/(.+)$/.exec(url);
    if (match === null || match[2] !== 'main') {
      res.writeHead(404).end('not found');
      return;
    }
    const file = path.join(serveRoot, match[1] ?? '', decodeURIComponent(match[3] ?? ''));
    stat(file).then(
      (info) => {
        res.writeHead(200, { 'content-length': info.size, 'content-type': 'application/octet-stream' });
        createReadStream(file).pipe(res);
      },
      () => res.writeHead(404).end('not found'),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
  await rm(tempRoot, { recursive: true, force: true });
});

beforeEach(async () => {
  // A fresh upstream and destination per test, so one test's corruption cannot leak into another.
  caseNumber += 1;
  serveRoot = path.join(tempRoot, `hub-${caseNumber}`);
  await buildTinyEmbeddingModel(path.join(serveRoot, REPO));
  destDir = path.join(tempRoot, `models-${caseNumber}`);
  requests = [];
});

afterEach(async () => {
  await rm(serveRoot, { recursive: true, force: true });
});

describe('pullModel from a local fake hub', () => {
  it('downloads the required files, records their sha256 and yields a loadable folder', async () => {
    const phases: string[] = [];
    const result = await pullModel('tiny-zh', {
      destDir,
      baseUrl,
      catalog: tinyCatalog(),
      onProgress: (p) => {
        if (p.phase !== 'downloading') phases.push(`${p.phase} ${p.file}`);
      },
    });

    expect(result.modelDir).toBe(path.join(destDir, 'tiny-zh'));
    expect(result.files.map((f) => [f.path, f.status])).toEqual(REQUIRED.map((p) => [p, 'downloaded']));
    expect(phases).toEqual(REQUIRED.map((p) => `done ${p}`));
    expect(requests).toEqual(REQUIRED.map((p) => `/${REPO}/resolve/main/${p}`));
    // No temp files left behind; the optional float model was not fetched.
    expect(await listFilesRecursively(result.modelDir)).toEqual([CHECKSUMS_FILE, ...REQUIRED].sort());

    const checksums = await readChecksums(result.modelDir);
    expect(checksums?.repo).toBe(REPO);
    expect(checksums?.revision).toBe('main');
    for (const file of REQUIRED) {
      const served = await readFile(servedFile(file));
      expect(sha256(await readFile(path.join(result.modelDir, file)))).toBe(sha256(served));
      expect(checksums?.files[file]).toEqual({ sha256: sha256(served), size: served.length });
    }

    const pulled = await createEmbedder({ modelDir: result.modelDir });
    const original = await createEmbedder({ modelDir: path.join(serveRoot, REPO) });
    const [a] = await pulled.embed(['价格太贵了']);
    const [b] = await original.embed(['价格太贵了']);
    expect(cosineSimilarity(a ?? [], b ?? [])).toBeCloseTo(1, 6);
  });

  it('skips every file on a re-pull without asking the server', async () => {
    await pullModel('tiny-zh', { destDir, baseUrl, catalog: tinyCatalog() });
    requests = [];
    const phases: string[] = [];
    const again = await pullModel('tiny-zh', {
      destDir,
      baseUrl,
      catalog: tinyCatalog(),
      onProgress: (p) => phases.push(`${p.phase} ${p.file}`),
    });
    expect(again.files.map((f) => f.status)).toEqual(['skipped', 'skipped', 'skipped', 'skipped']);
    expect(phases).toEqual(REQUIRED.map((p) => `skipped ${p}`));
    expect(requests).toEqual([]);
  });

  it('pulls the optional float model when asked, through an injected fetch', async () => {
    const fetched: string[] = [];
    const result = await pullModel('tiny-zh', {
      destDir,
      baseUrl,
      catalog: tinyCatalog(),
      includeOptional: true,
      fetchImpl: (input, init) => {
        fetched.push(String(input));
        return fetch(input, init);
      },
    });
    expect(result.files.map((f) => f.path)).toEqual([...REQUIRED, 'onnx/model.onnx']);
    expect(fetched).toHaveLength(5);
    expect(fetched[4]).toBe(`${baseUrl}/${REPO}/resolve/main/onnx/model.onnx`);
    const checksums = await readChecksums(result.modelDir);
    expect(Object.keys(checksums?.files ?? {}).sort()).toEqual([...REQUIRED, 'onnx/model.onnx'].sort());
  });

  it('rejects a corrupted file when the catalog knows its sha256, deleting the download', async () => {
    const good = await readFile(servedFile('tokenizer.json'));
    await writeFile(servedFile('tokenizer.json'), Buffer.concat([good, Buffer.from(' ')]));
    const corruptHash = sha256(await readFile(servedFile('tokenizer.json')));
    const catalog = tinyCatalog({ 'tokenizer.json': { sha256: sha256(good) } });

    const attempt = pullModel('tiny-zh', { destDir, baseUrl, catalog });
    await expect(attempt).rejects.toThrow(
      `Checksum mismatch for tokenizer.json of tiny-zh: expected sha256 ${sha256(good)}, got ${corruptHash}.`,
    );
    await expect(attempt).rejects.toMatchObject({ code: 'model_unavailable' });
    // config.json came first and is kept (and pinned); the bad file and its temp file are gone.
    const modelDir = path.join(destDir, 'tiny-zh');
    expect(await listFilesRecursively(modelDir)).toEqual([CHECKSUMS_FILE, 'config.json']);
  });

  it('verifies against checksums.json on re-pull (trust on first use)', async () => {
    await pullModel('tiny-zh', { destDir, baseUrl, catalog: tinyCatalog() });
    const modelDir = path.join(destDir, 'tiny-zh');
    const pinned = (await readChecksums(modelDir))?.files['config.json']?.sha256;

    // Upstream changes and the local copy is damaged: the re-download must match the first pull.
    await writeFile(servedFile('config.json'), '{"model_type":"bert","changed":true}\n');
    await writeFile(path.join(modelDir, 'config.json'), 'damaged');
    const attempt = pullModel('tiny-zh', { destDir, baseUrl, catalog: tinyCatalog() });
    await expect(attempt).rejects.toThrow(
      `Checksum mismatch for config.json of tiny-zh: expected sha256 ${pinned}`,
    );
    expect(await readFile(path.join(modelDir, 'config.json'), 'utf8')).toBe('damaged');
    expect((await readChecksums(modelDir))?.files['config.json']?.sha256).toBe(pinned);
  });

  it('re-downloads a damaged local file that still matches upstream', async () => {
    await pullModel('tiny-zh', { destDir, baseUrl, catalog: tinyCatalog() });
    const modelDir = path.join(destDir, 'tiny-zh');
    await writeFile(path.join(modelDir, 'tokenizer_config.json'), '{}');
    requests = [];
    const again = await pullModel('tiny-zh', { destDir, baseUrl, catalog: tinyCatalog() });
    expect(again.files.map((f) => `${f.status} ${f.path}`)).toEqual([
      'skipped config.json',
      'skipped tokenizer.json',
      'downloaded tokenizer_config.json',
      'skipped onnx/model_quantized.onnx',
    ]);
    expect(requests).toEqual([`/${REPO}/resolve/main/tokenizer_config.json`]);
    expect(await readFile(path.join(modelDir, 'tokenizer_config.json'))).toEqual(
      await readFile(servedFile('tokenizer_config.json')),
    );
  });

  it('names the file and the HTTP status when the server lacks a file', async () => {
    await rm(servedFile('tokenizer_config.json'));
    await expect(pullModel('tiny-zh', { destDir, baseUrl, catalog: tinyCatalog() })).rejects.toThrow(
      `Could not download tokenizer_config.json from ${baseUrl}/${REPO}/resolve/main/tokenizer_config.json: HTTP 404 Not Found`,
    );
  });

  it('lists the known names for an unknown model, without any request', async () => {
    const attempt = pullModel('bge-huge-zh', {
      destDir,
      fetchImpl: () => Promise.reject(new Error('must not fetch')),
    });
    await expect(attempt).rejects.toThrow(
      'Unknown embedding model "bge-huge-zh". Known models: bge-small-zh, bge-base-zh, bge-large-zh.',
    );
    await expect(attempt).rejects.toMatchObject({ code: 'not_found' });
  });
});

describe('MODEL_CATALOG', () => {
  it('lists unique names, each with the files a transformers.js folder needs', () => {
    const names = MODEL_CATALOG.map((entry) => entry.name);
    expect(new Set(names).size).toBe(names.length);
    for (const entry of MODEL_CATALOG) {
      expect(entry.repo).toMatch(/^Xenova\/bge-/);
      const required = entry.files.filter((f) => f.optional !== true).map((f) => f.path);
      expect(required).toEqual(REQUIRED);
      for (const file of entry.files) {
        if (file.sha256 !== undefined) expect(file.sha256).toMatch(/^[0-9a-f]{64}$/);
      }
    }
  });
});
