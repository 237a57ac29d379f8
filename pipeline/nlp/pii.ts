/**
 * Masks personal data in text before it is stored or shown: mainland mobile and landline
 * numbers, 18-digit resident ID numbers (身份证号), bank card numbers and e-mail addresses.
 *
 * Numbers are found in every form a transcript or a form field carries them: ASCII or full-width
 * digits (１３８…), Chinese numerals read digit by digit (一三八…, 幺 for 1, 两 for 2, 洞 not
 * included), mixed forms, spaces, dashes, parentheses and Chinese commas between the groups, and
 * +86 / 0086 / 86 in front. What decides a match is the shape and, where the number has one, its
 * check digit: ID numbers need a valid birth date and the GB 11643 check character (X included),
 * bank cards the Luhn check. A word such as 身份证 or 卡号 just before a number that fails its
 * check still masks it (an ASR slip or a typo must not leak the other 17 digits); a bare 7-8 digit
 * local landline number is masked only after 电话, 座机 and the like, and a number announced as a
 * mobile (手机号是…) that was heard with a digit too many or too few is masked all the same.
 *
 * Masking keeps the length in UTF-16 units and in code points (every digit form is one BMP
 * character and becomes `*`; separators stay), so the spans of findings stay valid.
 *
 * Prices and quantities (十五万六, 两千套, 一百二十万) are never read as digits: 十 百 千 万 亿
 * are not digits, so they break a run. Runs shorter than 7 digits are never personal numbers.
 */

export type PiiKind = 'mobile' | 'landline' | 'id_card' | 'bank_card' | 'email';

/** One piece of personal data found in a text. */
export interface PiiMatch {
  kind: PiiKind;
  /** UTF-16 offsets in the text: [start, end). */
  start: number;
  end: number;
  /**
   * The canonical value, for keyed hashes (erasure by phone number): mobile `13812345678`,
   * landline `01012345678`, ID with upper-case X, card digits, e-mail lower-cased.
   */
  value: string;
}

export interface MaskResult {
  text: string;
  /** How many pieces of personal data were masked. */
  masked: number;
  matches: PiiMatch[];
}

/** Chinese numerals read digit by digit (and their financial forms); 十百千万 are not here. */
const CHINESE_DIGITS: Record<string, string> = {
  零: '0',
  〇: '0',
  '○': '0',
  一: '1',
  幺: '1',
  壹: '1',
  二: '2',
  两: '2',
  贰: '2',
  三: '3',
  叁: '3',
  四: '4',
  肆: '4',
  五: '5',
  伍: '5',
  六: '6',
  陆: '6',
  七: '7',
  柒: '7',
  八: '8',
  捌: '8',
  九: '9',
  玖: '9',
};

/**
 * The text with every digit form as an ASCII digit, full-width ASCII as ASCII and the
 * ideographic space as a space (the full-width comma kept): one UTF-16 unit for one, so offsets
 * are shared with the text.
 */
export function foldForPii(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    const code = ch.charCodeAt(0);
    // The full-width comma stays: it separates spoken digit groups, the ASCII one thousands.
    if (code >= 0xff01 && code <= 0xff5e && code !== 0xff0c) out += String.fromCharCode(code - 0xfee0);
    else if (code === 0x3000 || code === 0xa0) out += ' ';
    else out += CHINESE_DIGITS[ch] ?? ch;
  }
  return out;
}

/** Separators allowed between the digit groups of one number (after folding). */
const SEP = '[ \\-\\u2010-\\u2015()，、]';
/** A run of digits with separators inside, an optional + in front and X at the end (ID numbers). */
const RUN = new RegExp(`\\+?[0-9](?:${SEP}{0,3}[0-9])*(?:${SEP}{0,2}[Xx×])?`, 'g');
const EMAIL =
  /(?<![A-Za-z0-9._%+-])[A-Za-z0-9](?:[A-Za-z0-9._%+-]{0,62}[A-Za-z0-9])?@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\.[A-Za-z]{2,24}(?![A-Za-z0-9-])/g;

const MOBILE = /^1[3-9][0-9]{9}$/;
/** 0 + area code + local number: 010 / 02x with 8 digits, 0xxx with 7 or 8. */
const LANDLINE = /^0(?:(?:10|2[0-9])[2-9][0-9]{7}|[3-9][0-9]{2}[2-9][0-9]{6,7})$/;
const LOCAL_NUMBER = /^[2-9][0-9]{6,7}$/;
const DATE_SHAPE = /^(?:19|20)[0-9]{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12][0-9]|3[01])$/;
const ID_SHAPE = /^[1-9][0-9]{5}(?:19|20)[0-9]{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12][0-9]|3[01])[0-9]{3}[0-9X]$/;
const CARD_SHAPE = /^[1-9][0-9]{15,18}$/;

/** Words that announce a number of that kind, looked for just before it. */
const ID_CONTEXT = /(身份证|证件号|身份号码|公民身份)[^。！？!?\n]{0,8}$/;
const CARD_CONTEXT = /(卡号|银行卡|储蓄卡|信用卡|借记卡|账号|帐号|户号)[^。！？!?\n]{0,8}$/;
const PHONE_CONTEXT = /(电话|座机|固话|总机|传真|分机|tel|Tel|TEL)[^。！？!?\n]{0,6}$/;
/** Words right before a number that say it is someone's mobile (手机号是, 电话：). */
const MOBILE_CONTEXT = /(手机|手机号|手机号码|电话|电话号码|联系电话|联系方式)[是为：:\s]{0,2}$/;
/** A mobile number heard with a digit too few or too many (10 or 12 digits). */
const MOBILE_MISHEARD = /^1[3-9][0-9]{8}(?:[0-9]{2})?$/;

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = '10X98765432';

/** GB 11643-1999 check character of an 18-character ID number. */
export function isValidIdChecksum(id: string): boolean {
  if (!/^[0-9]{17}[0-9X]$/.test(id)) return false;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(id[i]) * ID_WEIGHTS[i]!;
  return ID_CHECK[sum % 11] === id[17];
}

/** A real calendar day (ID numbers carry the holder's birth date). */
function isBirthDate(id: string): boolean {
  const y = Number(id.slice(6, 10));
  const m = Number(id.slice(10, 12));
  const d = Number(id.slice(12, 14));
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

/** The Luhn check of a card number. */
export function isValidLuhn(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let n = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      n *= 2;
      if (n > 9) n -= 9;
    }
    sum += n;
  }
  return sum % 10 === 0;
}

interface Group {
  digits: string;
  start: number;
  end: number;
}

/** What a digit string is, if it is personal; `before` is the text just before it. */
/** Whether the text just before a run announces an ID, a card or a phone (each tested once). */
class Announced {
  private readonly seen = new Map<RegExp, boolean>();
  constructor(private readonly before: string) {}
  by(words: RegExp): boolean {
    let hit = this.seen.get(words);
    if (hit === undefined) {
      hit = words.test(this.before);
      this.seen.set(words, hit);
    }
    return hit;
  }
}

function classify(
  raw: string,
  plus: boolean,
  before: Announced,
  shape: { groups: number; shortest: number },
): { kind: PiiKind; value: string } | null {
  const digits = /[0-9]$/.test(raw) ? raw : raw.replace(/x|×/g, 'X');
  if (MOBILE.test(digits)) return { kind: 'mobile', value: digits };
  if (LANDLINE.test(digits)) return { kind: 'landline', value: digits };
  if (ID_SHAPE.test(digits) && isBirthDate(digits) && (isValidIdChecksum(digits) || before.by(ID_CONTEXT)))
    return { kind: 'id_card', value: digits };
  if (digits.endsWith('X')) return null;
  // A country code in front: +86 / 0086 / 86 followed by a mobile or an area code without its 0.
  const national = digits.startsWith('0086')
    ? digits.slice(4)
    : digits.startsWith('86')
      ? digits.slice(2)
      : null;
  if (national !== null && (plus || digits.startsWith('0086') || MOBILE.test(national))) {
    if (MOBILE.test(national)) return { kind: 'mobile', value: national };
    if (LANDLINE.test(`0${national}`)) return { kind: 'landline', value: `0${national}` };
  }
  if (CARD_SHAPE.test(digits) && (isValidLuhn(digits) || before.by(CARD_CONTEXT)))
    return { kind: 'bank_card', value: digits };
  // A bare local number: only after 电话/座机, and never a date (2026-05-01) or a list of amounts.
  if (LOCAL_NUMBER.test(digits) && !DATE_SHAPE.test(digits) && shape.groups <= 2 && shape.shortest >= 3) {
    if (before.by(PHONE_CONTEXT)) return { kind: 'landline', value: digits };
  }
  return null;
}

const isLetter = (ch: string | undefined) => ch !== undefined && /[A-Za-z]/.test(ch);

/** The longest number any kind takes, in digits (a 19-digit card). */
const MAX_DIGITS = 19;
/** Lengths some kind takes: local 7-8, landline 10-12, mobile 11, with a country code 12-16, ID 18, card 16-19. */
const VALID_LENGTHS = new Set([7, 8, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19]);

/** The personal numbers in one run of digits: the longest group ranges that form one, left to right. */
function matchRun(folded: string, runStart: number, run: string, out: PiiMatch[]): void {
  const plus = run.startsWith('+');
  const groups: Group[] = [];
  const re = /[0-9]+|[Xx×]/g;
  for (let m = re.exec(run); m; m = re.exec(run)) {
    groups.push({ digits: m[0], start: runStart + m.index, end: runStart + m.index + m[0].length });
  }
  // The run's digits in one string; group k's digits are all.slice(offsets[k], offsets[k + 1]).
  const all = groups.map((g) => g.digits).join('');
  const offsets = [0];
  for (const g of groups) offsets.push(offsets[offsets.length - 1]! + g.digits.length);
  let i = 0;
  while (i < groups.length) {
    const first = groups[i]!;
    const withPlus = i === 0 && plus;
    const start = withPlus ? first.start - 1 : first.start;
    // A model number (AB-1234567) or a code glued to letters is not a phone or card number.
    let hit: PiiMatch | null = null;
    let next = i + 1;
    if (!isLetter(folded[start - 1])) {
      // Bounded: a hostile run of thousands of one-digit groups stays linear.
      let last = i;
      let length = first.digits.length;
      while (last + 1 < groups.length && length + groups[last + 1]!.digits.length <= MAX_DIGITS) {
        last++;
        length += groups[last]!.digits.length;
      }
      const before = new Announced(folded.slice(Math.max(0, start - 16), start));
      for (let j = last; j >= i && !hit; j--) {
        const digits = all.slice(offsets[i], offsets[j + 1]);
        if (digits.length < 7) break;
        if (!VALID_LENGTHS.has(digits.length) || isLetter(folded[groups[j]!.end])) continue;
        let shortest = Number.POSITIVE_INFINITY;
        for (let k = i; k <= j; k++) shortest = Math.min(shortest, groups[k]!.digits.length);
        const kind = classify(digits, withPlus, before, { groups: j - i + 1, shortest });
        if (kind) {
          hit = { kind: kind.kind, start, end: groups[j]!.end, value: kind.value };
          next = j + 1;
        }
      }
      // Announced as a mobile but a digit too few or too many (a recognition slip): its other ten
      // digits are still the person's, so the whole number is masked.
      if (!hit && before.by(MOBILE_CONTEXT)) {
        for (let j = last; j >= i && !hit; j--) {
          const digits = all.slice(offsets[i], offsets[j + 1]);
          if (MOBILE_MISHEARD.test(digits) && !isLetter(folded[groups[j]!.end])) {
            hit = { kind: 'mobile', start, end: groups[j]!.end, value: digits };
            next = j + 1;
          }
        }
      }
    }
    if (hit) out.push(hit);
    i = next;
  }
}

/** Every piece of personal data in the text, in text order, never overlapping. */
export function findPii(text: string): PiiMatch[] {
  return findInFolded(foldForPii(text));
}

function findInFolded(folded: string): PiiMatch[] {
  const emails: PiiMatch[] = [];
  let inEmail: Uint8Array | undefined;
  if (folded.includes('@')) {
    for (const m of folded.matchAll(EMAIL)) {
      emails.push({ kind: 'email', start: m.index, end: m.index + m[0].length, value: m[0].toLowerCase() });
    }
    if (emails.length > 0) {
      inEmail = new Uint8Array(folded.length);
      for (const e of emails) inEmail.fill(1, e.start, e.end);
    }
  }
  const numbers: PiiMatch[] = [];
  for (const m of folded.matchAll(RUN)) {
    if (inEmail?.[m.index]) continue;
    matchRun(folded, m.index, m[0], numbers);
  }
  if (emails.length === 0) return numbers;
  return [...emails, ...numbers.filter((n) => !inEmail?.[n.start])].sort((a, b) => a.start - b.start);
}

/** `*` for every digit form (and X, letters of an e-mail); separators, `+`, `@` and dots stay. */
function starSpan(text: string, folded: string, start: number, end: number, kind: PiiKind): string {
  let out = '';
  for (let i = start; i < end; i++) {
    const f = folded[i]!;
    const keep = kind === 'email' ? f === '@' || f === '.' : !/[0-9Xx×]/.test(f);
    out += keep ? text[i]! : '*';
  }
  return out;
}

/**
 * Masks the personal data of a text with `*`, keeping its length (spans stay valid). Pure and
 * idempotent: masking a masked text changes nothing.
 */
export function maskPii(text: string): MaskResult {
  const folded = foldForPii(text);
  const matches = findInFolded(folded);
  if (matches.length === 0) return { text, masked: 0, matches };
  let out = '';
  let at = 0;
  for (const m of matches) {
    out += text.slice(at, m.start) + starSpan(text, folded, m.start, m.end, m.kind);
    at = m.end;
  }
  out += text.slice(at);
  return { text: out, masked: matches.length, matches };
}
