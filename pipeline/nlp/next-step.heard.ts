import type { CompiledLexicon, TermOccurrence } from '../../lexicons/lexicon.compile.js';
import type { Category } from '../../lexicons/lexicon.schema.js';
import { documentTerms } from '../../lexicons/lexicon.schema.js';
import type { Clause } from './clauses.js';
import type { NextStepMatch } from './matches.js';
import { type MarkerAlphabet, markerAlphabet, markerReading } from './need.heard.js';
import { NEXT_STEP_RULES } from './next-step.patterns.js';
import { type FlatText, inConditional } from './pattern.js';
import type { PreparedUtterance } from './prepare.js';
import { flatOf, spokenFlatOf } from './prepare.js';

/**
 * Next steps heard in text without punctuation (ASR output). A recogniser writes the words a next
 * step is read by with other characters of the same sound (周五 as 轴五, 我 as 握, 下午 as 霞午,
 * 过去 as 国去) and drops hesitations inside them (下礼拜那个三); the lexicon's action and time
 * words, the date expression and the structural patterns then find nothing. Read here: the view
 * without hesitations (sound.ts `spokenFlat`), each character that sounds like exactly one marker
 * character rewritten as that character (need.heard.ts `markerReading`), and the written rules run
 * on that reading as they run on the written view. The alphabet is built from the next-step
 * markers alone (patterns, date expression, guards, the lexicon's action and time words, the
 * pronouns the rules read), never from a noise model. Typed text (with sentence punctuation) is
 * read as written only.
 */

/** What the written detector reads besides its patterns and the lexicon: its date expression and guards. */
export interface HeardMarkers {
  readonly date: RegExp;
  readonly guards: readonly RegExp[];
}

/** Sentence punctuation: a turn with any of it was typed, not recognised. */
const SENTENCE_MARK = /[。？！?!，,；;]/;

/**
 * Rules not read by sound: a choice (挑, 选) and a suggestion (建议, 不如) heard in a long turn
 * without punctuation are mostly part of an argument, not an offer.
 */
const HEARD_ONLY_WRITTEN: ReadonlySet<string> = new Set(['next_step.trial', 'next_step.offer']);

/** A turn recalling what already happened: 上周四您来我们展厅, 上个月发您的手册. */
export const RECALLED = /上(?:个)?(?:周|礼拜|星期|月|次)|昨天|前天|刚才|已经/;

/**
 * A deliverable or meeting that is a next step (convention 13): a quote, proposal, contract,
 * sample, trial, demo, visit, a meeting arranged. Material to read is not among them.
 */
export const CONCRETE =
  /报.{0,2}价|价格|方案|合同|协议|样|试(?:用|点|跑|单|做|装|产|推|一|个)|演示|测算|上门|拜访|过去|过来|一趟|见面|约.{0,2}时间/;

/** Rules whose match holds a time ahead by itself. */
const TIMED_RULES: ReadonlySet<string> = new Set(['next_step.time-action', 'next_step.confirm-time']);

const NEXT_STEP_CATEGORIES: readonly Category[] = ['next_step.action', 'next_step.time'];

const alphabets = new WeakMap<CompiledLexicon, MarkerAlphabet>();

/**
 * The characters of the next-step markers (see the module note): the patterns, `guards` (the
 * detector's date expression and the guards it reads), the lexicon's action and time words.
 * One alphabet per lexicon: the guards are the detector's constants.
 */
export function nextStepAlphabet(lexicon: CompiledLexicon, markers: HeardMarkers): MarkerAlphabet {
  let alphabet = alphabets.get(lexicon);
  if (!alphabet) {
    const words = lexicon.documents
      .flatMap(documentTerms)
      .filter((t) => NEXT_STEP_CATEGORIES.includes(t.category))
      .flatMap((t) => [t.term, ...(t.synonyms ?? [])]);
    alphabet = markerAlphabet([
      ...NEXT_STEP_RULES.flatMap((r) => [r.re.source, r.notBefore?.source ?? '', r.notAfter?.source ?? '']),
      markers.date.source,
      ...markers.guards.map((g) => g.source),
      RECALLED.source,
      CONCRETE.source,
      ...words,
      '我您',
    ]);
    alphabets.set(lexicon, alphabet);
  }
  return alphabet;
}

/**
 * A next step found by `find` (the written detector) in a reading of an unpunctuated rep turn
 * other than as written: without hesitations, and its marker characters read by sound. The span
 * points into the utterance.
 */
export function findHeardNextStep(
  u: PreparedUtterance,
  lexicon: CompiledLexicon,
  find: (read: PreparedUtterance) => NextStepMatch | undefined,
  markers: HeardMarkers,
): NextStepMatch | undefined {
  if (u.speaker !== 'rep' || SENTENCE_MARK.test(u.norm)) return undefined;
  const spoken = spokenFlatOf(u);
  const reading = markerReading(spoken, nextStepAlphabet(lexicon, markers));
  const flat = reading ?? (spoken.text.length !== flatOf(u).text.length ? spoken : undefined);
  if (!flat) return undefined;
  const found = find(readAs(u, flat, lexicon));
  if (!found || HEARD_ONLY_WRITTEN.has(found.rule)) return undefined;
  // Without the second stage's veto (its n-grams are mis-heard too), the turn itself must not
  // recall a past meeting or send only material to read (convention 13).
  // The condition as written: the reading may have rewritten 如果 (果 sounds like 过 of 过去).
  if (RECALLED.test(flat.text) || inConditional(spoken.text, found.span[0])) return undefined;
  // What is heard must be a concrete step: a deliverable or visit, a day or clock time, or a time
  // confirmed; a heard send alone (我一会儿发您微信) is mostly material or a call-back.
  if (!CONCRETE.test(flat.text) && !markers.date.test(flat.text) && !TIMED_RULES.has(found.rule))
    return undefined;
  const start = flat.map[found.span[0]] ?? 0;
  const end = (flat.map[found.span[1] - 1] ?? start) + 1;
  return {
    ...found,
    utterance: u,
    span: [start, end],
    action: found.action && {
      ...found.action,
      start: flat.map[found.action.start] ?? start,
      end: (flat.map[found.action.end - 1] ?? start) + 1,
    },
    rule: `${found.rule}.heard`,
  };
}

/** The utterance as the reading `flat`: its text, the lexicon's next-step words in it, its clauses. */
function readAs(u: PreparedUtterance, flat: FlatText, lexicon: CompiledLexicon): PreparedUtterance {
  const terms: TermOccurrence[] = lexicon
    .findTerms(flat.text)
    .filter((t) => NEXT_STEP_CATEGORIES.includes(t.entry.category));
  const byCategory = new Map<Category, TermOccurrence[]>();
  for (const t of terms) {
    const list = byCategory.get(t.entry.category);
    if (list) list.push(t);
    else byCategory.set(t.entry.category, [t]);
  }
  return {
    ...u,
    id: u.id,
    speaker: u.speaker,
    norm: flat.text,
    view: flat.text,
    terms,
    byCategory,
    clauses: clausesOf(u.clauses, flat),
    fillers: [],
  };
}

/** The utterance's clauses over the reading: each the run of read characters that came from it. */
function clausesOf(clauses: readonly Clause[], flat: FlatText): Clause[] {
  const out: Clause[] = [];
  let i = 0;
  for (const c of clauses) {
    while (i < flat.map.length && flat.map[i]! < c.start) i++;
    const start = i;
    while (i < flat.map.length && flat.map[i]! < c.end) i++;
    if (i > start) out.push({ ...c, start, end: i, text: flat.text.slice(start, i), map: [] });
  }
  return out;
}
