import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ModeReport } from '../../pipeline/eval/evaluate.core.js';
import { evaluateCalls, readLabelledCalls } from '../../pipeline/eval/run-eval.js';
import { shippedAnalyzer } from '../helpers/runtime.js';
import { SEED_FIXTURES } from '../helpers/seed-team.js';

const ROOT = resolve(import.meta.dirname, '..', '..');
const DEV_CALLS = join(ROOT, '..', 'shared', 'fixtures', 'dev-calls');
const REQUIRE_SHARED = process.env.REQUIRE_SHARED === '1';

/**
 * Floors of the 21 later team-written calls, rules alone (set when they were added, just under the
 * figures measured then: question 0.960/0.942, objection 0.606/0.613, implicit need 0.674/0.688,
 * tags 0.855, punctuated/unpunctuated).
 */
const FLOOR_LATER = { question: 0.93, objection: 0.59, implicitNeed: 0.66, tags: 0.84 };

/** The quality bars of the analysis issue, as stated there (never lowered here). */
function expectIssueBars(m: ModeReport, unpunctuated: boolean) {
  expect(m.question.f1).toBeGreaterThanOrEqual(unpunctuated ? 0.9 : 0.95);
  expect(m.openClosedAccuracy).toBeGreaterThanOrEqual(0.9);
  expect(m.objection.f1).toBeGreaterThanOrEqual(0.9);
  expect(m.objectionTypeAccuracy).toBeGreaterThanOrEqual(0.9);
  expect(m.techniques.f1).toBeGreaterThanOrEqual(0.8);
  expect(m.implicitNeed.f1).toBeGreaterThanOrEqual(0.8);
  expect(m.implicitNeedIdentifiedAccuracy).toBeGreaterThanOrEqual(0.85);
  expect(m.restatement.f1).toBeGreaterThanOrEqual(0.85);
  expect(m.restatementAccuracyBalanced).toBeGreaterThanOrEqual(0.8);
  expect(m.tags.f1).toBeGreaterThanOrEqual(0.9);
}

describe('quality bars on the shared dev calls', () => {
  const present = existsSync(DEV_CALLS);
  if (!present && REQUIRE_SHARED) {
    it('needs ../shared/fixtures/dev-calls (REQUIRE_SHARED=1)', () => {
      expect.fail(`${DEV_CALLS} not found`);
    });
    return;
  }
  it.skipIf(!present)('meets every bar, punctuated and unpunctuated', async () => {
    const { report } = await evaluateCalls(readLabelledCalls(DEV_CALLS), (t) => shippedAnalyzer().analyze(t));
    expect(report.files).toBe(12);
    expectIssueBars(report.modes.punctuated, false);
    expectIssueBars(report.modes.unpunctuated, true);
  });
  if (!present) console.warn(`skipping dev-call quality bars: ${DEV_CALLS} not found`);
});

describe('regression floors on the team-written fixtures', () => {
  // Harder calls written by the team (tests/fixtures/calls). These floors sit just under the
  // figures measured when they were set and only ever move up; the issue's bars are checked above.
  // The first fourteen calls keep the floors set on them; the calls written since (harder still,
  // several ASR-style) have floors of their own, measured when they were added.
  const all = () => readLabelledCalls(join(ROOT, 'tests', 'fixtures', 'calls'));
  it('keeps detection quality on calls the rules were not written from', async () => {
    const calls = all().filter((c) => SEED_FIXTURES.has(c.name));
    expect(calls).toHaveLength(SEED_FIXTURES.size);
    const { report } = await evaluateCalls(calls, (t) => shippedAnalyzer().analyze(t));
    for (const m of [report.modes.punctuated, report.modes.unpunctuated]) {
      expect(m.question.f1).toBeGreaterThanOrEqual(0.93);
      expect(m.objection.f1).toBeGreaterThanOrEqual(0.8);
      expect(m.implicitNeed.f1).toBeGreaterThanOrEqual(0.8);
      expect(m.restatement.f1).toBeGreaterThanOrEqual(0.95);
      expect(m.tags.f1).toBeGreaterThanOrEqual(0.88);
    }
  });
  it('keeps detection quality on the later, harder team-written calls', async () => {
    // Only the tj-* calls the floors were measured on: the third honest set (th-*) has no floors,
    // so that nobody tunes rules towards it; its figures are reported, not asserted.
    const calls = all().filter((c) => !SEED_FIXTURES.has(c.name) && c.name.startsWith('tj-'));
    expect(calls).toHaveLength(21);
    const { report } = await evaluateCalls(calls, (t) => shippedAnalyzer().analyze(t));
    for (const m of [report.modes.punctuated, report.modes.unpunctuated]) {
      expect(m.question.f1).toBeGreaterThanOrEqual(FLOOR_LATER.question);
      expect(m.objection.f1).toBeGreaterThanOrEqual(FLOOR_LATER.objection);
      expect(m.implicitNeed.f1).toBeGreaterThanOrEqual(FLOOR_LATER.implicitNeed);
      expect(m.tags.f1).toBeGreaterThanOrEqual(FLOOR_LATER.tags);
    }
  });
});
