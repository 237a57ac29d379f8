import { execFileSync } from 'node:child_process';
import { createReadStream, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../bin/config.js';
import { buildService, type Service } from '../../bin/service.js';
import { receiveUpload } from '../../pipeline/audio/audio-intake.js';
import {
  audioToolsAvailable,
  processAlive,
  STAND_IN_SEGMENTS,
  speak,
  stereo,
  writeServingStandIn,
  writeStandIn,
} from '../helpers/audio-fixtures.js';

/**
 * Warm transcriber hosts (WHISPER_BIN_SERVES=on with a serving stand-in): started once by the
 * worker and reused call after call, replaced when one dies mid-call (the call is retried, not
 * lost), ended with the service; and the utterances are exactly those of the cold path (one
 * transcriber process per channel and call) on the same recordings.
 */
const tools = audioToolsAvailable('warm transcriber hosts');

/** The stereo recording whose first attempt loses its host mid-call (its length in seconds). */
const DIES_ONCE_SECONDS = 27;

interface LoggedRequest {
  pcm: string;
  durationMs: number;
  pid: number;
}

describe.skipIf(!tools)('warm transcriber hosts', () => {
  const root = mkdtempSync(join(tmpdir(), 'tingjian-warm-host-'));
  const warmDir = join(root, 'warm');
  const coldDir = join(root, 'cold');
  let warm: Service | undefined;
  let cold: Service | undefined;
  const files: Record<string, string> = {};

  async function start(dir: string, transcriber: string, warmHosts: number): Promise<Service> {
    const model = join(dir, 'ggml-stand-in.bin');
    writeFileSync(model, 'not a real model: the stand-in ignores it');
    const svc = await buildService(
      loadConfig({
        DATA_DIR: dir,
        LOG_LEVEL: 'silent',
        WORKER_CONCURRENCY: '2',
        WHISPER_MODEL: model,
        WHISPER_BIN: transcriber,
        WHISPER_BIN_SERVES: 'on',
        WHISPER_WARM_HOSTS: String(warmHosts),
        TRANSCRIBE_TIMEOUT_MIN_MS: '5000',
        TRANSCRIBE_TIMEOUT_FACTOR: '0',
      }),
      { role: 'all' },
    );
    await svc.users.createUser({ name: '张伟', roles: ['rep'], externalId: 'rep-zhang' });
    await svc.startWorkers();
    return svc;
  }

  beforeAll(async () => {
    mkdirSync(warmDir);
    mkdirSync(coldDir);
    warm = await start(warmDir, writeServingStandIn(warmDir, STAND_IN_SEGMENTS, [DIES_ONCE_SECONDS]), 2);
    // WHISPER_WARM_HOSTS=0: the cold path, one process per channel and call (a one-shot stand-in
    // would never say `ready` if it were started as a host).
    cold = await start(coldDir, writeStandIn(coldDir, {}, STAND_IN_SEGMENTS), 0);
    const rep = speak('您好，我是华康医疗的小张，想跟您介绍一下腔镜系统。', join(root, 'rep.wav'));
    const customer = speak('我们手术室空间太小了，价格也太贵。', join(root, 'customer.wav'));
    files.mapped = stereo(rep, customer, join(root, 'mapped.wav'), 5500, 24);
    files.unmapped = stereo(rep, customer, join(root, 'unmapped.wav'), 5600, 25);
    files.again = stereo(rep, customer, join(root, 'again.wav'), 5700, 26);
    files.diesOnce = stereo(rep, customer, join(root, 'dies.wav'), 5500, DIES_ONCE_SECONDS);
    files.mono = speak(
      '王主任您好，我是华康医疗的小张。你说吧，我们手术室空间太小了。',
      join(root, 'mono.wav'),
    );
  }, 120_000);

  afterAll(async () => {
    await warm?.close();
    await cold?.close();
    rmSync(root, { recursive: true, force: true });
  });

  const requests = (dir: string): LoggedRequest[] =>
    readFileSync(join(dir, 'requests.log'), 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as LoggedRequest);

  async function transcribe(svc: Service, dir: string, file: string, extra: object = {}) {
    const upload = await receiveUpload(createReadStream(file), join(dir, 'audio'), 50 * 1024 * 1024);
    const { call } = await svc.service.submitAudio(
      { repId: 'rep-zhang', industry: 'medical_devices', occurredAt: '2026-05-01T10:00:00+08:00', ...extra },
      upload,
    );
    const deadline = Date.now() + 30_000;
    for (;;) {
      const c = await svc.calls.find(call.id);
      if (c?.status === 'scored' || (c?.status === 'failed' && c.failureReason))
        return svc.calls.get(call.id);
      if (Date.now() > deadline) throw new Error(`call not settled: ${c?.status}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  it('two calls run on the same two host processes, started once with the worker', async () => {
    const first = await transcribe(warm!, warmDir, files.mapped!, {
      channels: { left: 'rep', right: 'customer' },
    });
    const second = await transcribe(warm!, warmDir, files.again!, {
      channels: { left: 'rep', right: 'customer' },
    });
    expect([first?.status, second?.status]).toEqual(['scored', 'scored']);
    const log = requests(warmDir);
    const pidsOf = (seconds: number) =>
      new Set(log.filter((r) => Math.round(r.durationMs / 1000) === seconds).map((r) => r.pid));
    expect(pidsOf(24).size).toBe(2); // the two channels at once, on two hosts
    expect(pidsOf(26)).toEqual(pidsOf(24));
    for (const pid of pidsOf(24)) expect(processAlive(pid)).toBe(true);
  });

  it('utterances are identical to the cold path (one process per channel and call) on the same audio', async () => {
    const cases: [string, object][] = [
      [files.mapped!, { channels: { left: 'rep', right: 'customer' } }],
      [files.unmapped!, {}],
      [files.mono!, {}],
    ];
    for (const [file, extra] of cases) {
      const w = await transcribe(warm!, warmDir, file, extra);
      const c = await transcribe(cold!, coldDir, file, extra);
      expect(w?.status).toBe('scored');
      expect(w?.utterances).toEqual(c?.utterances);
      expect(w?.utterances.length).toBeGreaterThan(2);
    }
  });

  it('a host that dies mid-call is replaced and the call is retried on a new host, not lost', async () => {
    const call = await transcribe(warm!, warmDir, files.diesOnce!, {
      channels: { left: 'rep', right: 'customer' },
    });
    expect([call?.status, call?.failureReason]).toEqual(['scored', null]);
    expect(call?.utterances.map((u) => [u.speaker, u.start])).toEqual([
      ['rep', 0],
      ['customer', 5500],
      ['rep', 9000],
      ['customer', 12_500],
    ]);
    const attempts = requests(warmDir).filter((r) => Math.round(r.durationMs / 1000) === DIES_ONCE_SECONDS);
    // Two channels per attempt: the first attempt's host died (its sibling is stopped with it);
    // the retry ran on live hosts that replaced them.
    expect(attempts).toHaveLength(4);
    const dead = new Set(attempts.filter((r) => !processAlive(r.pid)).map((r) => r.pid));
    expect(dead.size).toBeGreaterThanOrEqual(1);
    expect(attempts.slice(0, 2).some((r) => dead.has(r.pid))).toBe(true);
    expect(attempts.slice(2).every((r) => processAlive(r.pid))).toBe(true);
  });

  it('closing the service ends every host: no orphan process', async () => {
    const pids = [...new Set(requests(warmDir).map((r) => r.pid))].filter(processAlive);
    expect(pids.length).toBeGreaterThanOrEqual(2);
    await warm!.close();
    warm = undefined;
    expect(pids.filter(processAlive)).toEqual([]);
    const ps = execFileSync('ps', ['-eo', 'args']).toString();
    expect(ps.split('\n').filter((l) => l.includes(warmDir))).toEqual([]);
  });
});
