import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import {
  FOLDER_THREAD_YOUNG_MB,
  type FolderThreadInit,
  folderWorkerOptions,
} from '../../bin/commands/analyze-folder.js';
import { loadConfig } from '../../bin/config.js';

// A folder thread allocates several MB per call: with Node's default young generation (48 MB)
// it scavenged ~395 times per 1,000 calls, and with every core busy analysing each scavenge's
// parallel helpers waited for a core (docs/measurements.md, 2026-12-08, issue 16). The effect on
// speed is measured by bench:cli; this test checks that the folder's threads get the limit.
describe('folder thread heap', () => {
  it('starts a folder thread with twice the default young generation and its data', async () => {
    expect(FOLDER_THREAD_YOUNG_MB).toBe(96);
    const init: FolderThreadInit = { config: loadConfig({}), options: { format: 'json' } };
    // The options the folder's threads are started with, given to a thread that reports back.
    const options = folderWorkerOptions(init, true);
    const worker = new Worker(
      'const { parentPort, workerData, resourceLimits } = require("node:worker_threads"); parentPort.postMessage({ workerData, young: resourceLimits.maxYoungGenerationSizeMb })',
      options,
    );
    const reply = (await new Promise((resolve) => worker.once('message', resolve))) as {
      workerData: FolderThreadInit;
      young: number;
    };
    expect(reply.young).toBe(FOLDER_THREAD_YOUNG_MB);
    expect(worker.resourceLimits?.maxYoungGenerationSizeMb).toBe(FOLDER_THREAD_YOUNG_MB);
    expect(reply.workerData.options).toEqual(init.options);
    await worker.terminate();
  });
});
