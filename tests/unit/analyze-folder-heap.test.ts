import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { FOLDER_THREAD_YOUNG_MB } from '../../bin/commands/analyze-folder.js';

// A folder thread allocates several MB per call: with Node's default young generation (48 MB)
// it scavenged ~395 times per 1,000 calls, and with every core busy analysing each scavenge's
// parallel helpers waited for a core (docs/measurements.md, 2026-12-08, issue 16).
describe('folder thread heap', () => {
  it('gives a folder thread twice the default young generation', () => {
    expect(FOLDER_THREAD_YOUNG_MB).toBe(96);
  });

  it('is a limit a worker thread accepts and reports back', async () => {
    const worker = new Worker('require("node:worker_threads").parentPort.postMessage(0)', {
      eval: true,
      resourceLimits: { maxYoungGenerationSizeMb: FOLDER_THREAD_YOUNG_MB },
    });
    await new Promise((resolve) => worker.once('message', resolve));
    expect(worker.resourceLimits?.maxYoungGenerationSizeMb).toBe(FOLDER_THREAD_YOUNG_MB);
    await worker.terminate();
  });
});
