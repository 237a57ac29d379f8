import { randomBytes } from 'node:crypto';
import { and, asc, desc, eq, getTableColumns, gte, inArray, lt, lte, type SQL, sql } from 'drizzle-orm';
import type { Db } from './db.js';
import { appeals, callFacts, feedbackPacks, type PackTrigger } from './schema.js';

export type FeedbackPack = typeof feedbackPacks.$inferSelect;
export type FeedbackPackSummary = Omit<FeedbackPack, 'data'>;

export interface NewFeedbackPack {
  repId: string;
  teamId: string | null;
  trigger: PackTrigger;
  /** Scheduled packs: one per rep and run; storing the run again replaces the pack. */
  runKey?: string | null;
  asOf: Date;
  windowFrom: Date;
  windowTo: Date;
  timeZone: string;
  lexiconVersions: readonly string[];
  scorecardVersions: readonly string[];
  data: Record<string, unknown>;
  generatedBy?: string | null;
}

/**
 * Situations a suggestion can quote: `bad` kinds find where it went wrong in the rep's calls,
 * the matching `good` kinds a top rep handling the same situation well.
 */
export const EXAMPLE_KINDS = [
  'opening_without_intro',
  'opening_with_intro',
  'opening_without_purpose',
  'opening_with_purpose',
  'opening_without_permission',
  'opening_with_permission',
  'low_early_engagement',
  'high_early_engagement',
  'question_closed',
  'question_open',
  'few_questions',
  'restatement_inaccurate',
  'restatement_accurate',
  'need_missed',
  'need_identified',
  'need_without_solution',
  'need_with_solution',
  'response_without_evidence',
  'response_with_evidence',
  'longest_monologue',
  'objection_unhandled',
  'objection_handled',
  'objection_without_alternative',
  'objection_with_alternative',
  'objection_without_clarify',
  'objection_with_clarify',
  'objection_unresolved',
  'objection_resolved',
  'objection_instant_reply',
  'objection_paused',
  'call_without_next_step',
  'next_step',
  'next_step_undated',
  'next_step_dated',
  'next_step_without_commitment',
  'next_step_with_commitment',
  'high_talk_ratio',
  'low_talk_ratio',
] as const;
export type ExampleKind = (typeof EXAMPLE_KINDS)[number];

export interface ExampleQuery {
  kind: ExampleKind;
  repIds: readonly string[];
  /** Local days of the window (call_facts.day) and the end instant. */
  fromDay: string;
  toDay: string;
  before: Date;
  /** Rank first: findings with this label (same objection type), calls of this industry. */
  prefer?: { label?: string | null; industry?: string | null };
  /** Rank last: calls already quoted elsewhere (so three suggestions quote three calls where possible). */
  avoidCallIds?: readonly string[];
  /** Search only these calls (e.g. the most recent ones of the window). */
  callIds?: readonly string[];
}

export interface FoundExample {
  callId: string;
  repId: string;
  repName: string;
  occurredAt: Date;
  industry: string;
  findingId: string | null;
  label: string | null;
  utterances: { id: string; speaker: 'rep' | 'customer'; text: string }[];
}

/** The best row of an example search: where its quote is, before the utterances are read. */
export interface ExampleHit extends Omit<FoundExample, 'utterances'> {
  /** The quoted utterance and the one it relates to (the answer to an objection, …) if any. */
  utteranceId: string;
  relatedId: string | null;
}

type Spec =
  | {
      type: 'finding';
      where: SQL;
      related?: SQL;
      /** The call's solutions (`sol`: their utterance positions and ids in call order), read once per call. */
      solutions?: true;
      /** The score item metric `ITEM` reads. */
      item?: string;
    }
  | {
      type: 'call';
      where?: SQL;
      order?: SQL;
      /** The score item metric `ITEM` reads. */
      item?: string;
      quote: 'first_rep' | 'last_rep' | 'longest_rep' | 'longest_customer' | 'first_two';
    };

const OBJ = sql`f.label like 'objection.%'`;
const techniques = (t: string) => sql`coalesce(f.evidence -> 'techniques', '[]'::jsonb) ? ${t}`;
const RESPONSE = sql`f.evidence ->> 'responseUtteranceId'`;
/** The value of the spec's score item (`item`: joined once per call, null when the call has none). */
const ITEM = sql`item.value`;
/** The call's first score item of a metric, as the spec's `item`. */
const itemJoin = (metric: string) =>
  sql`left join lateral (select s.value from score_items s where s.call_id = c.id and s.metric = ${metric} limit 1) item on true`;

type OpeningKind = Extract<ExampleKind, `opening_${string}`>;
type QuestionKind = Extract<ExampleKind, `question_${string}` | 'few_questions'>;
type NeedKind = Extract<ExampleKind, `restatement_${string}` | `need_${string}`>;
type ObjectionKind = Extract<ExampleKind, `response_${string}` | `objection_${string}`>;
type NextStepKind = Extract<ExampleKind, 'call_without_next_step' | `next_step${string}`>;
/** Whole-call figures: early engagement, the longest monologue, the talk ratio. */
type MetricKind = Exclude<ExampleKind, OpeningKind | QuestionKind | NeedKind | ObjectionKind | NextStepKind>;

/** Where an example kind's rows come from: the query spec of its behaviour family. */
function spec(kind: ExampleKind): Spec {
  if (kind.startsWith('opening_')) return openingSpec(kind as OpeningKind);
  if (kind.startsWith('question_') || kind === 'few_questions') return questionSpec(kind as QuestionKind);
  if (kind.startsWith('restatement_') || kind.startsWith('need_')) return needSpec(kind as NeedKind);
  if (kind.startsWith('response_') || kind.startsWith('objection_'))
    return objectionSpec(kind as ObjectionKind);
  if (kind === 'call_without_next_step' || kind.startsWith('next_step'))
    return nextStepSpec(kind as NextStepKind);
  return metricSpec(kind as MetricKind);
}

/** Opening: with or without the intro, purpose or permission component. */
function openingSpec(kind: OpeningKind): Spec {
  const opening = (with_: boolean, component: string): Spec =>
    with_
      ? {
          type: 'finding',
          where: sql`f.label = 'opening' and coalesce(f.evidence -> 'components', '[]'::jsonb) ? ${component}`,
        }
      : {
          type: 'call',
          where: sql`not exists (select 1 from findings o where o.call_id = c.id and o.label = 'opening'
                     and not o.suppressed and coalesce(o.evidence -> 'components', '[]'::jsonb) ? ${component})`,
          quote: 'first_rep',
        };
  switch (kind) {
    case 'opening_without_intro':
      return opening(false, 'intro');
    case 'opening_with_intro':
      return opening(true, 'intro');
    case 'opening_without_purpose':
      return opening(false, 'purpose');
    case 'opening_with_purpose':
      return opening(true, 'purpose');
    case 'opening_without_permission':
      return opening(false, 'permission');
    case 'opening_with_permission':
      return opening(true, 'permission');
  }
}

/** Questions: closed or open ones, calls with the fewest. */
function questionSpec(kind: QuestionKind): Spec {
  switch (kind) {
    case 'question_closed':
      return { type: 'finding', where: sql`f.label = 'question.closed'` };
    case 'question_open':
      return { type: 'finding', where: sql`f.label = 'question.open'` };
    case 'few_questions':
      return {
        type: 'call',
        where: sql`${ITEM} is not null`,
        order: sql`${ITEM} asc`,
        item: 'question_count',
        quote: 'longest_rep',
      };
  }
}

/** Restatements and needs: accurate or not, identified or missed, answered by a solution or not. */
function needSpec(kind: NeedKind): Spec {
  switch (kind) {
    case 'restatement_inaccurate':
      return {
        type: 'finding',
        where: sql`f.label = 'restatement' and f.evidence -> 'accurate' = 'false'::jsonb`,
        related: sql`f.evidence ->> 'refersTo'`,
      };
    case 'restatement_accurate':
      return {
        type: 'finding',
        where: sql`f.label = 'restatement' and f.evidence -> 'accurate' = 'true'::jsonb`,
        related: sql`f.evidence ->> 'refersTo'`,
      };
    case 'need_missed':
      return {
        type: 'finding',
        where: sql`f.label = 'need.implicit' and f.evidence -> 'identified' = 'false'::jsonb`,
      };
    case 'need_identified':
      return {
        type: 'finding',
        where: sql`f.label = 'need.implicit' and f.evidence -> 'identified' = 'true'::jsonb`,
        related: sql`f.evidence ->> 'identifiedBy'`,
      };
    // No solution after the need: the call's last one (if any) comes at or before it.
    case 'need_without_solution':
      return {
        type: 'finding',
        where: sql`f.label in ('need.implicit', 'need.explicit')
          and coalesce(sol.idxs[array_upper(sol.idxs, 1)] <= uf.idx, true)`,
        solutions: true,
      };
    // A solution within the six utterances after the need; quoted: the first one after it.
    case 'need_with_solution':
      return {
        type: 'finding',
        where: sql`f.label in ('need.implicit', 'need.explicit')
          and exists (select 1 from unnest(sol.idxs) i where i > uf.idx and i <= uf.idx + 6)`,
        related: sql`(select t.id from unnest(sol.idxs, sol.ids) t(i, id) where t.i > uf.idx order by t.i limit 1)`,
        solutions: true,
      };
  }
}

/** Objections and the responses to them: techniques used, resolved or not, reply latency. */
function objectionSpec(kind: ObjectionKind): Spec {
  switch (kind) {
    case 'response_without_evidence':
      return {
        type: 'finding',
        where: sql`${OBJ} and ${RESPONSE} is not null and not ${techniques('evidence')}`,
        related: RESPONSE,
      };
    case 'response_with_evidence':
      return { type: 'finding', where: sql`${OBJ} and ${techniques('evidence')}`, related: RESPONSE };
    case 'objection_unhandled':
      return {
        type: 'finding',
        where: sql`${OBJ} and jsonb_array_length(coalesce(f.evidence -> 'techniques', '[]'::jsonb)) = 0`,
        related: RESPONSE,
      };
    case 'objection_handled':
      return {
        type: 'finding',
        where: sql`${OBJ} and jsonb_array_length(coalesce(f.evidence -> 'techniques', '[]'::jsonb)) > 0 and f.evidence -> 'resolved' = 'true'::jsonb`,
        related: RESPONSE,
      };
    case 'objection_without_alternative':
      return { type: 'finding', where: sql`${OBJ} and not ${techniques('alternative')}`, related: RESPONSE };
    case 'objection_with_alternative':
      return { type: 'finding', where: sql`${OBJ} and ${techniques('alternative')}`, related: RESPONSE };
    case 'objection_without_clarify':
      return { type: 'finding', where: sql`${OBJ} and not ${techniques('clarify')}`, related: RESPONSE };
    case 'objection_with_clarify':
      return { type: 'finding', where: sql`${OBJ} and ${techniques('clarify')}`, related: RESPONSE };
    case 'objection_unresolved':
      return {
        type: 'finding',
        where: sql`${OBJ} and coalesce(f.evidence -> 'resolved', 'false'::jsonb) = 'false'::jsonb`,
        related: RESPONSE,
      };
    case 'objection_resolved':
      return {
        type: 'finding',
        where: sql`${OBJ} and f.evidence -> 'resolved' = 'true'::jsonb`,
        related: RESPONSE,
      };
    case 'objection_instant_reply':
      return {
        type: 'finding',
        where: sql`${OBJ} and jsonb_typeof(f.evidence -> 'latencyMs') = 'number' and (f.evidence ->> 'latencyMs')::float8 < 1000`,
        related: RESPONSE,
      };
    case 'objection_paused':
      return {
        type: 'finding',
        where: sql`${OBJ} and jsonb_typeof(f.evidence -> 'latencyMs') = 'number' and (f.evidence ->> 'latencyMs')::float8 between 1000 and 5000`,
        related: RESPONSE,
      };
  }
}

/** Next steps: missing, dated or not, with a commitment asked or not. */
function nextStepSpec(kind: NextStepKind): Spec {
  switch (kind) {
    case 'call_without_next_step':
      return {
        type: 'call',
        where: sql`not exists (select 1 from findings n where n.call_id = c.id and n.label = 'next_step' and not n.suppressed)`,
        quote: 'last_rep',
      };
    case 'next_step':
      return { type: 'finding', where: sql`f.label = 'next_step'` };
    case 'next_step_undated':
      return {
        type: 'finding',
        where: sql`f.label = 'next_step' and coalesce(f.evidence -> 'hasDate', 'false'::jsonb) = 'false'::jsonb`,
      };
    case 'next_step_dated':
      return {
        type: 'finding',
        where: sql`f.label = 'next_step' and f.evidence -> 'hasDate' = 'true'::jsonb`,
      };
    case 'next_step_without_commitment':
      return { type: 'finding', where: sql`f.label = 'next_step' and ${ITEM} = 0`, item: 'commitment_asked' };
    case 'next_step_with_commitment':
      return { type: 'finding', where: sql`f.label = 'next_step' and ${ITEM} = 1`, item: 'commitment_asked' };
  }
}

/** Whole-call figures: early engagement, the longest monologue, the talk ratio. */
function metricSpec(kind: MetricKind): Spec {
  switch (kind) {
    case 'low_early_engagement':
      return {
        type: 'call',
        where: sql`${ITEM} is not null`,
        order: sql`${ITEM} asc`,
        item: 'early_engagement',
        quote: 'first_two',
      };
    case 'high_early_engagement':
      return {
        type: 'call',
        where: sql`${ITEM} is not null`,
        order: sql`${ITEM} desc`,
        item: 'early_engagement',
        quote: 'first_two',
      };
    case 'longest_monologue':
      return {
        type: 'call',
        quote: 'longest_rep',
        order: sql`(select max(x.end_ms - x.start_ms) from utterances x where x.call_id = c.id and x.speaker = 'rep') desc nulls last`,
      };
    case 'high_talk_ratio':
      return {
        type: 'call',
        where: sql`jsonb_typeof(c.metrics -> 'talkRatio') = 'number'`,
        order: sql`(c.metrics ->> 'talkRatio')::float8 desc`,
        quote: 'longest_rep',
      };
    case 'low_talk_ratio':
      return {
        type: 'call',
        where: sql`jsonb_typeof(c.metrics -> 'talkRatio') = 'number'`,
        order: sql`(c.metrics ->> 'talkRatio')::float8 asc`,
        quote: 'longest_customer',
      };
  }
}

/**
 * A finding search: the window's calls in rank order (calls already quoted last, the preferred
 * industry first, most recent first), each searched for its first matching finding only until
 * one has one, instead of reading every finding of every call to sort them all. The preferred
 * label ranks before everything else, so a call with such a finding is looked for first; only
 * when no call has one does the search take any matching finding. Returns the row sorting all
 * (call, finding) pairs by the same keys would put first.
 */
function findingExampleSql(
  q: ExampleQuery,
  s: Extract<Spec, { type: 'finding' }>,
  window: SQL,
  tag: SQL,
): SQL {
  const list = (ids: readonly string[]) =>
    sql.join(
      ids.map((id) => sql`${id}`),
      sql`, `,
    );
  // Rank keys only where the query has them: a constant key would make PostgreSQL sort every
  // call's answer again instead of stopping at the first call that has one.
  const avoid = q.avoidCallIds && q.avoidCallIds.length > 0;
  const prefer = Boolean(q.prefer?.industry);
  const keys = sql.join(
    [
      ...(avoid ? [sql`(c.id in (${list(q.avoidCallIds!)})) as avoided`] : []),
      ...(prefer ? [sql`(c.industry = ${q.prefer!.industry}) as preferred`] : []),
    ].map((k) => sql`, ${k}`),
  );
  const order = (c: string) =>
    sql.raw(
      `${avoid ? `${c}avoided asc, ` : ''}${prefer ? `${c}preferred desc, ` : ''}${c}occurred_at desc, ${c}id`,
    );
  // The need searches place a need among the call's solutions (read once per call, not per need).
  const solutions = s.solutions
    ? sql`cross join lateral (
        select array_agg(us.idx order by us.idx) as idxs, array_agg(us.id order by us.idx) as ids
        from findings s join utterances us on us.call_id = s.call_id and us.id = s.utterance_id
        where s.call_id = c.id and s.label = 'solution' and not s.suppressed) sol
      join utterances uf on uf.call_id = f.call_id and uf.id = f.utterance_id`
    : sql``;
  const search = (rank: number, label: SQL) => sql`
    select ${sql.raw(String(rank))} as rank, c.id as call_id, c.rep_id, c.rep_name, c.occurred_at, c.industry,
           f.id as finding_id, f.label, f.utterance_id, f.related_id
    from (select c.id, c.rep_id, u.name as rep_name, c.occurred_at, c.industry ${keys}
          from call_facts cf
          join calls c on c.id = cf.call_id
          join users u on u.id = c.rep_id
          where ${window}
          order by ${order('')}) c
    cross join lateral (
      select f.id, f.label, f.utterance_id, ${s.related ?? sql`null::text`} as related_id
      from findings f
      ${s.item ? itemJoin(s.item) : sql``}
      ${solutions}
      where f.call_id = c.id and not f.suppressed and ${s.where} ${label}
      order by f.idx
      limit 1) f
    order by ${order('c.')}
    limit 1`;
  const ranked = q.prefer?.label
    ? sql`(${search(0, sql`and f.label = ${q.prefer.label}`)}) union all (${search(1, sql``)})`
    : search(0, sql``);
  return sql`
    select ${tag}, call_id, rep_id, rep_name, occurred_at, industry, finding_id, label, utterance_id, related_id
    from (${ranked}) best
    order by rank
    limit 1`;
}

/**
 * The search of one example as a statement returning its best row (or none), tagged with `req`
 * so that many searches share one round trip; null when it cannot find anything.
 */
function exampleSql(q: ExampleQuery, req: number): SQL | null {
  if (q.repIds.length === 0) return null;
  if (q.callIds && q.callIds.length === 0) return null;
  const s = spec(q.kind);
  const list = (ids: readonly string[]) =>
    sql.join(
      ids.map((id) => sql`${id}`),
      sql`, `,
    );
  const only = q.callIds ? sql`and cf.call_id in (${list(q.callIds)})` : sql``;
  const window = sql`cf.rep_id in (${list(q.repIds)}) and cf.day >= ${q.fromDay} and cf.day <= ${q.toDay}
    and cf.occurred_at < ${q.before.toISOString()}::timestamptz ${only}`;
  const preferIndustry = q.prefer?.industry ? sql`(c.industry = ${q.prefer.industry}) desc,` : sql``;
  const avoid =
    q.avoidCallIds && q.avoidCallIds.length > 0 ? sql`(c.id in (${list(q.avoidCallIds)})) asc,` : sql``;
  const tag = sql.raw(`${Math.trunc(req)}::int as req`);
  if (s.type === 'finding') return findingExampleSql(q, s, window, tag);
  const quote = {
    first_rep: sql`(select x.id from utterances x where x.call_id = c.id and x.speaker = 'rep' order by x.idx limit 1)`,
    last_rep: sql`(select x.id from utterances x where x.call_id = c.id and x.speaker = 'rep' order by x.idx desc limit 1)`,
    longest_rep: sql`(select x.id from utterances x where x.call_id = c.id and x.speaker = 'rep' order by x.end_ms - x.start_ms desc, x.idx limit 1)`,
    longest_customer: sql`(select x.id from utterances x where x.call_id = c.id and x.speaker = 'customer' order by x.end_ms - x.start_ms desc, x.idx limit 1)`,
    first_two: sql`(select x.id from utterances x where x.call_id = c.id order by x.idx limit 1)`,
  }[s.quote];
  const related =
    s.quote === 'first_two'
      ? sql`(select x.id from utterances x where x.call_id = c.id order by x.idx offset 1 limit 1)`
      : sql`null::text`;
  return sql`
    select ${tag}, c.id as call_id, c.rep_id, u.name as rep_name, c.occurred_at, c.industry,
           null::text as finding_id, null::text as label, ${quote} as utterance_id, ${related} as related_id
    from call_facts cf
    join calls c on c.id = cf.call_id
    join users u on u.id = c.rep_id
    ${s.item ? itemJoin(s.item) : sql``}
    where ${window} ${s.where ? sql`and ${s.where}` : sql``}
    order by ${avoid} ${preferIndustry} ${s.order ? sql`${s.order},` : sql``} c.occurred_at desc, c.id
    limit 1`;
}

const rowsOf = <T>(result: unknown): T[] => (result as { rows: T[] }).rows;

/** Packs per insert statement (each holds a pack's JSON, tens of kilobytes). */
const SAVE_BATCH = 25;

export interface ConcernTerm {
  term: string;
  kind: 'need' | 'objection';
  count: number;
}

export interface OpenAppeal {
  id: string;
  callId: string;
  status: string;
  label: string | null;
  filedAt: Date;
  dueAt: Date;
}

export interface CustomerQuestionSource {
  callId: string;
  utteranceId: string;
  occurredAt: Date;
  industry: string;
  text: string;
  spanStart: number;
  spanEnd: number;
}

export class FeedbackRepository {
  constructor(private readonly db: Db) {}

  /**
   * Stores packs in one transaction, a multi-row insert per kind: a scheduled pack of a run
   * already stored for its rep replaces it (same id). Returns the stored packs in input order.
   */
  async savePacks(inputs: readonly NewFeedbackPack[]): Promise<FeedbackPack[]> {
    if (inputs.length === 0) return [];
    const values = inputs.map((input) => ({
      id: `fp-${randomBytes(8).toString('hex')}`,
      repId: input.repId,
      teamId: input.teamId,
      trigger: input.trigger,
      runKey: input.runKey ?? null,
      asOf: input.asOf,
      windowFrom: input.windowFrom,
      windowTo: input.windowTo,
      timeZone: input.timeZone,
      lexiconVersions: [...input.lexiconVersions],
      scorecardVersions: [...input.scorecardVersions],
      data: input.data,
      generatedBy: input.generatedBy ?? null,
    }));
    const plain = values.filter((v) => v.runKey === null);
    const scheduled = values.filter((v) => v.runKey !== null);
    const savedAt = new Date();
    const stored = await this.db.transaction(async (tx) => {
      const rows: FeedbackPack[] = [];
      for (let i = 0; i < plain.length; i += SAVE_BATCH) {
        rows.push(
          ...(await tx
            .insert(feedbackPacks)
            .values(plain.slice(i, i + SAVE_BATCH))
            .returning()),
        );
      }
      for (let i = 0; i < scheduled.length; i += SAVE_BATCH) {
        rows.push(
          ...(await tx
            .insert(feedbackPacks)
            .values(scheduled.slice(i, i + SAVE_BATCH))
            .onConflictDoUpdate({
              target: [feedbackPacks.repId, feedbackPacks.runKey],
              targetWhere: sql`${feedbackPacks.runKey} IS NOT NULL`,
              set: {
                teamId: sql`excluded.team_id`,
                asOf: sql`excluded.as_of`,
                windowFrom: sql`excluded.window_from`,
                windowTo: sql`excluded.window_to`,
                timeZone: sql`excluded.time_zone`,
                lexiconVersions: sql`excluded.lexicon_versions`,
                scorecardVersions: sql`excluded.scorecard_versions`,
                data: sql`excluded.data`,
                generatedBy: sql`excluded.generated_by`,
                createdAt: savedAt,
              },
            })
            .returning()),
        );
      }
      return rows;
    });
    // A replaced pack keeps its earlier id: scheduled ones are matched by rep and run.
    const byId = new Map(stored.map((r) => [r.id, r]));
    const byRun = new Map(
      stored.filter((r) => r.runKey !== null).map((r) => [`${r.repId}\u0000${r.runKey}`, r]),
    );
    return values.map((v) => {
      const row = v.runKey === null ? byId.get(v.id) : byRun.get(`${v.repId}\u0000${v.runKey}`);
      if (!row) throw new Error(`feedback pack of ${v.repId} was not stored`);
      return row;
    });
  }

  async getPack(id: string): Promise<FeedbackPack | null> {
    const [row] = await this.db.select().from(feedbackPacks).where(eq(feedbackPacks.id, id));
    return row ?? null;
  }

  /** A rep's packs, newest first, without their data. */
  async listPacks(repId: string, limit = 50): Promise<FeedbackPackSummary[]> {
    const { data: _data, ...columns } = getTableColumns(feedbackPacks);
    return this.db
      .select(columns)
      .from(feedbackPacks)
      .where(eq(feedbackPacks.repId, repId))
      .orderBy(desc(feedbackPacks.createdAt), desc(feedbackPacks.id))
      .limit(limit);
  }

  /**
   * The best row of each example search (aligned with `queries`; null: nothing, or nothing to
   * quote in the best call), all in one statement: a team run searches every rep's examples of
   * one step together instead of one round trip per search.
   */
  async findExamples(queries: readonly ExampleQuery[]): Promise<(ExampleHit | null)[]> {
    const parts = queries.flatMap((q, i) => {
      const part = exampleSql(q, i);
      return part ? [sql`(${part})`] : [];
    });
    const hits: (ExampleHit | null)[] = queries.map(() => null);
    if (parts.length === 0) return hits;
    const rows = rowsOf<{
      req: number;
      call_id: string;
      rep_id: string;
      rep_name: string;
      occurred_at: Date | string;
      industry: string;
      finding_id: string | null;
      label: string | null;
      utterance_id: string | null;
      related_id: string | null;
    }>(await this.db.execute(sql.join(parts, sql` union all `)));
    for (const row of rows) {
      if (!row.utterance_id) continue;
      hits[Number(row.req)] = {
        callId: row.call_id,
        repId: row.rep_id,
        repName: row.rep_name,
        occurredAt: new Date(row.occurred_at),
        industry: row.industry,
        findingId: row.finding_id,
        label: row.label,
        utteranceId: row.utterance_id,
        relatedId: row.related_id,
      };
    }
    return hits;
  }

  /** The examples of these hits with their quoted utterances in call order, in one query. */
  async quoteExamples(hits: readonly ExampleHit[]): Promise<FoundExample[]> {
    if (hits.length === 0) return [];
    const pairs = hits.flatMap((h) =>
      [h.utteranceId, ...(h.relatedId ? [h.relatedId] : [])].map((id) => sql`(${h.callId}, ${id})`),
    );
    const rows = rowsOf<{ call_id: string; id: string; speaker: 'rep' | 'customer'; text: string }>(
      await this.db.execute(sql`
        select call_id, id, speaker, text from utterances
        where (call_id, id) in (${sql.join(pairs, sql`, `)})
        order by call_id, idx`),
    );
    const byCall = new Map<string, typeof rows>();
    for (const r of rows) {
      const list = byCall.get(r.call_id) ?? [];
      list.push(r);
      byCall.set(r.call_id, list);
    }
    return hits.map((h) => {
      const ids = new Set([h.utteranceId, h.relatedId]);
      return {
        callId: h.callId,
        repId: h.repId,
        repName: h.repName,
        occurredAt: h.occurredAt,
        industry: h.industry,
        findingId: h.findingId,
        label: h.label,
        utterances: (byCall.get(h.callId) ?? [])
          .filter((u) => ids.has(u.id))
          .map((u) => ({ id: u.id, speaker: u.speaker, text: u.text })),
      };
    });
  }

  /**
   * The need and objection terms customers used most in each rep's calls of the window (at
   * most `limit` per rep, most frequent first), for all reps in one query: summed from the
   * per-call term counts kept with the call facts; a call whose facts predate them (not yet
   * caught up) is counted from its findings, so the answer never depends on the backlog.
   */
  async concernTerms(q: {
    repIds: readonly string[];
    fromDay: string;
    toDay: string;
    before: Date;
    limit: number;
  }): Promise<Map<string, ConcernTerm[]>> {
    const out = new Map<string, ConcernTerm[]>(q.repIds.map((id) => [id, []]));
    if (q.repIds.length === 0) return out;
    const rows = rowsOf<{ rep_id: string; term: string; needs: number; objections: number }>(
      await this.db.execute(sql`
        with w as (
          select cf.call_id, cf.rep_id, cf.concerns from call_facts cf
          where cf.rep_id in (${sql.join(
            q.repIds.map((id) => sql`${id}`),
            sql`, `,
          )}) and cf.day >= ${q.fromDay} and cf.day <= ${q.toDay}
            and cf.occurred_at < ${q.before.toISOString()}::timestamptz),
        counted as (
          select w.rep_id, t.key as term, (t.value ->> 0)::int as needs, (t.value ->> 1)::int as objections
          from w cross join lateral jsonb_each(w.concerns) t
          where w.concerns is not null
          union all
          select w.rep_id, f.term, (f.label = 'need.implicit')::int, (f.label like 'objection.%')::int
          from w join findings f on f.call_id = w.call_id
          where w.concerns is null and not f.suppressed and f.term is not null
            and (f.label = 'need.implicit' or f.label like 'objection.%'))
        select rep_id, term, sum(needs)::int as needs, sum(objections)::int as objections
        from counted group by rep_id, term`),
    );
    for (const r of rows) {
      out.get(r.rep_id)?.push({
        term: r.term,
        kind: r.objections > r.needs ? 'objection' : 'need',
        count: r.needs + r.objections,
      });
    }
    for (const [repId, terms] of out) {
      out.set(
        repId,
        terms
          .sort((a, b) => b.count - a.count || (a.term < b.term ? -1 : a.term > b.term ? 1 : 0))
          .slice(0, q.limit),
      );
    }
    return out;
  }

  /** The appeals of these reps still waiting for a decision (open or in review), oldest first. */
  async openAppeals(repIds: readonly string[]): Promise<(OpenAppeal & { repId: string })[]> {
    if (repIds.length === 0) return [];
    return this.db
      .select({
        id: appeals.id,
        repId: appeals.repId,
        callId: appeals.callId,
        status: appeals.status,
        label: appeals.label,
        filedAt: appeals.filedAt,
        dueAt: appeals.dueAt,
      })
      .from(appeals)
      .where(and(inArray(appeals.repId, [...repIds]), inArray(appeals.status, ['open', 'in_review'])))
      .orderBy(asc(appeals.filedAt), asc(appeals.id));
  }

  /**
   * The calls of these reps' window (as their packs cite them) still under appeal (an appeal
   * open or in review), by call id.
   */
  async callsUnderAppeal(q: {
    repIds: readonly string[];
    fromDay: string;
    toDay: string;
    before: Date;
  }): Promise<{ callId: string; repId: string }[]> {
    if (q.repIds.length === 0) return [];
    return this.db
      .selectDistinct({ callId: appeals.callId, repId: callFacts.repId })
      .from(appeals)
      .innerJoin(callFacts, eq(callFacts.callId, appeals.callId))
      .where(
        and(
          inArray(callFacts.repId, [...q.repIds]),
          gte(callFacts.day, q.fromDay),
          lte(callFacts.day, q.toDay),
          lt(callFacts.occurredAt, q.before),
          inArray(appeals.status, ['open', 'in_review']),
        ),
      )
      .orderBy(asc(appeals.callId), asc(callFacts.repId));
  }

  /** Customer questions of a team's scored calls in [from, to), newest first. */
  async customerQuestions(q: {
    teamId: string;
    industry?: string;
    from: Date;
    to: Date;
    limit: number;
  }): Promise<CustomerQuestionSource[]> {
    const rows = rowsOf<{
      call_id: string;
      utterance_id: string;
      occurred_at: Date | string;
      industry: string;
      text: string;
      span_start: number;
      span_end: number;
    }>(
      await this.db.execute(sql`
        select f.call_id, f.utterance_id, c.occurred_at, c.industry, u.text, f.span_start, f.span_end
        from calls c
        join findings f on f.call_id = c.id and f.label = 'question' and not f.suppressed
        join utterances u on u.call_id = f.call_id and u.id = f.utterance_id
        where c.team_id = ${q.teamId} and c.status = 'scored'
          and c.occurred_at >= ${q.from.toISOString()}::timestamptz and c.occurred_at < ${q.to.toISOString()}::timestamptz
          ${q.industry ? sql`and c.industry = ${q.industry}` : sql``}
        order by c.occurred_at desc, f.call_id, f.idx
        limit ${q.limit}`),
    );
    return rows.map((r) => ({
      callId: r.call_id,
      utteranceId: r.utterance_id,
      occurredAt: new Date(r.occurred_at),
      industry: r.industry,
      text: r.text,
      spanStart: r.span_start,
      spanEnd: r.span_end,
    }));
  }
}
