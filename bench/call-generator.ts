/**
 * Deterministic generator of realistic 30-minute Chinese B2B sales calls for benchmarks.
 *
 * Every call is composed from phrase templates with slots (products, pains, competitors, dates,
 * numbers, fillers) drawn from a seeded PRNG, so two seeds give different texts while one seed
 * always gives the same call. The phrases are written for this generator only; nothing is taken
 * from fixtures or evaluation data, so benchmark figures never leak into quality figures.
 * The tables themselves are in call-generator.vocab.ts (per industry) and
 * call-generator.phrases.ts (shared phrases); this file holds only how a call is composed.
 */
import type { TranscriptInput } from '../models/transcript.js';
import {
  BACKCHANNEL_CUSTOMER,
  BACKCHANNEL_REP,
  CITIES,
  CLOSING_CUSTOMER,
  CLOSING_REP,
  CN_DIGITS,
  CUSTOMER_ACCEPT,
  CUSTOMER_CONFIRM,
  CUSTOMER_FACT,
  CUSTOMER_PAIN,
  CUSTOMER_REACTION_DOUBT,
  CUSTOMER_REACTION_OK,
  CUSTOMER_WANT,
  DAY_PARTS,
  EVENTS,
  EXT_CUSTOMER,
  EXT_REP,
  FILLERS,
  HANDLE_ACK,
  HANDLE_ALTERNATIVE,
  HANDLE_CLARIFY,
  HANDLE_EVIDENCE,
  HANDLE_REFRAME,
  HANDLE_SPECIFIC,
  METRIC,
  NEXT_STEP,
  OBJECTION_KINDS,
  OBJECTIONS,
  type ObjectionKind,
  OPENING_CUSTOMER,
  OPENING_INTRO,
  OPENING_PERMISSION,
  OPENING_PURPOSE,
  Q_CLOSED,
  Q_OPEN,
  Q_PROBE,
  QA,
  RESTATE,
  SMALL_TALK,
  SOLUTION,
  SURNAMES,
  WEEKDAYS,
} from './call-generator.phrases.js';
import {
  GENERATOR_INDUSTRIES,
  type GeneratorIndustry,
  type IndustryVocab,
  VOCAB,
} from './call-generator.vocab.js';

export { GENERATOR_INDUSTRIES, type GeneratorIndustry } from './call-generator.vocab.js';

// ---------------------------------------------------------------------------------------------
// PRNG

/** sfc32 seeded through splitmix32: small, fast, and good enough for text composition. */
class Dice {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: number) {
    let s = seed >>> 0;
    const next = (): number => {
      s = (s + 0x9e3779b9) >>> 0;
      let z = s;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.a = next();
    this.b = next();
    this.c = next();
    this.d = next();
    for (let i = 0; i < 12; i++) this.next();
  }

  /** Uniform in [0, 1). */
  next(): number {
    const t = (((this.a + this.b) >>> 0) + this.d) >>> 0;
    this.d = (this.d + 1) >>> 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) >>> 0;
    this.c = ((this.c << 21) | (this.c >>> 11)) >>> 0;
    this.c = (this.c + t) >>> 0;
    return t / 4294967296;
  }

  /** Integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('pick from an empty list');
    return items[Math.floor(this.next() * items.length)]!;
  }

  /** Picks by weight; `weights[i]` belongs to `items[i]`. */
  weighted<T>(items: readonly T[], weights: readonly number[]): T {
    const total = weights.reduce((s, w) => s + w, 0);
    let r = this.next() * total;
    for (let i = 0; i < items.length; i++) {
      r -= weights[i] ?? 0;
      if (r < 0) return items[i]!;
    }
    return items[items.length - 1]!;
  }

  /** A few distinct items in random order. */
  sample<T>(items: readonly T[], n: number): T[] {
    const copy = [...items];
    for (let i = copy.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      [copy[i], copy[j]] = [copy[j]!, copy[i]!];
    }
    return copy.slice(0, n);
  }
}

function hashString(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return h >>> 0;
}

// ---------------------------------------------------------------------------------------------
// Composition

type Speaker = 'rep' | 'customer';

interface Turn {
  speaker: Speaker;
  text: string;
  /** The turn answers a customer objection (reps pause longer before these). */
  afterObjection?: boolean;
  /** A short backchannel, spoken quickly. */
  short?: boolean;
}

/** Chinese numerals for 0-9999, the way ASR often writes spoken numbers. */
function chineseNumber(n: number): string {
  if (n < 10) return CN_DIGITS[n]!;
  const units = ['', '十', '百', '千'];
  const digits = String(n).split('').map(Number);
  let out = '';
  let zero = false;
  digits.forEach((d, i) => {
    const unit = units[digits.length - 1 - i]!;
    if (d === 0) {
      zero = true;
      return;
    }
    if (zero && out) out += '零';
    zero = false;
    out += (d === 1 && unit === '十' && i === 0 ? '' : CN_DIGITS[d]!) + unit;
  });
  return out;
}

class Composer {
  readonly dice: Dice;
  readonly vocab: IndustryVocab;
  readonly city: string;
  readonly city2: string;
  readonly name: string;
  readonly repName: string;
  readonly vendor: string;
  readonly company: string;
  readonly mainProduct: string;
  readonly mainCompetitor: string;
  readonly mainApprover: string;
  readonly fillerRate: number;
  readonly unpunctuatedRate: number;
  lastPain: string;
  /** The last value each slot drew, for `{sameX}` slots. */
  private readonly last = new Map<string, string>();
  /** Small talk still to use (each topic once per call). */
  readonly smallTalk: (readonly [string, string])[];
  /** Objections still to raise: a call has a handful, not one per minute. */
  readonly objections: ObjectionKind[];

  constructor(dice: Dice, vocab: IndustryVocab) {
    this.dice = dice;
    this.vocab = vocab;
    const [city, city2] = dice.sample(CITIES, 2) as [string, string];
    this.city = city;
    this.city2 = city2;
    const surname = dice.pick(SURNAMES);
    this.name = `${surname}${dice.pick(vocab.titles)}`;
    this.repName = `小${dice.pick(SURNAMES.filter((s) => s !== surname))}`;
    this.vendor = dice.pick(vocab.vendors);
    this.company = dice
      .pick(vocab.companies)
      .replace('{city}', city)
      .replace('{brand}', dice.pick(vocab.brandWords));
    this.mainProduct = dice.pick(vocab.products);
    this.mainCompetitor = dice.pick(vocab.competitors);
    this.mainApprover = dice.pick(vocab.approvers);
    this.fillerRate = 0.15 + dice.next() * 0.25;
    this.unpunctuatedRate = 0.1 + dice.next() * 0.25;
    this.lastPain = dice.pick(vocab.pains);
    this.smallTalk = dice.sample(SMALL_TALK, dice.int(2, 4));
    // Repeats allowed: a customer who raises price twice is a realistic (unresolved) pattern.
    this.objections = Array.from({ length: dice.int(5, 10) }, () =>
      dice.weighted(OBJECTION_KINDS, [4, 2, 2, 1, 2, 2, 2]),
    );
  }

  fill(template: string): string {
    return template.replace(/\{(\w+)\}/g, (_, slot: string) => this.slot(slot));
  }

  private slot(name: string): string {
    if (name.startsWith('same')) {
      const key = name.charAt(4).toLowerCase() + name.slice(5);
      return this.last.get(key) ?? this.slot(key);
    }
    const value = this.draw(name);
    this.last.set(name, value);
    return value;
  }

  private draw(name: string): string {
    const d = this.dice;
    const v = this.vocab;
    switch (name) {
      case 'name':
        return this.name;
      case 'repName':
        return this.repName;
      case 'vendor':
        return this.vendor;
      case 'company':
        return this.company;
      case 'city':
        return d.chance(0.7) ? this.city : d.pick(CITIES);
      case 'city2':
        return this.city2;
      case 'region':
        return d.pick(['华东', '华中', '华南', '西南', `${this.city}`, '江浙']);
      case 'event':
        return d.pick(EVENTS);
      case 'dept':
        return d.pick(v.depts);
      case 'topic':
        return d.pick(v.topics);
      case 'product':
        return d.chance(0.55) ? this.mainProduct : d.pick(v.products);
      case 'product2':
        return d.pick(v.products.filter((p) => p !== this.mainProduct));
      case 'feature':
        return d.pick(v.features);
      case 'feature2':
        return d.pick(v.features.filter((f) => f !== this.last.get('feature')));
      case 'benefit':
        return d.pick(v.benefits);
      case 'pain': {
        this.lastPain = d.pick(v.pains);
        return this.lastPain;
      }
      case 'echo':
        return this.lastPain;
      case 'want':
        return d.pick(v.wants);
      case 'competitor':
        return d.chance(0.65) ? this.mainCompetitor : d.pick(v.competitors);
      case 'approver':
        return d.chance(0.6) ? this.mainApprover : d.pick(v.approvers);
      case 'case':
        return this.fill(d.pick(v.cases));
      case 'metric':
        return this.fill(d.pick(METRIC));
      case 'workload':
        return v.workload;
      case 'unit':
        return v.unit;
      case 'qty':
        return this.count(d.int(v.qty[0], v.qty[1]));
      case 'qty2':
        return this.count(d.int(2, 90) * 10);
      case 'price':
      case 'price2':
        return this.count(d.int(v.price[0], v.price[1]));
      case 'percent':
        return this.number(d.int(8, 45));
      case 'years':
        return this.count(d.int(2, 8));
      case 'hours':
        return this.count(d.pick([2, 4, 8, 24, 48]));
      case 'month':
        return this.number(d.int(1, 12));
      case 'deliveryItem':
        return d.pick(v.deliveryItem);
      case 'scope':
        return d.pick(v.scope);
      case 'process':
        return d.pick(v.process);
      case 'date':
        return this.date();
      case 'dayPart':
        return d.pick(DAY_PARTS);
      default:
        throw new Error(`unknown template slot {${name}}`);
    }
  }

  private number(n: number): string {
    return this.dice.chance(0.5) ? String(n) : chineseNumber(n);
  }

  /** A quantity: spoken 2 before a measure word is 两, not 二. */
  private count(n: number): string {
    const s = this.number(n);
    return s === '二' ? '两' : s;
  }

  private date(): string {
    const d = this.dice;
    switch (d.int(0, 4)) {
      case 0:
        return `下${d.pick(WEEKDAYS)}`;
      case 1:
        return `这${d.pick(WEEKDAYS)}`;
      case 2:
        return `${this.number(d.int(1, 12))}月${this.number(d.int(1, 28))}号`;
      case 3:
        return d.pick(['明天', '后天', '明天上午', '后天下午']);
      default:
        return `下${d.pick(WEEKDAYS)}${d.pick(DAY_PARTS)}`;
    }
  }

  /**
   * One utterance: an optional filler, the core phrase and, when the running character budget
   * asks for it, elaboration sentences (before a question, after a statement).
   */
  utter(speaker: Speaker, core: string, desired: number): string {
    const d = this.dice;
    let text = this.fill(core);
    const pool = speaker === 'rep' ? EXT_REP : EXT_CUSTOMER;
    for (let i = 0; i < 3 && [...text].length < desired * 0.85; i++) {
      const ext = this.fill(d.pick(pool));
      // Lead-ins ending in a comma only go in front; anything goes in front of a question.
      if (/？$/.test(text) || ext.endsWith('，') || d.chance(0.3)) text = `${ext}${text}`;
      else text = `${text}${ext}`;
    }
    if (d.chance(this.fillerRate)) text = `${d.pick(FILLERS)}${text}`;
    // ASR hesitations inside a sentence: 呃 or 那个 after a comma.
    if (d.chance(this.fillerRate / 2)) {
      text = text.replace('，', d.pick(['，呃，', '，那个，', '，就是说，']));
    }
    if (d.chance(this.unpunctuatedRate)) text = text.replace(/[，。？！、；：]/g, '');
    return text;
  }

  backchannel(speaker: Speaker): string {
    const word = this.dice.pick(speaker === 'rep' ? BACKCHANNEL_REP : BACKCHANNEL_CUSTOMER);
    return this.dice.chance(this.unpunctuatedRate) ? word : `${word}。`;
  }

  handling(kind: ObjectionKind): string {
    const d = this.dice;
    const parts: string[] = [];
    if (d.chance(0.7)) parts.push(d.pick(HANDLE_ACK));
    const techniques = d.sample(
      [HANDLE_CLARIFY, HANDLE_REFRAME, HANDLE_ALTERNATIVE, HANDLE_EVIDENCE, HANDLE_SPECIFIC[kind]],
      d.int(1, 2),
    );
    // A clarifying question reads naturally only at the end.
    techniques.sort((a, b) => (a === HANDLE_CLARIFY ? 1 : 0) - (b === HANDLE_CLARIFY ? 1 : 0));
    for (const t of techniques) parts.push(d.pick(t));
    return parts.join('');
  }
}

// ---------------------------------------------------------------------------------------------
// Call structure

type Phase = 'smalltalk' | 'discovery' | 'solution' | 'objection' | 'closing';

/** Phase weights by position in the call (0 = start, 1 = end): calls drift, they do not jump. */
function phaseAt(dice: Dice, progress: number): Phase {
  const phases: Phase[] = ['smalltalk', 'discovery', 'solution', 'objection', 'closing'];
  const bump = (centre: number, width: number) => Math.max(0, 1 - Math.abs(progress - centre) / width);
  const weights = [
    0.04 + 2 * bump(0.04, 0.06),
    bump(0.22, 0.22) * 3,
    bump(0.5, 0.22) * 3,
    bump(0.72, 0.2) * 3,
    progress > 0.85 ? 1 : 0.02,
  ];
  return dice.weighted(phases, weights);
}

/** A cheap backchannel-like interjection from the other side (consecutive turns stay common). */
function maybeBackchannel(c: Composer, turns: Turn[], speaker: Speaker, p: number): void {
  if (c.dice.chance(p)) turns.push({ speaker, text: c.backchannel(speaker), short: true });
}

function beat(c: Composer, phase: Phase, budget: () => number): Turn[] {
  const d = c.dice;
  const out: Turn[] = [];
  const say = (speaker: Speaker, template: string, scale = 1, afterObjection = false) => {
    const desired = Math.min(95, Math.max(8, budget() * scale * (0.6 + d.next() * 0.8)));
    out.push({
      speaker,
      text: c.utter(speaker, template, desired),
      ...(afterObjection ? { afterObjection } : {}),
    });
  };
  switch (phase) {
    case 'smalltalk': {
      const pair = c.smallTalk.pop();
      if (!pair) return beat(c, 'discovery', budget);
      say('rep', pair[0], 0.8);
      say('customer', pair[1], 0.8);
      maybeBackchannel(c, out, 'rep', 0.4);
      break;
    }
    case 'discovery': {
      const open = d.chance(0.6);
      say('rep', d.pick(open ? Q_OPEN : Q_CLOSED), 0.8);
      const answer = d.weighted([CUSTOMER_PAIN, CUSTOMER_WANT, CUSTOMER_FACT], [4, 2, 3]);
      say('customer', d.pick(answer), 1.3);
      const followUp = d.next();
      if (answer === CUSTOMER_PAIN && followUp < 0.35) {
        say('rep', d.pick(RESTATE));
        say('customer', d.pick(CUSTOMER_CONFIRM), 0.7);
      } else if (answer === CUSTOMER_PAIN && followUp < 0.6) {
        say('rep', d.pick(Q_PROBE), 0.9);
        say('customer', d.pick([...CUSTOMER_FACT, ...CUSTOMER_PAIN]), 1.2);
      } else if (d.chance(0.25)) {
        // The customer keeps going: a consecutive turn after a short rep nod.
        maybeBackchannel(c, out, 'rep', 0.6);
        say('customer', d.pick(CUSTOMER_FACT), 1.2);
      }
      break;
    }
    case 'solution': {
      say('rep', d.pick(SOLUTION), 1.4);
      if (d.chance(0.3)) say('rep', d.pick(SOLUTION), 1.2);
      if (d.chance(0.55)) {
        const [question, answer] = d.pick(QA);
        say('customer', question, 0.8);
        say('rep', answer, 1.2);
      } else {
        maybeBackchannel(c, out, 'customer', 0.8);
      }
      break;
    }
    case 'objection': {
      const kind = c.objections.pop();
      if (!kind) {
        // Objections used up: the middle of the call goes on with questions and details.
        if (d.chance(0.5)) return beat(c, d.pick(['solution', 'discovery'] as const), budget);
        const [question, answer] = d.pick(QA);
        say('customer', question, 0.8);
        say('rep', answer, 1.2);
        break;
      }
      say('customer', d.pick(OBJECTIONS[kind]), 1.1);
      say('rep', c.handling(kind), 1.3, true);
      if (d.chance(0.3)) {
        const [question, answer] = d.pick(QA);
        say('customer', question, 0.8);
        say('rep', answer, 1.1);
      } else {
        say('customer', d.pick(d.chance(0.7) ? CUSTOMER_REACTION_OK : CUSTOMER_REACTION_DOUBT), 0.9);
        if (d.chance(0.35)) say('rep', d.pick(SOLUTION), 1.1);
      }
      break;
    }
    case 'closing': {
      say('rep', d.pick(NEXT_STEP));
      say('customer', d.pick(d.chance(0.8) ? CUSTOMER_ACCEPT : CUSTOMER_REACTION_DOUBT), 0.8);
      maybeBackchannel(c, out, 'rep', 0.5);
      break;
    }
  }
  return out;
}

function chars(text: string): number {
  return [...text].length;
}

/**
 * Generates one call. The same (seed, industry) always gives the same document; different seeds
 * give different texts. Roughly 300 utterances, 9,000 characters and 30 minutes.
 */
export function generateCall(seed: number, industry: string): TranscriptInput {
  if (!(GENERATOR_INDUSTRIES as readonly string[]).includes(industry)) {
    throw new Error(`unknown industry "${industry}"; known: ${GENERATOR_INDUSTRIES.join(', ')}`);
  }
  const vocab = VOCAB[industry as GeneratorIndustry];
  const dice = new Dice((Math.imul(seed, 0x9e3779b1) ^ hashString(industry)) >>> 0);
  const c = new Composer(dice, vocab);

  const targetUtterances = dice.int(284, 306);
  const targetChars = dice.int(8_600, 9_400);
  const turns: Turn[] = [];
  let total = 0;
  const budget = () => {
    const left = Math.max(1, targetUtterances + 6 - turns.length);
    return Math.max(6, (targetChars - total) / left);
  };
  const push = (list: Turn[]) => {
    for (const t of list) {
      turns.push(t);
      total += chars(t.text);
    }
  };
  // Opening and goodbye are said as written: no elaboration.
  const say = (speaker: Speaker, template: string) => {
    const text = c.utter(speaker, template, 0);
    push([{ speaker, text }]);
  };

  say('rep', dice.pick(OPENING_INTRO));
  if (dice.chance(0.5)) push([{ speaker: 'customer', text: c.backchannel('customer'), short: true }]);
  say('rep', `${dice.pick(OPENING_PURPOSE)}${dice.pick(OPENING_PERMISSION)}`);
  say('customer', dice.pick(OPENING_CUSTOMER));

  while (turns.length < targetUtterances) {
    const phase = phaseAt(dice, turns.length / targetUtterances);
    push(beat(c, phase, budget));
  }
  push(beat(c, 'closing', budget));
  say('rep', dice.pick(CLOSING_REP));
  say('customer', dice.pick(CLOSING_CUSTOMER));

  return {
    externalId: `bench-${industry}-${seed}`,
    repId: `rep-${seed % 7}`,
    industry,
    occurredAt: occurredAt(dice),
    customer: { name: c.name, company: c.company, tier: dice.pick(['A', 'B', 'C'] as const) },
    utterances: timeTurns(dice, turns),
  };
}

function occurredAt(dice: Dice): string {
  const day = new Date(Date.UTC(2026, 0, 5) + dice.int(0, 180) * 86_400_000);
  const hh = String(dice.int(9, 17)).padStart(2, '0');
  const mm = String(dice.int(0, 11) * 5).padStart(2, '0');
  return `${day.toISOString().slice(0, 10)}T${hh}:${mm}:00+08:00`;
}

/**
 * Times from speaking rates and pauses (longer before objection answers, occasional interruptions),
 * then scaled so the call lasts 28-32 minutes.
 */
function timeTurns(dice: Dice, turns: readonly Turn[]): TranscriptInput['utterances'] {
  const raw: { start: number; end: number }[] = [];
  let prevStart = 0;
  let prevEnd = 0;
  turns.forEach((t, i) => {
    const msPerChar = (t.speaker === 'rep' ? 190 : 215) * (0.85 + dice.next() * 0.3);
    const duration = Math.round(chars(t.text) * msPerChar + (t.short ? 120 : 350));
    const prev = turns[i - 1];
    let gap: number;
    if (!prev) gap = 0;
    else if (prev.speaker === t.speaker) gap = dice.int(150, 700);
    else if (t.afterObjection) gap = dice.int(500, 4_500);
    else if (dice.chance(0.04)) gap = dice.int(2_000, 5_000);
    else gap = dice.int(250, 1_300);
    let start = prevEnd + gap;
    // People interrupt: the customer sometimes starts before a long rep turn has ended.
    if (prev && prev.speaker !== t.speaker && dice.chance(0.03)) {
      start = Math.max(prevStart + 1, prevEnd - dice.int(200, 900));
    }
    raw.push({ start, end: start + duration });
    prevStart = start;
    prevEnd = Math.max(prevEnd, start + duration);
  });
  const last = raw.reduce((m, r) => Math.max(m, r.end), 1);
  const scale = dice.int(28 * 60_000, 32 * 60_000) / last;
  return turns.map((t, i) => {
    const r = raw[i]!;
    const start = Math.round(r.start * scale);
    return {
      id: `u${i + 1}`,
      speaker: t.speaker,
      start,
      end: Math.max(start, Math.round(r.end * scale)),
      text: t.text,
    };
  });
}

/** `n` distinct calls, industries in turn, seeds 1…n. */
export function generateCalls(n: number): TranscriptInput[] {
  const calls: TranscriptInput[] = [];
  for (let i = 0; i < n; i++) {
    calls.push(generateCall(i + 1, GENERATOR_INDUSTRIES[i % GENERATOR_INDUSTRIES.length]!));
  }
  return calls;
}
