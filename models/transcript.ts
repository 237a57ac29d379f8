import { z } from 'zod';
import { AppError, ErrorCode, formatPath, type Problem } from './errors.js';

/** Longest utterance text accepted, in code points: ~2 hours of continuous speech. */
export const MAX_UTTERANCE_CHARS = 50_000;
export const MAX_UTTERANCES = 20_000;

export const ZSpeaker = z.enum(['rep', 'customer']);
export type Speaker = z.infer<typeof ZSpeaker>;

/** Largest time accepted: 2^31 - 1 ms (~24 days), far beyond any call, and the column's range. */
export const MAX_MILLIS = 2_147_483_647;
const ZMillis = z
  .number()
  .int('must be an integer number of milliseconds')
  .min(0, 'must be >= 0')
  .max(MAX_MILLIS, `must be at most ${MAX_MILLIS}`);

/** NUL characters and unpaired surrogates cannot be stored or shown; they are input errors. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const NUL = String.fromCharCode(0);
export const ZCleanString = z
  .string()
  .refine(
    (s) => !s.includes(NUL) && !LONE_SURROGATE.test(s),
    'must be well-formed Unicode without NUL characters',
  );

export const ZUtteranceInput = z
  .strictObject({
    id: z
      .string()
      .regex(/^[A-Za-z0-9_.-]{1,64}$/, 'must be 1-64 letters, digits, "_", "-" or "."')
      .optional(),
    speaker: ZSpeaker,
    start: ZMillis,
    end: ZMillis,
    text: ZCleanString.refine((t) => t.trim().length > 0, 'must not be empty').refine(
      (t) => [...t].length <= MAX_UTTERANCE_CHARS,
      `is longer than ${MAX_UTTERANCE_CHARS} characters; split the utterance`,
    ),
  })
  .refine((u) => u.end >= u.start, { message: 'end must be >= start', path: ['end'] });

export const ZCustomer = z.strictObject({
  name: ZCleanString.max(200).optional(),
  company: ZCleanString.max(200).optional(),
  tier: z.enum(['A', 'B', 'C']).optional(),
});

const ZIndustryId = z.string().regex(/^[a-z][a-z0-9_]{1,39}$/, 'must be a snake_case industry id');

/** The transcript the API takes: it names its industry. */
export const ZTranscriptInput = z.strictObject({
  externalId: ZCleanString.min(1).max(200).optional(),
  repId: ZCleanString.min(1).max(200),
  industry: ZIndustryId,
  occurredAt: z.iso.datetime({ offset: true }),
  customer: ZCustomer.optional(),
  utterances: z.array(ZUtteranceInput).min(1, 'must hold at least one utterance').max(MAX_UTTERANCES),
});
export type TranscriptInput = z.infer<typeof ZTranscriptInput>;

/** Industry value asking for the industry to be inferred from lexicon evidence (as when absent). */
export const AUTO_INDUSTRY = 'auto';

/** A transcript file whose industry may be absent or `auto` (the CLI infers it). */
export const ZTranscriptDraftInput = ZTranscriptInput.extend({ industry: ZIndustryId.optional() });

export interface Utterance {
  id: string;
  speaker: Speaker;
  start: number;
  end: number;
  text: string;
}

/** A validated transcript: ids assigned, order checked. */
export interface Transcript extends Omit<TranscriptInput, 'utterances'> {
  utterances: Utterance[];
}

/**
 * A validated transcript whose industry may still be unknown (`undefined`: absent or `auto` in
 * the input). `resolveIndustry` (lexicons/industry-inference.ts) turns it into a `Transcript`.
 */
export interface TranscriptDraft extends Omit<Transcript, 'industry'> {
  industry?: string;
}

/**
 * Parses a transcript document (already JSON-decoded). Throws `AppError(invalid_input)` listing
 * every problem with its field path, e.g. `utterances[3].end: end must be >= start`.
 */
export function parseTranscript(data: unknown): Transcript {
  const parsed = ZTranscriptInput.safeParse(data);
  if (!parsed.success) throw schemaError(parsed.error);
  checkOccurredAt(parsed.data.occurredAt);
  const utterances = checkUtterances(parsed.data.utterances);
  checkHasContent(utterances);
  return { ...parsed.data, utterances };
}

/** Years a call (or a date filter) may name: anything else is a typo or a probe. */
export const DATE_YEARS = { min: 2000, max: 2100 } as const;

/**
 * Rejects an ISO date outside 2000-2100 (by the year as written, in its own time zone) with
 * `date_out_of_range` (422): the database would refuse or misread year 0000 or 9999.
 */
export function checkOccurredAt(value: string, path = 'occurredAt'): void {
  const year = Number(value.slice(0, 4));
  if (year >= DATE_YEARS.min && year <= DATE_YEARS.max) return;
  const message = `must be a date between ${DATE_YEARS.min} and ${DATE_YEARS.max}, got ${value}`;
  throw new AppError(ErrorCode.DateOutOfRange, `${path} ${message}`, { problems: [{ path, message }] });
}

/** Letters or digits of any script: what makes an utterance say something. */
const WORD_CHAR = /[\p{L}\p{N}]/u;

/**
 * Rejects a call none of whose utterances holds a letter or a digit (only whitespace,
 * punctuation, emoji or zero-width characters) with `no_content` (422): there is nothing to score.
 */
export function checkHasContent(utterances: readonly { text: string }[]): void {
  if (utterances.some((u) => WORD_CHAR.test(u.text))) return;
  throw new AppError(
    ErrorCode.NoContent,
    'the call holds no words: every utterance is only whitespace, punctuation or invisible characters',
    { problems: [{ path: 'utterances', message: 'no utterance holds a letter or a digit' }] },
  );
}

/** Parses a transcript document whose industry may be absent or `auto` (then `industry` is undefined). */
export function parseTranscriptDraft(data: unknown): TranscriptDraft {
  const parsed = ZTranscriptDraftInput.safeParse(data);
  if (!parsed.success) throw schemaError(parsed.error);
  checkOccurredAt(parsed.data.occurredAt);
  const utterances = checkUtterances(parsed.data.utterances);
  checkHasContent(utterances);
  const draft: TranscriptDraft = { ...parsed.data, utterances };
  if (draft.industry === undefined || draft.industry === AUTO_INDUSTRY) delete draft.industry;
  return draft;
}

function schemaError(error: z.ZodError): AppError {
  return invalid(error.issues.map((i) => ({ path: formatPath(i.path), message: i.message })));
}

/** Assigns missing ids (u1, u2, …), rejects duplicate ids and utterances out of time order. */
function checkUtterances(inputs: readonly z.infer<typeof ZUtteranceInput>[]): Utterance[] {
  const problems: Problem[] = [];
  const seen = new Set<string>();
  const utterances: Utterance[] = inputs.map((u, i) => {
    const id = u.id ?? `u${i + 1}`;
    if (seen.has(id)) problems.push({ path: `utterances[${i}].id`, message: `duplicate id "${id}"` });
    seen.add(id);
    return { id, speaker: u.speaker, start: u.start, end: u.end, text: u.text };
  });
  for (let i = 1; i < utterances.length; i++) {
    const prev = utterances[i - 1];
    const cur = utterances[i];
    if (prev && cur && cur.start < prev.start) {
      problems.push({
        path: `utterances[${i}].start`,
        message: `utterances must be in time order: starts at ${cur.start} ms, before the previous one (${prev.start} ms)`,
      });
    }
  }
  if (problems.length > 0) throw invalid(problems);
  return utterances;
}

/** Parses transcript JSON text; malformed JSON is reported with its position. */
export function parseTranscriptJson(text: string): Transcript {
  return parseTranscript(decodeJson(text));
}

/** Parses transcript JSON text whose industry may be absent or `auto`. */
export function parseTranscriptDraftJson(text: string): TranscriptDraft {
  return parseTranscriptDraft(decodeJson(text));
}

function decodeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new AppError(ErrorCode.InvalidInput, `malformed JSON: ${(err as Error).message}`, {
      problems: [{ path: '(root)', message: `malformed JSON: ${(err as Error).message}` }],
    });
  }
}

function invalid(problems: Problem[]): AppError {
  const summary = problems
    .slice(0, 10)
    .map((p) => `${p.path}: ${p.message}`)
    .join('; ');
  const more = problems.length > 10 ? ` (and ${problems.length - 10} more)` : '';
  return new AppError(ErrorCode.InvalidInput, `invalid transcript: ${summary}${more}`, { problems });
}
