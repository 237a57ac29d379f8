import type { CompiledLexicon, TermOccurrence } from '../../lexicons/lexicon.compile.js';
import { soundCanonical } from '../../lexicons/pinyin-index.js';
import type { CallContext, Detector, SimilarityMeasure } from './detector.js';
import {
  type MarkerAlphabet,
  markerAlphabet,
  markerReading,
  needTermsRead,
  needWords,
} from './need.heard.js';
import { modelNeedStands, SENTENCE_MARK } from './need.model-join.js';
import { NEED_RULES, type NeedKind, WRITTEN_ONLY } from './need.patterns.js';
import { insideWanted } from './need.wanted.js';
import { type FlatText, matchRules, type PatternRule } from './pattern.js';
import type { PreparedUtterance } from './prepare.js';
import {
  afterHesitations,
  contentF1,
  flatOf,
  insideShortQuestion,
  spokenFlatOf,
  termsOf,
  wordsWithin,
} from './prepare.js';
import {
  modelAdds,
  modelConfidence,
  modelEvidence,
  modelVerdict,
  modelVetoes,
  round,
} from './second-stage.js';
import {
  buildSoundPhraseMatcher,
  type SoundHit,
  type SoundPhraseMatcher,
  sharedOf,
  soundPairs,
  spokenCore,
} from './sound.js';
import { mayShareWord, type WordProbe, wordProbe } from './word-overlap.js';

export interface NeedMatch {
  utterance: PreparedUtterance;
  span: [number, number];
  /** Canonical concept (lexicon term) or the matched words (rule). */
  term: string;
  surface: string;
  rule:
    | 'need.industry-term'
    | 'need.pain-marker'
    | 'need.inability'
    | 'need.want-marker'
    | `need.${string}`
    | `model.${string}`;
  confidence: number;
  /** Set for a finding of the learned second stage. */
  model?: { probability: number; ngrams: { text: string; weight: number }[] };
}

/**
 * Inability (potential complement in the negative): 上不去, 存不了, 看不清, 装不下, 推不动, 扛不住, 不会弄.
 * Set phrases that are not complaints are excluded (了不起, 对不起, 差不多, 说不定, 用不了多久,
 * 大不了 "at worst", 忍不住), and 不到 next to a number or a unit of time, which is "less than"
 * (一年不到, 卖不到两箱).
 */
const INABILITY =
  /(?<![了对差说免少要看])[\p{Script=Han}]不(了(?![多解])|清|下(?![来去面午])|动|到(?![位])|完|起(?![来])|上(?![来])|进|去|开|住|过来|过去)|不会(用|弄|设置|操作|装|调|搞)/u;
const NOT_INABILITY =
  /了不起|对不起|差不多|说不定|不得不|忘不了|来不及|看不起|用不了多|要不了|不到位|大不了|[忍禁对]不住|[年月天周点]不到|不到[\d一二三四五六七八九十两半百千万几]/;

/**
 * Whether evidence starting at a position of the utterance is part of what the customer asks for
 * (need.wanted.ts): such evidence is passed over, and a problem told elsewhere still counts.
 */
export type Asked = (at: number) => boolean;
const NOT_ASKED: Asked = () => false;

/** A negation just before a need word (也不是坏了: not broken, 没那么麻烦). */
const NEGATED = /(不|没|没有|并不|也不|不太|不算|不是)$/;

/**
 * Pain words inside a set phrase that says something else: 说不准/拿不准/保不准 are "not sure",
 * not 不准 "inaccurate".
 */
const NOT_PAIN_LEAD = '[说拿保料]';
const NOT_PAIN: ReadonlyMap<string, RegExp> = new Map([['不准', new RegExp(`${NOT_PAIN_LEAD}$`)]]);
/** The same set phrases where a pattern's outcome word (不准) sits inside them. */
const NOT_PAIN_PHRASE = new RegExp(`${NOT_PAIN_LEAD}不准`);

/**
 * Implicit need: the customer describes a problem, difficulty or constraint (base pain markers or
 * the industry's `need` terms) without asking for anything. An utterance that is an objection
 * only counts when an industry need term is present: 太贵/拿不出 are objections, not needs.
 * At most one per utterance (convention 10).
 */
export function findImplicitNeed(
  u: PreparedUtterance,
  objectionSpans: readonly (readonly [number, number])[] = [],
  lexicon?: CompiledLexicon,
  asked: Asked = NOT_ASKED,
): NeedMatch | undefined {
  const hasObjection = objectionSpans.length > 0;
  if (u.speaker !== 'customer') return undefined;
  const industry = termsOf(u, 'need');
  const pain = termsOf(u, 'need.pain');
  const first = needTerm(u, industry, hasObjection, pain, asked);
  if (first) return termNeed(u, first, 0);
  const pattern = findNeedPattern(u, objectionSpans, flatOf(u), NEED_RULES, asked);
  if (pattern) return pattern;
  if (!hasObjection) {
    const inability = findInability(u, u.view, undefined, asked);
    if (inability) return inability;
  }
  // Nothing written the way the lists and patterns have it: the words heard by sound (ASR wrote
  // 头腾 for 头疼, or put 那个 inside a phrase) and the patterns over the text without any
  // hesitation (一到那个冬天就…), at a lower confidence.
  if (!lexicon) return undefined;
  const heard = needTerm(u, heardNeedTerms(u, lexicon), hasObjection, NO_TERMS, asked);
  if (heard) return termNeed(u, heard, HEARD_PENALTY);
  const spoken = spokenFlatOf(u);
  // The spoken view keeps a part of the flat view's characters, in order: equal when as long.
  if (spoken.text.length !== flatOf(u).text.length) {
    const found = heardPatternNeed(u, objectionSpans, spoken, hasObjection, asked);
    if (found) return found;
  }
  // Text without punctuation (ASR): the markers read by sound, characters written with another
  // character of the same sound read as the marker's (need.heard.ts). Typed text is read as written.
  if (SENTENCE_MARK.test(u.norm)) return undefined;
  const reading = markerReading(spoken, alphabetOf(lexicon));
  if (!reading) return undefined;
  const read = needTermsRead(reading, u.view, lexicon).filter(
    (h) => !u.terms.some((t) => t.start < h.end && t.end > h.start),
  );
  const term = needTerm(u, read, hasObjection, NO_TERMS, asked);
  if (term) return termNeed(u, term, HEARD_PENALTY);
  return heardPatternNeed(u, objectionSpans, reading, hasObjection, asked);
}

/**
 * A need pattern, else (no objection in the utterance) an inability, in a reading of the utterance
 * other than as written (without hesitations, or its markers read by sound), at a lower confidence.
 */
function heardPatternNeed(
  u: PreparedUtterance,
  objectionSpans: readonly (readonly [number, number])[],
  flat: FlatText,
  hasObjection: boolean,
  asked: Asked,
): NeedMatch | undefined {
  const found =
    findNeedPattern(u, objectionSpans, flat, NEED_RULES, asked) ??
    (hasObjection ? undefined : findInability(u, flat.text, flat.map, asked));
  return found && { ...found, confidence: found.confidence - HEARD_PENALTY };
}

/**
 * An inability (INABILITY) in `text`, its span mapped back into the utterance through `map`
 * (none: `text` is the utterance's view).
 */
function findInability(
  u: PreparedUtterance,
  text: string,
  map?: readonly number[],
  asked: Asked = NOT_ASKED,
): NeedMatch | undefined {
  const m = INABILITY.exec(text);
  if (!m) return undefined;
  const end = m.index + m[0].length;
  if (NOT_INABILITY.test(text.slice(Math.max(0, m.index - 1), end + 1))) return undefined;
  const a = map ? map[m.index]! : m.index;
  const b = map ? map[end - 1]! + 1 : end;
  // A reading by sound may have rewritten the set phrase (忍不住 read as 人不住): as written too.
  if (map && NOT_INABILITY.test(u.view.slice(Math.max(0, a - 1), b + 1))) return undefined;
  if (insideShortQuestion(u, a, b) || asked(a)) return undefined;
  return {
    utterance: u,
    span: clauseSpan(u, a, b),
    term: m[0],
    surface: u.view.slice(a, b),
    rule: 'need.inability',
    confidence: 0.6,
  };
}

const alphabets = new WeakMap<CompiledLexicon, MarkerAlphabet>();

/** The characters of the need patterns, the inability and correction forms and the lexicon's need words. */
function alphabetOf(lexicon: CompiledLexicon): MarkerAlphabet {
  let alphabet = alphabets.get(lexicon);
  if (!alphabet) {
    alphabet = markerAlphabet([
      ...NEED_RULES.filter((r) => !WRITTEN_ONLY.has(r.id)).flatMap((r) => [
        r.re.source,
        r.requires?.source ?? '',
      ]),
      INABILITY.source,
      ...needWords(lexicon).filter((w) => w.length > 1),
    ]);
    alphabets.set(lexicon, alphabet);
  }
  return alphabet;
}

/** Confidence given up by a need heard by sound rather than read as written. */
const HEARD_PENALTY = 0.1;

/**
 * The customer setting the rep's restatement right (不是X，是Y; 倒不是X的事，主要是Y): what follows
 * the correction is the problem as the customer sees it, a new implicit need (convention 10). A
 * denial (不是, 不对, 不不) not part of an A-not-A question (是不是), then within the sentence the
 * positive part (而是, 主要是, 是) with at least two characters of content after it.
 */
const CORRECTION =
  /(?<![是还])(?:不是|不对|不不)[^。！？!?]{0,16}?(?:[，,、]|的事|的问题)(?:而|主要|关键|其实|实际上|问题)?是(?!不是|吧|吗|啊|的)[\p{Script=Han}]{2}/u;

/**
 * CORRECTION in a run of speech without punctuation: 不是X是Y with X of one to eight characters
 * holding no 是 (不是费用是人家…), Y not a tag question (是吧) or another denial.
 */
const CORRECTION_RUN =
  /(?<![是还])(?:不是|不对)(?!说)[^是]{1,8}?(?:而|主要|关键|其实|实际上|问题)?是(?!不是|吧|吗|啊|的|不|说)[\p{Script=Han}]{2}/u;

/**
 * A correction of the rep's restatement: only right after a rep utterance the restatement
 * detector found, so a customer's 不是…是 in other talk (不是我说，是真的贵) is not taken for one.
 */
export function findCorrection(
  u: PreparedUtterance,
  previous: PreparedUtterance | undefined,
  restatements: ReadonlyMap<string, unknown>,
): NeedMatch | undefined {
  if (u.speaker !== 'customer' || previous?.speaker !== 'rep' || !restatements.has(previous.id))
    return undefined;
  // Without punctuation (ASR) the comma after the denied part is gone and hesitations may sit
  // inside: the denial read on the text without them, its part up to the first 是.
  const typed = SENTENCE_MARK.test(u.norm);
  const flat = typed ? flatOf(u) : spokenFlatOf(u);
  const m = CORRECTION.exec(flat.text) ?? (typed ? null : CORRECTION_RUN.exec(flat.text));
  if (!m) return undefined;
  // The positive part is the new need: the span runs from the character after 是.
  const at = m.index + m[0].length - 2;
  const start = flat.map[at] ?? at;
  const end = (flat.map[m.index + m[0].length - 1] ?? start) + 1;
  const span = clauseSpan(u, start, end);
  return {
    utterance: u,
    span,
    term: flat.text.slice(m.index, m.index + m[0].length),
    surface: flat.text.slice(m.index, m.index + m[0].length),
    rule: 'need.correction',
    confidence: 0.65,
  };
}

/**
 * The first need or pain term that counts (not negated, not in a question, not politeness): of
 * those with the smallest start, the first in `terms` then `more` (a stable sort's first).
 */
function needTerm(
  u: PreparedUtterance,
  terms: readonly TermOccurrence[],
  hasObjection: boolean,
  more: readonly TermOccurrence[] = NO_TERMS,
  asked: Asked = NOT_ASKED,
): TermOccurrence | undefined {
  const best = earliestCounting(u, terms, hasObjection, undefined, asked);
  return more.length > 0 ? earliestCounting(u, more, hasObjection, best, asked) : best;
}

const NO_TERMS: readonly TermOccurrence[] = [];

/** `best`, or the first term of `terms` that counts and starts before it. */
function earliestCounting(
  u: PreparedUtterance,
  terms: readonly TermOccurrence[],
  hasObjection: boolean,
  best: TermOccurrence | undefined,
  asked: Asked,
): TermOccurrence | undefined {
  for (const t of terms) {
    // Only an earlier term can take the place of the one found; the tests have no effects.
    if (best !== undefined && t.start >= best.start) continue;
    if (t.entry.category !== 'need' && (hasObjection || politeOrAnnounce(u, t))) continue;
    if (NEGATED.test(spokenBefore(u, t.start, 3)) && !/^[不没]/.test(t.entry.surface)) continue;
    if (NOT_PAIN.get(t.entry.surface)?.test(spokenBefore(u, t.start, 1))) continue;
    if (insideQuestion(u, t) || asked(t.start)) continue;
    best = t;
  }
  return best;
}

/** Up to `n` characters said before `at`, hesitations (那个, 嗯…) left out. */
function spokenBefore(u: PreparedUtterance, at: number, n: number): string {
  const core = spokenCore(u.view.slice(Math.max(0, at - n - 6), at));
  return core.slice(Math.max(0, core.length - n));
}

function termNeed(u: PreparedUtterance, t: TermOccurrence, penalty: number): NeedMatch {
  const industryTerm = t.entry.category === 'need';
  return {
    utterance: u,
    span: clauseSpan(u, t.start, t.end),
    term: t.entry.concept,
    surface: t.entry.surface,
    rule: industryTerm ? 'need.industry-term' : 'need.pain-marker',
    confidence: (industryTerm ? 0.85 : 0.7) - penalty,
  };
}

const needSoundOf = new WeakMap<CompiledLexicon, SoundPhraseMatcher>();

/** The lexicon's need and pain words (2+ characters) heard by sound in the utterance. */
function heardNeedTerms(u: PreparedUtterance, lexicon: CompiledLexicon): TermOccurrence[] {
  let matcher = needSoundOf.get(lexicon);
  if (!matcher) {
    const words = needWords(lexicon);
    // Two-character words only with their own characters (hesitations inside tolerated); longer
    // ones with one character heard differently. No lost characters: 电芯不一致 without 芯 is
    // 电不一致, which 放电不一致 contains.
    matcher = buildSoundPhraseMatcher(words, { minExact: (n) => (n <= 2 ? n : n - 1), deletion: false });
    needSoundOf.set(lexicon, matcher);
  }
  const out: TermOccurrence[] = [];
  for (const h of matcher.find(u.norm)) {
    // Words read exactly win: 报警 inside 一键报警 (a feature) is not heard as a pain.
    if (u.terms.some((t) => t.start < h.end && t.end > h.start)) continue;
    const entry = lexicon.lookup(h.phrase).find((e) => e.category === 'need' || e.category === 'need.pain');
    if (entry)
      out.push({
        start: h.start,
        end: h.end,
        pattern: -1,
        entry,
        heard: { surface: u.norm.slice(h.start, h.end), distance: 0 },
      });
  }
  return out;
}

/**
 * The customer's want marker (我们需要 / 希望 / 最好能…) and its clause: not negated, not asked, and
 * not a request for samples, quotes or demos.
 */
function wantMarker(u: PreparedUtterance): { want: TermOccurrence; span: [number, number] } | undefined {
  if (u.speaker !== 'customer') return undefined;
  const want = termsOf(u, 'need.want').filter(
    (t) => !NEGATED.test(u.view.slice(Math.max(0, t.start - 2), t.start)) && !insideQuestion(u, t),
  )[0];
  if (!want) return undefined;
  const span = clauseSpan(u, want.start, want.end);
  if (termsOf(u, ['need.negation', 'sample'], span).length > 0) return undefined;
  return { want, span };
}

/** Explicit need: 我们需要 / 希望 / 最好能…, but not requests for samples, quotes or demos. */
export function findExplicitNeed(u: PreparedUtterance): NeedMatch | undefined {
  const found = wantMarker(u);
  if (!found) return undefined;
  const { want, span } = found;
  return {
    utterance: u,
    span,
    term: want.entry.concept,
    surface: want.entry.surface,
    rule: 'need.want-marker',
    confidence: 0.75,
  };
}

/** Patterns too weak to stand beside an objection in the same utterance. */
const WEAK = new Set(['need.hard', 'need.limit', 'need.bad-outcome', 'need.drawn-out', 'need.drop']);

/**
 * 麻烦您/麻烦你帮我 is politeness, and 有几个问题(想问) announces questions: neither is a problem.
 */
function politeOrAnnounce(u: PreparedUtterance, t: TermOccurrence): boolean {
  const after = afterHesitations(u.view.slice(t.end, t.end + 9)).slice(0, 3);
  const before = u.view.slice(Math.max(0, t.start - 3), t.start);
  if (t.entry.surface === '麻烦') return /^(你|您|帮|大家|了)/.test(after);
  if (t.entry.surface === '问题')
    return (
      /(几个|两个|一个|个)$/.test(before) ||
      /^(想问|问你|问您|我再|再找|再叫|就|了解)/.test(after) ||
      /有$/.test(before)
    );
  return false;
}

/**
 * 麻烦 as the last word of a pattern's match, followed by the person asked (还有麻烦您…, 又要麻烦你
 * 们): a polite request, not trouble (the same reading as politeOrAnnounce for the pain word).
 */
const POLITE_TROUBLE = /麻烦$/;
const ADDRESSEE = /^(你|您|帮|大家)/;

/**
 * A problem told in everyday words (need.patterns.ts). Beside an objection it counts only in a
 * clause of its own: 太贵了 is an objection, 一到冬天就冻裂 after it is still a problem.
 */
function findNeedPattern(
  u: PreparedUtterance,
  objectionSpans: readonly (readonly [number, number])[],
  flat: FlatText,
  rules: readonly PatternRule<NeedKind>[],
  asked: Asked,
): NeedMatch | undefined {
  for (const hit of matchRules(flat, rules)) {
    const [a, b] = hit.span;
    if (insideShortQuestion(u, a, b) || NOT_PAIN_PHRASE.test(hit.text) || asked(a)) continue;
    if (POLITE_TROUBLE.test(hit.text) && ADDRESSEE.test(afterHesitations(u.view.slice(b, b + 9)))) continue;

    const span = clauseSpan(u, a, b);
    if (
      objectionSpans.length > 0 &&
      (WEAK.has(hit.rule.id) || objectionSpans.some(([x, y]) => x < span[1] && y > span[0]))
    )
      continue;
    return {
      utterance: u,
      span,
      term: hit.text,
      surface: hit.text,
      rule: hit.rule.id as NeedMatch['rule'],
      confidence: 0.6,
    };
  }
  return undefined;
}

function insideQuestion(u: PreparedUtterance, t: TermOccurrence): boolean {
  return insideShortQuestion(u, t.start, t.end);
}

/** The span of the clause(s) around a term, up to the sentence end. */
export function clauseSpan(u: PreparedUtterance, start: number, end: number): [number, number] {
  const clause = u.clauses.find((c) => c.start <= start && c.end >= end);
  if (!clause) return [start, end];
  let to = clause.end;
  for (const c of u.clauses)
    if (c.sentence === clause.sentence && c.start >= clause.start) to = Math.max(to, c.end);
  return [clause.start, to];
}

/** The rule's need joined with the second stage (see second-stage.ts): vetoed, kept, or added. */
function withSecondStage(
  ctx: CallContext,
  u: PreparedUtterance,
  label: 'need.implicit' | 'need.explicit',
  found: NeedMatch | undefined,
  besideObjection = false,
): NeedMatch | undefined {
  const v = modelVerdict(ctx, u, label);
  if (found) return found.rule !== 'need.industry-term' && modelVetoes(v) ? undefined : found;
  // Explicit needs the model adds were all wrong in the leave-one-industry-out runs
  // (npm run eval:loio): for them the model only vetoes.
  if (label === 'need.explicit' || !modelAdds(v)) return undefined;
  if (!modelNeedStands(u, v, besideObjection)) return undefined;
  const ev = modelEvidence(ctx, u, label);
  return {
    utterance: u,
    span: ev.span,
    term: ev.term,
    surface: ev.term,
    rule: `model.${label}`,
    confidence: modelConfidence(v),
    model: { probability: v.probability, ngrams: ev.ngrams },
  };
}

function modelFields(n: NeedMatch): {
  probability?: number;
  modelEvidence?: { text: string; weight: number }[];
} {
  return n.model ? { probability: round(n.model.probability), modelEvidence: n.model.ngrams } : {};
}

/** Categories of a lexicon term in the question that identifies the need alone when the need has it. */
const STRONG: ReadonlySet<string> = new Set(['need', 'need.pain', 'product', 'feature']);

/** How many rep utterances after an implicit need may identify it (convention 11). */
const IDENTIFY_WINDOW = 2;

/**
 * Convention 11: the first of the next 2 rep utterances (within 2 rep turns) that asks about the
 * need or restates it accurately. A question is "about" the need when its sentence shares content
 * words with the need's clause (two words, or one lexicon need/product term), when the rep picks
 * up the customer's own words (heard by sound, so ASR mis-hearings still count), or when it is
 * the rep's direct follow-up (`followsUp`).
 */
export function identifyingUtterance(
  us: readonly PreparedUtterance[],
  need: NeedMatch,
  restatements: ReadonlyMap<string, { refersTo: string; accurate: boolean }>,
  stopwords: ReadonlySet<string>,
  similarity: SimilarityMeasure,
  lexicon?: CompiledLexicon,
): string | null {
  // The need's content words, segmented only when a question gets as far as comparing words.
  let needWords: string[] | undefined;
  let needSet: ReadonlySet<string> | undefined;
  // With the lexicon the utterances were prepared with: which questions can share a word with
  // the need at all (word-overlap.ts), so that the others are not segmented.
  let needProbe: WordProbe | undefined;
  const needText = need.utterance.norm;
  // The need's character and sound pairs, read once for all the questions compared with it.
  let needPairs: ReadonlySet<string> | undefined;
  let needSoundPairs: ReadonlySet<string> | undefined;
  let reps = 0;
  let turns = 0;
  let prevSpeaker = need.utterance.speaker;
  // The rep's reply to the need: the first rep utterance after it, or the next one when the rep
  // got it wrong first (an inaccurate restatement the customer then corrects).
  let reply = true;
  for (let i = need.utterance.index + 1; i < us.length && reps < IDENTIFY_WINDOW; i++) {
    const u = us[i]!;
    if (u.speaker !== prevSpeaker && u.speaker === 'rep') turns++;
    prevSpeaker = u.speaker;
    if (u.speaker !== 'rep') continue;
    if (turns > IDENTIFY_WINDOW) break;
    reps++;
    const r = restatements.get(u.id);
    if (r && r.refersTo === need.utterance.id) {
      if (r.accurate) return u.id;
      reply = true;
      continue; // an inaccurate restatement does not identify, nor do its questions
    }
    // The rep's direct follow-up identifies the need whatever its questions share with it: read
    // first, as every test below would also only return this utterance.
    if (reply && followsUp(u)) return u.id;
    reply = false;
    for (const q of u.questions) {
      // A run-on pitch taken for one question by a question word inside it (什么时候安装都能查)
      // asks nothing: its words would identify any need they share.
      if (runOn(u, q)) continue;
      // A sales push (您看…要不要) or a question after brushing the problem off is not about it,
      // even when it repeats the customer's words.
      const head = u.norm.slice(0, q.end);
      if (pushesOrDismisses(head)) continue;
      // Every test below identifies the need by this utterance: the ones that need no words
      // segmented come first.
      // The rep picks up the customer's own words (十二米的烘道…?) from anywhere in the turn:
      // shared character pairs survive segmentation differences, and compared by sound they
      // survive ASR mis-hearings and hesitations too.
      needPairs ??= hanPairs(needText);
      if (sharedPairsIn(head, needPairs) >= 3) return u.id;
      needSoundPairs ??= soundPairs(needText);
      if (sharedOf(soundPairs(head), needSoundPairs) >= 3) return u.id;
      // Content words of the question's sentence: two shared, one lexicon need or product term
      // of the need, or an F1 of 0.3.
      const [s0] = clauseSpan(u, q.start, q.end);
      const clause = u.clauses.find((c) => c.start <= q.start && c.end >= q.start);
      const sentStart = clause ? (u.clauses.find((c) => c.sentence === clause.sentence)?.start ?? s0) : s0;
      needWords ??= wordsWithin(need.utterance, need.span[0], need.span[1]);
      needSet ??= new Set(needWords);
      const known = needSet;
      const strong = u.terms.some(
        (t) =>
          t.start >= sentStart &&
          t.end <= q.end &&
          STRONG.has(t.entry.category) &&
          known.has(t.entry.concept),
      );
      if (strong) return u.id;
      if (lexicon) needProbe ??= wordProbe(need.utterance, lexicon, need.span[0], need.span[1]);
      if (!needProbe || mayShareWord(needProbe, u.norm.slice(sentStart, q.end))) {
        const words = wordsWithin(u, sentStart, q.end);
        const shared = words.filter((w) => known.has(w) && !stopwords.has(w));
        if (new Set(shared).size >= 2 || contentF1(words, needWords) >= 0.3) return u.id;
      }
      // With an embedding model, a follow-up question in other words also counts.
      if (similarity.measure === 'embedding' && similarity.between) {
        const question = u.norm.slice(sentStart, q.end);
        const spanText = need.utterance.norm.slice(need.span[0], need.span[1]);
        if (similarity.between(question, spanText) >= similarity.threshold) return u.id;
      }
    }
  }
  return null;
}

/**
 * Words that turn a question into a sales push (您看…要不要, 下单, 采购几台) rather than a question
 * about the customer's situation. General sales Mandarin; matched by sound.
 */
const PUSH = [
  '您看',
  '你看',
  '要不要',
  '要不',
  '下单',
  '订货',
  '采购',
  '签约',
  '签合同',
  '试试',
  '拜访',
  '换到',
  '换成',
  '优惠',
  '活动',
];
/** The rep brushing a problem off before asking on (这个您放心, 很简单的, 很正常). */
const DISMISS = [
  '放心',
  '没问题',
  '很简单',
  '简单的',
  '不难',
  '正常',
  '不会的',
  '很好的',
  '很准',
  '规避',
  '不用担心',
  '别担心',
];
/**
 * Question words of an information-seeking question, for text whose punctuation and question
 * words ASR has lost or misspelt (多稍, 什吗): matched by sound.
 */
const ASKING = [
  '多少',
  '多久',
  '多长',
  '多大',
  '多高',
  '多远',
  '几个',
  '几次',
  '几天',
  '几台',
  '几年',
  '几回',
  '几种',
  '几家',
  '几位',
  '几条',
  '几套',
  '几版',
  '几遍',
  '几趟',
  '几轮',
  '什么',
  '怎么',
  '哪些',
  '哪个',
  '哪几',
  '哪家',
  '哪里',
  '为什么',
  '有没有',
  '是不是',
  '会不会',
  '能不能',
];
// Not 呢: with n and l folded it sounds like the 了 that ends statements.
const END_PARTICLE = ['吗'];
/** In text without punctuation, a question that ends the turn ends within this many characters of it. */
const TURN_END = 10;

let followUpMatchers:
  | {
      push: SoundPhraseMatcher;
      dismiss: SoundPhraseMatcher;
      asking: SoundPhraseMatcher;
      particle: Set<string>;
    }
  | undefined;

/**
 * The rep's direct reply to a need is a follow-up about it when it asks for information (a
 * question unit, or question words heard by sound) and neither pushes the sale in that question
 * nor brushes the problem off before it. Asking on right after a problem is asking about it: 这种
 * 情况一个礼拜有几天？ names nothing the customer said and is still the diagnosis convention 11 wants.
 */
export function followsUp(u: PreparedUtterance): boolean {
  followUpMatchers ??= buildFollowUpMatchers();
  const m = followUpMatchers;
  let end: number | undefined;
  if (/[。？！?!.]/.test(u.norm)) end = u.questions[0]?.end;
  else {
    // Text without sentence punctuation (ASR): the question the rep ends the turn with, found
    // by the question detector or by question words heard by sound. A question word earlier in
    // a run-on turn is too often part of a statement (问到哪了、什么时候安装都能查).
    let last = u.norm.length;
    while (last > 0 && /[\s\p{P}嗯呃啊吧]/u.test(u.norm[last - 1]!)) last--;
    const near = (e: number) => e >= last - TURN_END;
    // A long question unit is a whole run-on turn the detector could not split: evidence only
    // when the word that made it a question (还是, 什么…) is itself close to the end.
    const asksNearEnd = (q: PreparedUtterance['questions'][number]) =>
      q.end - q.start <= TURN_END * 2 ||
      (q.term !== null && u.norm.lastIndexOf(q.term, q.end) >= last - TURN_END * 1.5);
    end =
      u.questions.find((q) => near(q.end) && asksNearEnd(q))?.end ??
      m.asking.find(u.norm).find((h) => near(h.end) && !counted(u.norm, h))?.end;
    if (end === undefined && last > 0 && m.particle.has(soundCanonical(u.norm[last - 1]!))) end = last;
  }
  return end !== undefined && !pushesOrDismisses(u.norm.slice(0, end));
}

/** 几 after a number is "a few" (二十几个, 十几天), not "how many". */
const counted = (text: string, h: SoundHit) =>
  h.phrase.startsWith('几') && h.start > 0 && NUMERAL.test(text[h.start - 1]!);
const NUMERAL = /[一二三四五六七八九十两百千万\d]/;

/**
 * A question unit of text without sentence punctuation that is a run-on turn (over twice
 * TURN_END) with its question word further from its end than one spoken question runs (three
 * TURN_END): the word was part of a statement. Nearer, it is often several questions run together
 * (…是返修还是直接报废全检现在用什么测的).
 */
function runOn(u: PreparedUtterance, q: PreparedUtterance['questions'][number]): boolean {
  if (SENTENCE_MARK.test(u.norm) || q.end - q.start <= TURN_END * 2) return false;
  return q.term === null || u.norm.lastIndexOf(q.term, q.end) < q.end - TURN_END * 3;
}

/** The rep pushing the sale or brushing the problem off in `head` (sound matched). */
function pushesOrDismisses(head: string): boolean {
  followUpMatchers ??= buildFollowUpMatchers();
  return followUpMatchers.push.find(head).length > 0 || followUpMatchers.dismiss.find(head).length > 0;
}

function buildFollowUpMatchers() {
  return {
    push: buildSoundPhraseMatcher(PUSH),
    dismiss: buildSoundPhraseMatcher(DISMISS),
    asking: buildSoundPhraseMatcher(ASKING),
    particle: new Set(END_PARTICLE.map((p) => soundCanonical(p))),
  };
}

/** Pairs of adjacent Han characters that are not function words (的那, 一个…). */
const FUNCTION_PAIR =
  /^[的了是在有个这那一我你您们就也都还吗呢吧啊么和跟对把给让被]{2}$|^[这那哪][个些]$|^一[个下点些]$/;

/** How many distinct Han character pairs of `a` also occur in `b`. */
export function sharedPairs(a: string, b: string): number {
  return sharedPairsIn(a, hanPairs(b));
}

/** The Han character pairs of a text, function-word pairs left out (what `sharedPairs` compares). */
function hanPairs(b: string): Set<string> {
  const pairs = new Set<string>();
  for (let i = 0; i + 1 < b.length; i++) {
    if (!isHanUnit(b.charCodeAt(i)) || !isHanUnit(b.charCodeAt(i + 1))) continue;
    const p = b.slice(i, i + 2);
    if (!FUNCTION_PAIR.test(p)) pairs.add(p);
  }
  return pairs;
}

/** A code unit in U+4E00-U+9FFF (the range `hanPairs` reads). */
const isHanUnit = (c: number) => c >= 0x4e00 && c <= 0x9fff;

/** How many distinct Han character pairs of `a` are in `pairs` (`hanPairs` of the other text). */
function sharedPairsIn(a: string, pairs: ReadonlySet<string>): number {
  let n = 0;
  let seen: Set<string> | undefined;
  for (let i = 0; i + 1 < a.length; i++) {
    // Only Han pairs are in `pairs`.
    if (!isHanUnit(a.charCodeAt(i)) || !isHanUnit(a.charCodeAt(i + 1))) continue;
    const p = a.slice(i, i + 2);
    if (!pairs.has(p)) continue;
    seen ??= new Set<string>();
    if (!seen.has(p)) {
      seen.add(p);
      n++;
    }
  }
  return n;
}

/** The spans of the objections found in an utterance (most have none: one shared empty list). */
function objectionSpansOf(ctx: CallContext, u: PreparedUtterance): readonly (readonly [number, number])[] {
  const found = ctx.facts.objections.get(u.id);
  return found === undefined || found.length === 0 ? NO_SPANS : found.map((o) => o.span);
}

const NO_SPANS: readonly (readonly [number, number])[] = [];

/** The rep utterance that identifies a need of this call, or null (convention 11). */
function identifiedByIn(ctx: CallContext, need: NeedMatch): string | null {
  return identifyingUtterance(
    ctx.us,
    need,
    ctx.facts.restatements,
    ctx.deps.stopwords,
    ctx.similarity,
    ctx.deps.lexicon,
  );
}

/** Evidence after the customer's own want marker, inside what is wanted (need.wanted.ts). */
export function askedIn(u: PreparedUtterance): Asked {
  const end = wantMarker(u)?.want.end;
  return end === undefined ? NOT_ASKED : (at) => insideWanted(u, end, at);
}

/** Registry entry: implicit needs, each identified or missed (convention 11). */
export const implicitNeedDetector: Detector<'need.implicit'> = {
  id: 'need.implicit',
  labels: ['need.implicit'],
  reads: ['objections', 'restatements'],
  writes: [],
  detect(ctx) {
    for (const u of ctx.us) {
      if (u.speaker !== 'customer') continue;
      const objectionSpans = objectionSpansOf(ctx, u);
      const need = withSecondStage(
        ctx,
        u,
        'need.implicit',
        findImplicitNeed(u, objectionSpans, ctx.deps.lexicon, askedIn(u)) ??
          findCorrection(u, ctx.us[u.index - 1], ctx.facts.restatements),
        objectionSpans.length > 0,
      );
      if (!need) continue;
      const by = identifiedByIn(ctx, need);
      ctx.add({
        label: 'need.implicit',
        utteranceId: u.id,
        span: need.span,
        rule: need.rule,
        term: need.term,
        ...(need.surface !== need.term ? { surface: need.surface } : {}),
        confidence: need.confidence,
        ...modelFields(need),
        identified: by !== null,
        identifiedBy: by,
      });
    }
  },
  fromAppeal(ctx, u, base) {
    const need: NeedMatch = {
      utterance: u,
      span: base.span,
      term: base.term!,
      surface: base.term!,
      rule: 'need.pain-marker',
      confidence: 1,
    };
    const by = identifiedByIn(ctx, need);
    return { ...base, identified: by !== null, identifiedBy: by };
  },
};

/** Registry entry: explicit needs (what the customer says they want). */
export const explicitNeedDetector: Detector = {
  id: 'need.explicit',
  labels: ['need.explicit'],
  reads: [],
  writes: [],
  detect(ctx) {
    for (const u of ctx.us) {
      if (u.speaker !== 'customer') continue;
      const want = withSecondStage(ctx, u, 'need.explicit', findExplicitNeed(u));
      if (!want) continue;
      ctx.add({
        label: 'need.explicit',
        utteranceId: u.id,
        span: want.span,
        rule: want.rule,
        term: want.term,
        confidence: want.confidence,
        ...modelFields(want),
      });
    }
  },
};
