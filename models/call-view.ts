/**
 * The stored call view of a just-scored call, written as JSON text here instead of by the database
 * (viewQuery in call-read.repository.ts). The text must be byte for byte what viewQuery gives for
 * the same rows (the ETag and the stored copies are of those bytes, and a call scored by either
 * path must read the same), so this file copies PostgreSQL's own output formats:
 *
 * - `json_build_object`: `{"k" : v, "k2" : v}`; `json_agg`: `[a, b]`; `json_object_agg`:
 *   `{ "k" : v, "k2" : v }`; `to_json(text[])`: `["a","b"]`;
 * - jsonb (`jsonb_build_object`, `||`, stored jsonb columns): `{"k": v, "k2": v}`, keys ordered
 *   shorter first, then by their UTF-8 bytes, arrays `[a, b]`;
 * - a float8 in json: `float8out`, the shortest digits that read back (as JavaScript's), in
 *   exponent form below 1e-4 and from 1e15 on (`1e-05`, `1.5e+20`); in jsonb it is a numeric:
 *   the same digits written out in full (`0.00001`);
 * - a number inside stored jsonb was sent as JSON.stringify wrote it and is read back as a
 *   numeric: written out in full too.
 *
 * What this does not copy it declines (the caller then lets the database build the view):
 * corrections (call overrides: speaker corrections, suppressed findings, the overrides list) and
 * numbers JSON has no form for (Infinity, NaN).
 */

/** The values of the calls row the view shows, as stored after the analysis update. */
export interface ViewCallRow {
  id: string;
  externalId: string | null;
  repId: string;
  teamId: string | null;
  /** Already null while the industry is a placeholder (industryPending). */
  industry: string | null;
  industrySource: string;
  /** jsonb columns as the database prints them (`::text`), or null. */
  industryInferenceText: string | null;
  /** `to_char(occurred_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`. */
  occurredAt: string;
  customerText: string | null;
  source: string;
  status: string;
  failureReason: string | null;
  revision: number;
  lexiconVersion: string | null;
  scorecardVersion: string | null;
  secondStageVersion: string | null;
  total: number | null;
  tags: readonly string[];
  audioText: string | null;
  progress: number | null;
  machineTotal: number | null;
  machineDimensions: unknown;
  metrics: unknown;
  lastChange: unknown;
  coaching: unknown;
}

/** An utterance row as stored (ordered by idx). */
export interface ViewUtteranceRow {
  id: string;
  speaker: string;
  startMs: number;
  endMs: number;
  text: string;
  speakerConfidence: number | null;
}

/** A findings row as inserted (ordered by idx), its evidence as the jsonb column holds it. */
export interface ViewFindingRow {
  id: string;
  label: string;
  utteranceId: string;
  spanStart: number;
  spanEnd: number;
  rule: string;
  term: string | null;
  lexiconVersion: string;
  confidence: number;
  evidence: Record<string, unknown>;
  overrideId: string | null;
  suppressed: boolean;
}

/** A score_items row as inserted (ordered by idx). */
export interface ViewScoreItemRow {
  itemId: string;
  dimension: string;
  label: string;
  metric: string;
  source: string;
  value: number | null;
  target: number | null;
  score: number | null;
  weight: number;
  findingIds: readonly string[];
  detail: unknown;
}

export interface ScoredViewParts {
  call: ViewCallRow;
  utterances: readonly ViewUtteranceRow[];
  findings: readonly ViewFindingRow[];
  scoreItems: readonly ViewScoreItemRow[];
  /** Dimension scores in the database's order of the dimension names (`order by dimension`). */
  dimensions: readonly (readonly [string, number | null])[];
  /** Whether the call has any call_overrides row (then the database builds the view). */
  hasOverrides: boolean;
}

/** Thrown inside the builder for what it does not copy; buildScoredView answers null then. */
class Declined extends Error {}

/**
 * The view JSON of a scored call, as viewQuery builds it from the same rows; null when it cannot
 * promise the same bytes (see the file comment), and the database must build it.
 */
export function buildScoredView(parts: ScoredViewParts): string | null {
  if (parts.hasOverrides || parts.call.status !== 'scored') return null;
  if (parts.findings.some((f) => f.suppressed || f.overrideId !== null)) return null;
  try {
    return render(parts);
  } catch (err) {
    if (err instanceof Declined) return null;
    throw err;
  }
}

function render({ call: c, utterances, findings, scoreItems, dimensions }: ScoredViewParts): string {
  const callObject = jsonObject([
    ['id', str(c.id)],
    ['externalId', strOrNull(c.externalId)],
    ['repId', str(c.repId)],
    ['teamId', strOrNull(c.teamId)],
    ['industry', strOrNull(c.industry)],
    ['industrySource', str(c.industrySource)],
    ['industryInference', c.industryInferenceText ?? 'null'],
    ['occurredAt', str(c.occurredAt)],
    ['customer', c.customerText ?? 'null'],
    ['source', str(c.source)],
    ['status', str(c.status)],
    ['failureReason', strOrNull(c.failureReason)],
    ['revision', int(c.revision)],
    ['lexiconVersion', strOrNull(c.lexiconVersion)],
    ['scorecardVersion', strOrNull(c.scorecardVersion)],
    ['total', float8Json(c.total)],
    ['tags', textArrayJson(c.tags)],
    ['audio', c.audioText ?? 'null'],
    ['progress', c.progress === null ? 'null' : int(c.progress)],
  ]);
  const utteranceList = jsonAgg(
    utterances.map((u) =>
      jsonObject([
        ['id', str(u.id)],
        ['speaker', str(u.speaker)],
        ['start', int(u.startMs)],
        ['end', int(u.endMs)],
        ['text', str(u.text)],
        ...(u.speakerConfidence === null
          ? []
          : [['speakerConfidence', float8Json(u.speakerConfidence)] as [string, string]]),
      ]),
    ),
  );
  const findingList = jsonAgg(
    findings.map((f) =>
      jsonbObject([
        ...Object.entries(sentAsJson(f.evidence) as Record<string, unknown>).map(
          ([k, v]) => [k, jsonbValue(v)] as [string, string],
        ),
        ['id', str(f.id)],
        ['label', str(f.label)],
        ['utteranceId', str(f.utteranceId)],
        ['span', `[${int(f.spanStart)}, ${int(f.spanEnd)}]`],
        ['rule', str(f.rule)],
        ['term', strOrNull(f.term)],
        ['lexiconVersion', str(f.lexiconVersion)],
        ['confidence', float8Jsonb(f.confidence)],
      ]),
    ),
  );
  const itemList = jsonAgg(
    scoreItems.map((s) =>
      jsonbObject([
        ['id', str(s.itemId)],
        ['dimension', str(s.dimension)],
        ['label', str(s.label)],
        ['metric', str(s.metric)],
        ['source', str(s.source)],
        ['value', float8Jsonb(s.value)],
        ['target', float8Jsonb(s.target)],
        ['score', float8Jsonb(s.score)],
        ['weight', float8Jsonb(s.weight)],
        ['findingIds', jsonbValue(sentAsJson(s.findingIds))],
        ...(s.detail === null || s.detail === undefined
          ? []
          : [['detail', jsonbColumn(s.detail)] as [string, string]]),
      ]),
    ),
  );
  const dimensionObject =
    dimensions.length === 0
      ? '{}'
      : `{ ${dimensions.map(([k, v]) => `${str(k)} : ${float8Json(v)}`).join(', ')} }`;
  const analysis = jsonObject([
    ['revision', int(c.revision)],
    ['lexiconVersion', strOrNull(c.lexiconVersion)],
    ['scorecardVersion', strOrNull(c.scorecardVersion)],
    ['secondStageVersion', strOrNull(c.secondStageVersion)],
    ['total', float8Json(c.total)],
    ['tags', textArrayJson(c.tags)],
    ['metrics', jsonbColumn(c.metrics)],
    ['findings', findingList],
    ['suppressed', '[]'],
    [
      'machine',
      jsonObject([
        ['total', float8Json(c.machineTotal)],
        ['dimensions', jsonbColumn(c.machineDimensions)],
      ]),
    ],
    ['lastChange', jsonbColumn(c.lastChange)],
    ['coaching', jsonbColumn(c.coaching)],
    ['overrides', '[]'],
    ['scoreItems', itemList],
    ['dimensions', dimensionObject],
  ]);
  return jsonObject([
    ['call', callObject],
    ['utterances', utteranceList],
    ['analysis', analysis],
  ]);
}

/** `json_build_object`: keys in the order given. */
function jsonObject(entries: readonly (readonly [string, string])[]): string {
  return `{${entries.map(([k, v]) => `${str(k)} : ${v}`).join(', ')}}`;
}

/** `coalesce(json_agg(…), '[]')`. */
function jsonAgg(items: readonly string[]): string {
  return `[${items.join(', ')}]`;
}

/** A jsonb object: keys shorter first, then by UTF-8 bytes; a repeated key keeps its last value. */
function jsonbObject(entries: readonly (readonly [string, string])[]): string {
  if (entries.length === 0) return '{}';
  const order = jsonbKeyOrder(entries.map(([k]) => k));
  return `{${order.map((i) => `${str(entries[i]![0])}: ${entries[i]![1]}`).join(', ')}}`;
}

/**
 * Which entries a jsonb object of these keys keeps, in its order (indexes). Remembered per list of
 * keys: the ~300 findings of a call share a handful of them.
 */
const keyOrders = new Map<string, readonly number[]>();

function jsonbKeyOrder(keys: readonly string[]): readonly number[] {
  const signature = keys.join('\u0000');
  let order = keyOrders.get(signature);
  if (order) return order;
  const last = new Map<string, number>();
  for (let i = 0; i < keys.length; i++) last.set(keys[i]!, i);
  const kept = [...last].map(([k, i]) => ({ i, bytes: Buffer.from(k, 'utf8') }));
  kept.sort((a, b) => a.bytes.length - b.bytes.length || Buffer.compare(a.bytes, b.bytes));
  order = kept.map((k) => k.i);
  // Bounded: evidence keys come from the detectors, but a stored value's keys could be anything.
  if (keyOrders.size >= 1000) keyOrders.clear();
  keyOrders.set(signature, order);
  return order;
}

/** A jsonb column written from `value` (sent as JSON.stringify's text), or SQL null. */
function jsonbColumn(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  return jsonbValue(sentAsJson(value));
}

/** `value` as the database receives it: JSON.stringify's text, parsed. */
function sentAsJson(value: unknown): unknown {
  const text = JSON.stringify(value);
  if (text === undefined) throw new Declined();
  return JSON.parse(text);
}

/** A parsed JSON value as jsonb prints it. */
function jsonbValue(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'string') return str(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') return numericText(String(value));
  if (Array.isArray(value)) return value.length === 0 ? '[]' : `[${value.map(jsonbValue).join(', ')}]`;
  if (typeof value === 'object')
    return jsonbObject(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, jsonbValue(v)]));
  throw new Declined();
}

/** A JSON string as PostgreSQL escapes it (the same as JSON.stringify for well-formed text). */
function str(s: string): string {
  return JSON.stringify(s);
}

function strOrNull(s: string | null): string {
  return s === null ? 'null' : str(s);
}

function int(n: number): string {
  if (!Number.isSafeInteger(n)) throw new Declined();
  return String(n);
}

/** `to_json(text[])`: no space after the commas. */
function textArrayJson(items: readonly string[]): string {
  return `[${items.map(str).join(',')}]`;
}

/** A float8 in json (float8out): shortest digits, exponent form below 1e-4 and from 1e15 on. */
export function float8Json(n: number | null): string {
  if (n === null) return 'null';
  if (!Number.isFinite(n)) throw new Declined();
  // -0 is sent as "0" by some drivers and "-0" by others: not worth guessing.
  if (Object.is(n, -0)) throw new Declined();
  if (n === 0) return '0';
  const [mantissa, exp] = shortest(n);
  if (exp >= -4 && exp < 15) return plainDecimal(n < 0, mantissa, exp);
  const digits = mantissa.length > 1 ? `${mantissa[0]}.${mantissa.slice(1)}` : mantissa;
  const e = Math.abs(exp);
  return `${n < 0 ? '-' : ''}${digits}e${exp < 0 ? '-' : '+'}${e < 10 ? `0${e}` : e}`;
}

/** A float8 turned into jsonb (a numeric of float8out's text): the shortest digits in full. */
export function float8Jsonb(n: number | null): string {
  if (n === null) return 'null';
  if (!Number.isFinite(n)) throw new Declined();
  if (n === 0) return '0';
  const [mantissa, exp] = shortest(n);
  return plainDecimal(n < 0, mantissa, exp);
}

/** numeric_out of a JSON number's text (numeric_in keeps its digits, exponent written out). */
export function numericText(text: string): string {
  const m = /^(-?)(\d+)(?:\.(\d+))?(?:e([+-]?\d+))?$/i.exec(text);
  if (!m) throw new Declined();
  const [, sign, whole, frac = '', e = '0'] = m;
  const exp = Number(e);
  // The digits with the point after `point` of them; scale: digits after the point, as numeric_in.
  const digits = whole! + frac;
  const point = whole!.length + exp;
  const scale = Math.max(0, frac.length - exp);
  const intPart =
    point <= 0
      ? '0'
      : digits
          .slice(0, point)
          .padEnd(point, '0')
          .replace(/^0+(?=\d)/, '');
  const fracPart = (point < 0 ? '0'.repeat(-point) + digits : digits.slice(Math.max(0, point)))
    .padEnd(scale, '0')
    .slice(0, scale);
  const out = scale > 0 ? `${intPart}.${fracPart}` : intPart;
  return sign === '-' && /[1-9]/.test(out) ? `-${out}` : out;
}

/** The shortest round-trip digits of |n| (no leading/trailing zeros) and its decimal exponent. */
function shortest(n: number): [string, number] {
  const [m, e] = Math.abs(n).toExponential().split('e') as [string, string];
  return [m.replace('.', ''), Number(e)];
}

/** digits d1d2… × 10^(exp - len + 1) written without an exponent. */
function plainDecimal(negative: boolean, mantissa: string, exp: number): string {
  let out: string;
  if (exp < 0) out = `0.${'0'.repeat(-exp - 1)}${mantissa}`;
  else if (mantissa.length <= exp + 1) out = mantissa.padEnd(exp + 1, '0');
  else out = `${mantissa.slice(0, exp + 1)}.${mantissa.slice(exp + 1)}`;
  return negative ? `-${out}` : out;
}
