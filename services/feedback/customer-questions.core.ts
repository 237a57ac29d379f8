/**
 * The questions customers ask most, clustered by wording: questions naming the same lexicon
 * concepts (products, features, needs, price or delivery topics, competitors …) form one cluster;
 * questions without any concept cluster by their normalised text.
 */
import type { z } from 'zod';
import { normalizeText, stripPunctuation } from '../../pipeline/nlp/normalize.js';
import type { ZQuestionCluster } from './team.schema.js';

export interface CustomerQuestionRow {
  callId: string;
  utteranceId: string;
  occurredAt: string;
  industry: string;
  /** The question's own text (its span of the utterance). */
  text: string;
}

/** A cluster of customers' questions (its JSON is described once, by team.schema.ts). */
export type QuestionCluster = z.infer<typeof ZQuestionCluster>;

const LEADING_FILLERS = /^(嗯+|呃+|啊+|哦+|那个|就是|那|哎|诶|对了)+/u;
const TRAILING_PARTICLES = /(吗|呢|吧|啊|呀|哈|嘛|么)+$/u;

/** Normalised wording: simplified, punctuation and spaces removed, fillers and final particles trimmed. */
export function normaliseQuestion(text: string): string {
  const plain = stripPunctuation(normalizeText(text).text).replace(/\s+/g, '');
  const trimmed = plain.replace(LEADING_FILLERS, '').replace(TRAILING_PARTICLES, '');
  return trimmed || plain;
}

export function clusterQuestions(
  rows: readonly CustomerQuestionRow[],
  conceptsOf: (industry: string, text: string) => string[],
  options: { limit?: number; examples?: number } = {},
): { total: number; clusters: QuestionCluster[] } {
  const limit = options.limit ?? 20;
  const perCluster = options.examples ?? 3;
  const groups = new Map<string, { concepts: string[]; rows: (CustomerQuestionRow & { norm: string })[] }>();
  for (const row of rows) {
    const norm = normaliseQuestion(row.text);
    if (!norm) continue;
    const concepts = [...new Set(conceptsOf(row.industry, row.text))].sort();
    const key = concepts.length > 0 ? `concepts:${concepts.join('+')}` : `text:${norm}`;
    let g = groups.get(key);
    if (!g) {
      g = { concepts, rows: [] };
      groups.set(key, g);
    }
    g.rows.push({ ...row, norm });
  }
  const clusters: QuestionCluster[] = [...groups].map(([key, g]) => {
    const wordings = new Map<string, number>();
    for (const r of g.rows) wordings.set(r.norm, (wordings.get(r.norm) ?? 0) + 1);
    const label = [...wordings].sort(
      ([a, x], [b, y]) => y - x || [...a].length - [...b].length || (a < b ? -1 : a > b ? 1 : 0),
    )[0]![0];
    const newest = [...g.rows].sort((a, b) =>
      a.occurredAt < b.occurredAt ? 1 : a.occurredAt > b.occurredAt ? -1 : a.callId < b.callId ? -1 : 1,
    );
    const examples: QuestionCluster['examples'] = [];
    const seen = new Set<string>();
    for (const r of newest) {
      if (seen.has(r.callId)) continue;
      seen.add(r.callId);
      examples.push({ callId: r.callId, utteranceId: r.utteranceId, occurredAt: r.occurredAt, text: r.text });
      if (examples.length >= perCluster) break;
    }
    return {
      key,
      label,
      concepts: g.concepts,
      count: g.rows.length,
      calls: new Set(g.rows.map((r) => r.callId)).size,
      examples,
    };
  });
  clusters.sort((a, b) => b.count - a.count || b.calls - a.calls || (a.key < b.key ? -1 : 1));
  return { total: rows.length, clusters: clusters.slice(0, limit) };
}
