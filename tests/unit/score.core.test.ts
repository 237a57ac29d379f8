import { describe, expect, it } from 'vitest';
import { defaultLexiconDir } from '../../lexicons/lexicon.registry.js';
import { loadScorecard } from '../../lexicons/scorecard.loader.js';
import { DIMENSIONS, SCORE_METRICS, type ScoreItemSpec } from '../../lexicons/scorecard.schema.js';
import { type MetricValue, scoreCall, scoreValue } from '../../pipeline/nlp/score.core.js';

const spec = (s: Partial<ScoreItemSpec>): ScoreItemSpec => ({
  id: 'x',
  metric: 'talk_ratio',
  label: 'x',
  weight: 1,
  scoring: 'at_least',
  source: 'test',
  ...s,
});

describe('score items', () => {
  it('scores at_least, at_most, band and presence', () => {
    expect(scoreValue(spec({ scoring: 'at_least' }), 0.4, 0.8)).toBe(50);
    expect(scoreValue(spec({ scoring: 'at_least' }), 2, 0.8)).toBe(100);
    expect(scoreValue(spec({ scoring: 'at_most', zeroAt: 540 }), 330, 120)).toBe(50);
    expect(scoreValue(spec({ scoring: 'band', max: 14, zeroBelow: 0, zeroAt: 28 }), 21, 11)).toBe(50);
    expect(scoreValue(spec({ scoring: 'band', max: 14, zeroBelow: 0, zeroAt: 28 }), 5.5, 11)).toBe(50);
    expect(scoreValue(spec({ scoring: 'presence' }), 0, 1)).toBe(0);
  });

  it('leaves items without data out of the dimension instead of scoring them 0', () => {
    const sc = loadScorecard(defaultLexiconDir(), 'saas');
    const metrics = Object.fromEntries(
      SCORE_METRICS.map((m) => [m, { value: null, findingIds: [] }]),
    ) as unknown as Record<(typeof SCORE_METRICS)[number], MetricValue>;
    metrics.next_step_proposed = { value: 1, findingIds: ['f-1'] };
    metrics.next_step_dated = { value: 0, findingIds: [] };
    metrics.commitment_asked = { value: 1, findingIds: ['f-1'] };
    const s = scoreCall(metrics, sc, 30);
    expect(s.dimensions.objection_handling).toBeNull();
    // closing: (100×1.5 + 0×1 + 100×1) / 3.5 = 71.4
    expect(s.dimensions.closing).toBe(71);
    expect(s.total).toBe(71);
    expect(s.items.find((i) => i.id === 'next_step_proposed')?.findingIds).toEqual(['f-1']);
  });

  it('every industry scorecard resolves, cites a source per item, and covers all five dimensions', () => {
    for (const industry of [
      'medical_devices',
      'education_equipment',
      'saas',
      'manufacturing',
      'retail',
      'finance',
    ]) {
      const sc = loadScorecard(defaultLexiconDir(), industry);
      expect(Object.keys(sc.dimensions)).toEqual([...DIMENSIONS]);
      for (const d of DIMENSIONS)
        for (const item of sc.dimensions[d].items) expect(item.source.length).toBeGreaterThan(5);
      expect(sc.versionId).toMatch(new RegExp(`^${industry}@1\\+[0-9a-f]{12}$`));
    }
  });
});
