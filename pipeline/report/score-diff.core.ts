import { z } from 'zod';
import { DIMENSION_NAMES_ZH, DIMENSIONS, type Dimension } from '../../lexicons/scorecard.schema.js';
import type { Label } from '../nlp/types.js';
import { LABEL_ZH } from './labels-zh.js';

/** The parts of a stored analysis a diff reads. */
export interface DiffSide {
  findings: readonly { id: string; label: string; utteranceId: string }[];
  scoreItems: readonly {
    id: string;
    metric: string;
    label: string;
    dimension: string;
    score: number | null;
    value: number | null;
    findingIds: readonly string[];
    detail?: Record<string, number> | null | undefined;
  }[];
  dimensions: Readonly<Record<string, number | null>>;
  total: number | null;
}

/** Why a call was scored again (carried by the analyze job where the caller knows it). */
export const ZChangeCause = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('appeal'), appealId: z.string().min(1).max(120) }),
  z.strictObject({ kind: z.literal('lexicon'), version: z.string().min(1).max(200) }),
  z.strictObject({ kind: z.literal('model'), version: z.string().min(1).max(200) }),
  z.strictObject({ kind: z.literal('industry'), industry: z.string().min(1).max(40) }),
  z.strictObject({ kind: z.literal('rescore') }),
]);
export type ChangeCause = z.infer<typeof ZChangeCause>;

/** One finding as a diff names it: its label and where it is, not its id (ids change per run). */
export const ZFindingRef = z.object({ label: z.string(), utteranceId: z.string() });
export type FindingRef = z.infer<typeof ZFindingRef>;

const ZFromTo = { from: z.number().nullable(), to: z.number().nullable() };

export const ZItemChange = z.object({
  metric: z.string(),
  label: z.string(),
  dimension: z.enum(DIMENSIONS),
  ...ZFromTo,
  /** Findings the item counts now and did not before, and the reverse. */
  counted: z.array(ZFindingRef),
  uncounted: z.array(ZFindingRef),
  /** The reason in plain Chinese, e.g. 新计入 1 条「隐性需求」（第 12 句）…，得分 100 → 50. */
  reason: z.string().describe('the reason in plain Chinese'),
});
export type ItemChange = z.infer<typeof ZItemChange>;

/**
 * Per-item difference between two analyses of one call, with the reason of each change in words.
 * The schema describes the API's `lastChange` (the web's type is generated from it).
 */
export const ZScoreChange = z.object({
  cause: ZChangeCause,
  at: z.string(),
  total: z.object(ZFromTo),
  dimensions: z.array(z.object({ dimension: z.enum(DIMENSIONS), ...ZFromTo })),
  items: z.array(ZItemChange),
  findingsAdded: z.array(ZFindingRef),
  findingsRemoved: z.array(ZFindingRef),
  /** One sentence summing the change up, in Chinese. */
  summary: z.string().describe('one sentence summing the change up, in Chinese'),
});
export type ScoreChange = z.infer<typeof ZScoreChange>;

const keyOf = (f: FindingRef) => `${f.label}@${f.utteranceId}`;
const refOf = (f: { label: string; utteranceId: string }): FindingRef => ({
  label: f.label,
  utteranceId: f.utteranceId,
});

function labelZh(label: string): string {
  return LABEL_ZH[label as Label] ?? label;
}

/** `u12` → 第 12 句; anything else as it is. */
export function utteranceZh(id: string): string {
  const m = /^u(\d+)$/.exec(id);
  return m ? `第 ${m[1]} 句` : id;
}

const scoreZh = (s: number | null) => (s === null ? '不适用' : `${s} 分`);

/** 「隐性需求」（第 12 句）、「价格异议」（第 3 句） */
function listZh(refs: readonly FindingRef[]): string {
  return refs.map((r) => `「${labelZh(r.label)}」（${utteranceZh(r.utteranceId)}）`).join('、');
}

export function causeZh(cause: ChangeCause): string {
  switch (cause.kind) {
    case 'appeal':
      return '申诉被接受后重新评分';
    case 'lexicon':
      return '新词库发布后重新评分';
    case 'model':
      return '新学习模型发布后重新评分';
    case 'industry':
      return '更正行业后重新评分';
    default:
      return '重新评分';
  }
}

/** A ratio detail (`numerator`/`denominator`) as "1/2", else the value. */
function valueZh(item: DiffSide['scoreItems'][number] | undefined): string | null {
  if (!item) return null;
  const d = item.detail;
  if (d && typeof d.numerator === 'number' && typeof d.denominator === 'number')
    return `${d.numerator}/${d.denominator}`;
  return item.value === null ? null : String(Math.round(item.value * 100) / 100);
}

function itemReason(
  before: DiffSide['scoreItems'][number] | undefined,
  after: DiffSide['scoreItems'][number] | undefined,
  counted: FindingRef[],
  uncounted: FindingRef[],
): string {
  const parts: string[] = [];
  if (counted.length) parts.push(`新计入 ${counted.length} 条：${listZh(counted)}`);
  if (uncounted.length) parts.push(`不再计入 ${uncounted.length} 条：${listZh(uncounted)}`);
  const v0 = valueZh(before);
  const v1 = valueZh(after);
  const name = after?.label ?? before?.label ?? '评分项';
  if (v0 !== v1 && (v0 !== null || v1 !== null))
    parts.push(`「${name}」从 ${v0 ?? '不适用'} 变为 ${v1 ?? '不适用'}`);
  if (!parts.length) parts.push('计分规则或目标变化后按同一发现重新计算');
  return `${parts.join('；')}，得分 ${scoreZh(before?.score ?? null)} → ${scoreZh(after?.score ?? null)}`;
}

/**
 * The per-item difference between the analysis a call had and the one replacing it: which items
 * moved, which findings each now counts or no longer counts, and why in words. Items whose score
 * stays the same are left out even when their findings moved (nothing to explain to the rep).
 */
export function diffScores(before: DiffSide, after: DiffSide, cause: ChangeCause, at: Date): ScoreChange {
  const refsById = (side: DiffSide) => new Map(side.findings.map((f) => [f.id, refOf(f)]));
  const beforeRefs = refsById(before);
  const afterRefs = refsById(after);
  const beforeKeys = new Set([...beforeRefs.values()].map(keyOf));
  const afterKeys = new Set([...afterRefs.values()].map(keyOf));
  const findingsAdded = uniqueRefs([...afterRefs.values()].filter((r) => !beforeKeys.has(keyOf(r))));
  const findingsRemoved = uniqueRefs([...beforeRefs.values()].filter((r) => !afterKeys.has(keyOf(r))));

  const byMetric = (side: DiffSide) => new Map(side.scoreItems.map((i) => [i.metric, i]));
  const b = byMetric(before);
  const a = byMetric(after);
  const items: ItemChange[] = [];
  for (const metric of [...new Set([...b.keys(), ...a.keys()])]) {
    const i0 = b.get(metric);
    const i1 = a.get(metric);
    const from = i0?.score ?? null;
    const to = i1?.score ?? null;
    if (from === to) continue;
    const refs = (item: typeof i0, map: Map<string, FindingRef>) =>
      uniqueRefs((item?.findingIds ?? []).flatMap((id) => (map.has(id) ? [map.get(id)!] : [])));
    const r0 = refs(i0, beforeRefs);
    const r1 = refs(i1, afterRefs);
    const k0 = new Set(r0.map(keyOf));
    const k1 = new Set(r1.map(keyOf));
    const counted = r1.filter((r) => !k0.has(keyOf(r)));
    const uncounted = r0.filter((r) => !k1.has(keyOf(r)));
    items.push({
      metric,
      label: i1?.label ?? i0?.label ?? metric,
      dimension: (i1?.dimension ?? i0?.dimension) as Dimension,
      from,
      to,
      counted,
      uncounted,
      reason: itemReason(i0, i1, counted, uncounted),
    });
  }
  const dims = [
    ...new Set([...Object.keys(before.dimensions), ...Object.keys(after.dimensions)]),
  ] as Dimension[];
  const dimensions = dims
    .map((d) => ({ dimension: d, from: before.dimensions[d] ?? null, to: after.dimensions[d] ?? null }))
    .filter((d) => d.from !== d.to);
  const moved = dimensions.map(
    (d) => `${DIMENSION_NAMES_ZH[d.dimension] ?? d.dimension} ${scoreZh(d.from)} → ${scoreZh(d.to)}`,
  );
  const summary =
    before.total === after.total && moved.length === 0
      ? `${causeZh(cause)}：各项得分没有变化`
      : `${causeZh(cause)}：总分 ${scoreZh(before.total)} → ${scoreZh(after.total)}${moved.length ? `（${moved.join('，')}）` : ''}`;
  return {
    cause,
    at: at.toISOString(),
    total: { from: before.total, to: after.total },
    dimensions,
    items,
    findingsAdded,
    findingsRemoved,
    summary,
  };
}

function uniqueRefs(refs: FindingRef[]): FindingRef[] {
  const seen = new Set<string>();
  return refs.filter((r) => {
    const k = keyOf(r);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
