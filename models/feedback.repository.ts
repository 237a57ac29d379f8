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

type Spec =
  | { type: 'finding'; where: SQL; related?: SQL }
  | {
      type: 'call';
      where?: SQL;
      order?: SQL;
      quote: 'first_rep' | 'last_rep' | 'longest_rep' | 'longest_customer' | 'first_two';
    };

const OBJ = sql`f.label like 'objection.%'`;
const techniques = (t: string) => sql`coalesce(f.evidence -> 'techniques', '[]'::jsonb) ? ${t}`;
const RESPONSE = sql`f.evidence ->> 'responseUtteranceId'`;
const ITEM = (metric: string) =>
  sql`(select s.value from score_items s where s.call_id = c.id and s.metric = ${metric} limit 1)`;

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
        where: sql`${ITEM('question_count')} is not null`,
        order: sql`${ITEM('question_count')} asc`,
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
    case 'need_without_solution':
      return {
        type: 'finding',
        where: sql`f.label in ('need.implicit', 'need.explicit') and not exists (
          select 1 from findings s join utterances us on us.call_id = s.call_id and us.id = s.utterance_id
          where s.call_id = f.call_id and s.label = 'solution' and not s.suppressed and us.idx > uf.idx)`,
      };
    case 'need_with_solution':
      return {
        type: 'finding',
        where: sql`f.label in ('need.implicit', 'need.explicit') and exists (
          select 1 from findings s join utterances us on us.call_id = s.call_id and us.id = s.utterance_id
          where s.call_id = f.call_id and s.label = 'solution' and not s.suppressed and us.idx > uf.idx and us.idx <= uf.idx + 6)`,
        related: sql`(select s.utterance_id from findings s join utterances us on us.call_id = s.call_id and us.id = s.utterance_id
          where s.call_id = f.call_id and s.label = 'solution' and not s.suppressed and us.idx > uf.idx order by us.idx limit 1)`,
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
      return { type: 'finding', where: sql`f.label = 'next_step' and ${ITEM('commitment_asked')} = 0` };
    case 'next_step_with_commitment':
      return { type: 'finding', where: sql`f.label = 'next_step' and ${ITEM('commitment_asked')} = 1` };
  }
}

/** Whole-call figures: early engagement, the longest monologue, the talk ratio. */
function metricSpec(kind: MetricKind): Spec {
  switch (kind) {
    case 'low_early_engagement':
      return {
        type: 'call',
        where: sql`${ITEM('early_engagement')} is not null`,
        order: sql`${ITEM('early_engagement')} asc`,
        quote: 'first_two',
      };
    case 'high_early_engagement':
      return {
        type: 'call',
        where: sql`${ITEM('early_engagement')} is not null`,
        order: sql`${ITEM('early_engagement')} desc`,
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
const rowsOf = <T>(result: unknown): T[] => (result as { rows: T[] }).rows;

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

  /** Stores a pack; a scheduled pack of a run already stored for the rep replaces it (same id). */
  async savePack(input: NewFeedbackPack): Promise<FeedbackPack> {
    const values = {
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
    };
    if (values.runKey === null) {
      const [row] = await this.db.insert(feedbackPacks).values(values).returning();
      return row!;
    }
    const [row] = await this.db
      .insert(feedbackPacks)
      .values(values)
      .onConflictDoUpdate({
        target: [feedbackPacks.repId, feedbackPacks.runKey],
        targetWhere: sql`${feedbackPacks.runKey} IS NOT NULL`,
        set: {
          teamId: values.teamId,
          asOf: values.asOf,
          windowFrom: values.windowFrom,
          windowTo: values.windowTo,
          timeZone: values.timeZone,
          lexiconVersions: values.lexiconVersions,
          scorecardVersions: values.scorecardVersions,
          data: values.data,
          generatedBy: values.generatedBy,
          createdAt: new Date(),
        },
      })
      .returning();
    return row!;
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

  /** One quoted example of a situation in the calls of some reps within a window, or null. */
  async findExample(q: ExampleQuery): Promise<FoundExample | null> {
    if (q.repIds.length === 0) return null;
    const s = spec(q.kind);
    const reps = sql.join(
      q.repIds.map((id) => sql`${id}`),
      sql`, `,
    );
    if (q.callIds && q.callIds.length === 0) return null;
    const only = q.callIds
      ? sql`and cf.call_id in (${sql.join(
          q.callIds.map((id) => sql`${id}`),
          sql`, `,
        )})`
      : sql``;
    const window = sql`cf.rep_id in (${reps}) and cf.day >= ${q.fromDay} and cf.day <= ${q.toDay}
      and cf.occurred_at < ${q.before.toISOString()}::timestamptz ${only}`;
    const preferIndustry = q.prefer?.industry ? sql`(c.industry = ${q.prefer.industry}) desc,` : sql``;
    const avoid =
      q.avoidCallIds && q.avoidCallIds.length > 0
        ? sql`(c.id in (${sql.join(
            q.avoidCallIds.map((id) => sql`${id}`),
            sql`, `,
          )})) asc,`
        : sql``;
    type Row = {
      call_id: string;
      rep_id: string;
      rep_name: string;
      occurred_at: Date | string;
      industry: string;
      finding_id: string | null;
      label: string | null;
      utterance_id: string | null;
      related_id: string | null;
    };
    let row: Row | undefined;
    if (s.type === 'finding') {
      const preferLabel = q.prefer?.label ? sql`(f.label = ${q.prefer.label}) desc,` : sql``;
      [row] = rowsOf<Row>(
        await this.db.execute(sql`
          select c.id as call_id, c.rep_id, u.name as rep_name, c.occurred_at, c.industry,
                 f.id as finding_id, f.label, f.utterance_id, ${s.related ?? sql`null::text`} as related_id
          from call_facts cf
          join calls c on c.id = cf.call_id
          join users u on u.id = c.rep_id
          join findings f on f.call_id = c.id and not f.suppressed
          join utterances uf on uf.call_id = f.call_id and uf.id = f.utterance_id
          where ${window} and ${s.where}
          order by ${preferLabel} ${avoid} ${preferIndustry} c.occurred_at desc, c.id, f.idx
          limit 1`),
      );
    } else {
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
      [row] = rowsOf<Row>(
        await this.db.execute(sql`
          select c.id as call_id, c.rep_id, u.name as rep_name, c.occurred_at, c.industry,
                 null::text as finding_id, null::text as label, ${quote} as utterance_id, ${related} as related_id
          from call_facts cf
          join calls c on c.id = cf.call_id
          join users u on u.id = c.rep_id
          where ${window} ${s.where ? sql`and ${s.where}` : sql``}
          order by ${avoid} ${preferIndustry} ${s.order ? sql`${s.order},` : sql``} c.occurred_at desc, c.id
          limit 1`),
      );
    }
    if (!row?.utterance_id) return null;
    const ids = [row.utterance_id, ...(row.related_id ? [row.related_id] : [])];
    const quoted = rowsOf<{ id: string; speaker: 'rep' | 'customer'; text: string }>(
      await this.db.execute(sql`
        select id, speaker, text from utterances
        where call_id = ${row.call_id} and id in (${sql.join(
          ids.map((id) => sql`${id}`),
          sql`, `,
        )})
        order by idx`),
    );
    return {
      callId: row.call_id,
      repId: row.rep_id,
      repName: row.rep_name,
      occurredAt: new Date(row.occurred_at),
      industry: row.industry,
      findingId: row.finding_id,
      label: row.label,
      utterances: quoted.map((u) => ({ id: u.id, speaker: u.speaker, text: u.text })),
    };
  }

  /** The most recent calls of some reps in a window (newest first). */
  async recentCallIds(q: {
    repIds: readonly string[];
    fromDay: string;
    toDay: string;
    before: Date;
    limit: number;
  }): Promise<string[]> {
    if (q.repIds.length === 0) return [];
    const rows = await this.db
      .select({ callId: callFacts.callId })
      .from(callFacts)
      .where(
        and(
          inArray(callFacts.repId, [...q.repIds]),
          gte(callFacts.day, q.fromDay),
          lte(callFacts.day, q.toDay),
          lt(callFacts.occurredAt, q.before),
        ),
      )
      .orderBy(desc(callFacts.occurredAt), asc(callFacts.callId))
      .limit(q.limit);
    return rows.map((r) => r.callId);
  }

  /** The need and objection terms customers used most in a rep's calls of the window. */
  async concernTerms(q: {
    repId: string;
    fromDay: string;
    toDay: string;
    before: Date;
    limit: number;
  }): Promise<ConcernTerm[]> {
    const rows = rowsOf<{ term: string; needs: number; objections: number }>(
      await this.db.execute(sql`
        select f.term,
               count(*) filter (where f.label = 'need.implicit')::int as needs,
               count(*) filter (where f.label like 'objection.%')::int as objections
        from call_facts cf
        join findings f on f.call_id = cf.call_id
        where cf.rep_id = ${q.repId} and cf.day >= ${q.fromDay} and cf.day <= ${q.toDay}
          and cf.occurred_at < ${q.before.toISOString()}::timestamptz
          and not f.suppressed and f.term is not null
          and (f.label = 'need.implicit' or f.label like 'objection.%')
        group by f.term`),
    );
    return rows
      .map((r) => ({
        term: r.term,
        kind: (r.objections > r.needs ? 'objection' : 'need') as ConcernTerm['kind'],
        count: r.needs + r.objections,
      }))
      .sort((a, b) => b.count - a.count || (a.term < b.term ? -1 : a.term > b.term ? 1 : 0))
      .slice(0, q.limit);
  }

  /** A rep's appeals still waiting for a decision (open or in review). */
  async openAppeals(repId: string): Promise<OpenAppeal[]> {
    return this.db
      .select({
        id: appeals.id,
        callId: appeals.callId,
        status: appeals.status,
        label: appeals.label,
        filedAt: appeals.filedAt,
        dueAt: appeals.dueAt,
      })
      .from(appeals)
      .where(and(eq(appeals.repId, repId), inArray(appeals.status, ['open', 'in_review'])))
      .orderBy(asc(appeals.filedAt), asc(appeals.id));
  }

  /** Of these calls, the ones still under appeal (an appeal open or in review). */
  async callsUnderAppeal(callIds: readonly string[]): Promise<string[]> {
    if (callIds.length === 0) return [];
    const rows = await this.db
      .selectDistinct({ callId: appeals.callId })
      .from(appeals)
      .where(and(inArray(appeals.callId, [...callIds]), inArray(appeals.status, ['open', 'in_review'])))
      .orderBy(asc(appeals.callId));
    return rows.map((r) => r.callId);
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
