import type { Speaker } from '../../models/transcript.js';
import { transcript } from '../../tests/helpers/runtime.js';
import { getAs } from './http-client.js';
import { sleep } from './processes.js';
import type { ChaosSession } from './session.js';

const TURNS: [Speaker, string][] = [
  ['rep', '周主任您好，我是瑞康医疗的林雪，想跟您聊聊腔镜系统，您现在方便吗？'],
  ['customer', '方便，你说吧，不过我只有十分钟。'],
  ['rep', '您目前科室里用的是哪家的设备？平时主要做哪些手术呢？'],
  ['customer', '主要是普外科的手术，现在的设备用了七八年了，图像不太清楚。'],
  ['rep', '我们的系统是一体化设计，占地比传统方案小三分之一。'],
  ['customer', '价格太贵了，预算今年已经用完了，我们再考虑考虑。'],
  ['rep', '理解，很多医院也是分两年付款的，您看这样是否可行？'],
  ['customer', '那你先把资料发给我，我跟院里商量一下。'],
  ['rep', '好的，我下周二带样机过来给您演示一次，可以吗？'],
  ['customer', '可以，下周二下午三点吧。'],
];

/**
 * Call `n` of a run: a real sales conversation with numbers that make each call distinct; the
 * conversation `repeats` times over (a longer call takes longer to score).
 */
export function chaosCall(runId: string, n: number, repeats = 1): { externalId: string; body: Buffer } {
  const externalId = `chaos-${runId}-${n}`;
  const turns = Array.from({ length: repeats }, () => TURNS)
    .flat()
    .map(([speaker, text], i): [Speaker, string] =>
      i === 3 ? [speaker, `${text}第${n}号手术室只有${20 + (n % 30)}平米。`] : [speaker, text],
    );
  const call = transcript('medical_devices', turns, { repId: 'rep-lin', externalId });
  return { externalId, body: Buffer.from(JSON.stringify(call)) };
}

/** POSTs calls `from`..`to` of the run, `concurrency` at a time; resolves when all were tried. */
export async function submitCalls(
  session: ChaosSession,
  runId: string,
  range: { from: number; to: number },
  concurrency = 4,
  onAcknowledged?: (acknowledged: number) => void,
  repeats = 1,
): Promise<void> {
  let next = range.from;
  let acknowledged = 0;
  const lane = async () => {
    while (next <= range.to) {
      const { externalId, body } = chaosCall(runId, next++, repeats);
      if (await session.postCall('POST /v1/calls (call)', externalId, body)) onAcknowledged?.(++acknowledged);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, lane));
}

/** POSTs again every call never acknowledged (as a client retries after a 503 or a reset). */
export async function retryUnacknowledged(session: ChaosSession, rounds = 3): Promise<number> {
  let left = session.unacknowledged();
  for (let round = 0; round < rounds && left.length > 0; round++) {
    if (round > 0) await sleep(1000);
    for (const { externalId, body } of left)
      await session.postCall('POST /v1/calls (retry)', externalId, body);
    left = session.unacknowledged();
  }
  return left.length;
}

/** Status counts of every stored call, through the API (an admin sees them all). */
export async function statusCounts(session: ChaosSession): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  let cursor: string | null = null;
  do {
    const path = `/v1/calls?limit=500${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
    const res = await getAs(session.baseUrl, session.tokens.admin, path);
    if (res.status !== 200)
      throw new Error(`GET ${path}: ${res.status} ${JSON.stringify(res.body).slice(0, 200)}`);
    for (const item of res.body.items as { status: string }[])
      counts[item.status] = (counts[item.status] ?? 0) + 1;
    cursor = res.body.nextCursor as string | null;
  } while (cursor);
  return counts;
}

const TERMINAL = new Set(['scored', 'failed', 'needs_industry']);

/**
 * Waits until no stored call is left in a working state, or `timeoutMs` passes, or nothing has
 * moved for `stallMs` (the tally then reports the stragglers). Returns the last counts seen.
 */
export async function waitSettled(
  session: ChaosSession,
  timeoutMs: number,
  stallMs = 15_000,
): Promise<Record<string, number>> {
  const deadline = Date.now() + timeoutMs;
  let counts: Record<string, number> = {};
  let last = '';
  let since = Date.now();
  for (;;) {
    try {
      counts = await statusCounts(session);
      if (Object.keys(counts).every((s) => TERMINAL.has(s))) return counts;
      const now = JSON.stringify(counts);
      if (now !== last) [last, since] = [now, Date.now()];
    } catch {
      // The API is restarting or a dependency is back only partly: ask again.
    }
    if (Date.now() > deadline || Date.now() - since > stallMs) return counts;
    await sleep(250);
  }
}

/** Resolves once at least `n` stored calls are waiting or being worked on (or after `timeoutMs`). */
export async function waitWorking(session: ChaosSession, n: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const counts = await statusCounts(session).catch(() => ({}) as Record<string, number>);
    const working = Object.entries(counts)
      .filter(([s]) => !TERMINAL.has(s))
      .reduce((sum, [, k]) => sum + k, 0);
    if (working >= n) return;
    await sleep(20);
  }
}

/** Resolves once `n` calls are scored in total, or after `timeoutMs` (the fault then comes anyway). */
export async function waitScored(session: ChaosSession, n: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const counts = await statusCounts(session).catch(() => ({}) as Record<string, number>);
    if ((counts.scored ?? 0) >= n) return;
    await sleep(50);
  }
}
