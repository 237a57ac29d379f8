import { describe, expect, it } from 'vitest';
import {
  type Attempt,
  exitCodeOf,
  percentile,
  type StoredCall,
  summarizePhase,
  tallyCalls,
  verdictOf,
} from '../../scripts/chaos/tally.js';

/** The bookkeeping of `npm run chaos`: which calls count as lost or duplicated, and the exit code. */

const scored = (id: string, externalId: string, extra: Partial<StoredCall> = {}): StoredCall => ({
  id,
  externalId,
  status: 'scored',
  revision: 1,
  findings: 4,
  distinctFindings: 4,
  scoreItems: 19,
  distinctScoreItems: 19,
  ...extra,
});
const acked = (...ids: string[]) => new Set(ids);

describe('tallyCalls', () => {
  it('finds nothing when every POSTed call is stored once and scored once', () => {
    const submitted = new Map([
      ['ext-1', acked('call-1')],
      ['ext-2', acked('call-2')],
    ]);
    expect(tallyCalls(submitted, [scored('call-1', 'ext-1'), scored('call-2', 'ext-2')])).toEqual({
      lost: [],
      duplicated: [],
    });
  });

  it('accepts a call acknowledged only on its retry, and one stored by a reset request then acknowledged', () => {
    // The first POST died with the server; the retry got 200 created:false with the stored id.
    const submitted = new Map([['ext-1', acked('call-1')]]);
    expect(tallyCalls(submitted, [scored('call-1', 'ext-1')]).lost).toEqual([]);
  });

  it.each<[string, Map<string, Set<string>>, StoredCall[], string]>([
    [
      'acknowledged, not stored',
      new Map([['ext-1', acked('call-1')]]),
      [],
      'acknowledged as call-1, not stored',
    ],
    ['never acknowledged, never stored', new Map([['ext-1', acked()]]), [], 'never stored'],
    [
      'left queued after recovery',
      new Map([['ext-1', acked('call-1')]]),
      [scored('call-1', 'ext-1', { status: 'queued' })],
      'call-1 left queued',
    ],
    [
      'failed',
      new Map([['ext-1', acked('call-1')]]),
      [scored('call-1', 'ext-1', { status: 'failed' })],
      'call-1 left failed',
    ],
    [
      'scored without score items',
      new Map([['ext-1', acked('call-1')]]),
      [scored('call-1', 'ext-1', { scoreItems: 0, distinctScoreItems: 0 })],
      'call-1 scored without an analysis',
    ],
  ])('lost: %s', (_name, submitted, stored, problem) => {
    const { lost, duplicated } = tallyCalls(submitted, stored);
    expect(lost).toEqual([{ externalId: 'ext-1', problem }]);
    expect(duplicated).toEqual([]);
  });

  it.each<[string, Map<string, Set<string>>, StoredCall[], string]>([
    [
      'two ids acknowledged for one externalId',
      new Map([['ext-1', acked('call-1', 'call-9')]]),
      [scored('call-1', 'ext-1')],
      'acknowledged as call-1, call-9',
    ],
    [
      'findings stored twice',
      new Map([['ext-1', acked('call-1')]]),
      [scored('call-1', 'ext-1', { findings: 8, distinctFindings: 4 })],
      'call-1: findings 8 (4 distinct), score items 19 (19 distinct)',
    ],
    [
      'scored again at revision 2',
      new Map([['ext-1', acked('call-1')]]),
      [scored('call-1', 'ext-1', { revision: 2 })],
      'call-1 at revision 2',
    ],
    [
      'a stored call nobody submitted (a rejected request that stored anyway)',
      new Map<string, Set<string>>(),
      [scored('call-1', 'ext-1')],
      'stored as call-1, never submitted',
    ],
  ])('duplicated: %s', (_name, submitted, stored, problem) => {
    const { lost, duplicated } = tallyCalls(submitted, stored);
    expect(duplicated).toEqual([{ externalId: 'ext-1', problem }]);
    expect(lost).toEqual([]);
  });

  it('leaves calls stored before the run alone', () => {
    expect(tallyCalls(new Map(), [scored('call-0', 'seed-0')], new Set(['seed-0']))).toEqual({
      lost: [],
      duplicated: [],
    });
  });
});

describe('summarizePhase and the exit code', () => {
  const a = (kind: Attempt['kind'], ms: number, extra: Partial<Attempt> = {}): Attempt => ({
    phase: 'p',
    label: 'x',
    kind,
    ms,
    outage: false,
    ...extra,
  });

  it('percentiles by nearest rank', () => {
    const values = Array.from({ length: 100 }, (_, i) => i + 1);
    expect([percentile(values, 0.5), percentile(values, 0.95), percentile(values, 0.99)]).toEqual([
      50, 95, 99,
    ]);
    expect(percentile([], 0.5)).toBe(0);
    expect(percentile([7], 0.99)).toBe(7);
  });

  it('counts a 503 during an outage as expected, any other 5xx, hangs and refusals while up as failures', () => {
    const stats = summarizePhase('p', [
      a('answer', 10, { status: 201 }),
      a('answer', 12, { status: 503, outage: true }),
      a('answer', 14, { status: 503 }),
      a('answer', 16, { status: 500, outage: true }),
      a('hang', 5000),
      a('connection', 1, { outage: true }),
      a('connection', 1),
      a('connection', 1, { mayClose: true }),
      a('answer', 99, { status: 200, phase: 'other' }),
    ]);
    expect(stats).toEqual({
      phase: 'p',
      tried: 8,
      fiveXx: 2,
      expected503: 1,
      hangs: 1,
      refused: 1,
      refusedInOutage: 1,
      p50: 14,
      p95: 5000,
      p99: 5000,
      max: 5000,
    });
  });

  it('exits 0 only when every counted figure is 0; a known failure phase is shown, not counted', () => {
    const clean = summarizePhase('calm', [a('answer', 5, { status: 200, phase: 'calm' })]);
    const broken = summarizePhase('db down', [a('answer', 5, { status: 500, phase: 'db down' })]);
    const lostInDbDown = {
      lost: [{ externalId: 'e', problem: 'left analyzing', phase: 'db down' }],
      duplicated: [],
    };
    const none = { lost: [], duplicated: [] };
    expect(exitCodeOf(verdictOf([clean], none))).toBe(0);
    expect(exitCodeOf(verdictOf([clean, broken], none))).toBe(1);
    expect(exitCodeOf(verdictOf([clean], lostInDbDown))).toBe(1);
    const known = [{ phase: 'db down', reason: 'calls stuck after a database outage' }];
    const v = verdictOf([clean, broken], lostInDbDown, known);
    expect(v).toEqual({ tried: 2, fiveXx: 0, hangs: 0, refused: 0, lost: 0, duplicated: 0 });
    expect(exitCodeOf(v)).toBe(0);
  });
});
