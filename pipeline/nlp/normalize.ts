import * as OpenCC from 'opencc-js';

/**
 * Text as the detectors see it. `text` has exactly one UTF-16 unit per code point of the original
 * (astral characters such as emoji become U+FFFC), so an index into `text` is a code-point offset
 * into the original: spans need no mapping back.
 */
export interface NormalizedText {
  readonly original: string;
  readonly text: string;
}

const PLACEHOLDER = '\uFFFC';

let toSimplified: ((s: string) => string) | undefined;
let traditionalChars: Uint8Array | undefined;

/**
 * Characters that traditional→simplified conversion changes. Computed once from the converter's
 * own tables so that text without any of them (nearly all input) skips the conversion, which
 * costs ~0.4 µs per character.
 */
function traditionalSet(): Uint8Array {
  if (traditionalChars) return traditionalChars;
  const convert = converter();
  const set = new Uint8Array(0x10000);
  const chunk: string[] = [];
  for (let cp = 0x3400; cp <= 0x9fff; cp++) chunk.push(String.fromCharCode(cp));
  const all = chunk.join('');
  // Per-character conversion: phrase rules cannot fire with a separator between characters.
  const spaced = chunk.join('\n');
  const converted = convert(spaced).split('\n');
  for (let i = 0; i < chunk.length; i++) {
    if (converted[i] !== chunk[i]) set[all.charCodeAt(i)] = 1;
  }
  traditionalChars = set;
  return set;
}

function converter(): (s: string) => string {
  const convert = toSimplified ?? OpenCC.Converter({ from: 't', to: 'cn' });
  toSimplified = convert;
  return convert;
}

/**
 * Full-width ASCII → half-width, ideographic space → space, astral → U+FFFC, traditional →
 * simplified Chinese. Never changes the length in code points.
 */
export function normalizeText(original: string): NormalizedText {
  const trad = traditionalSet();
  let hasTraditional = false;
  let hasAstral = false;
  let hasWide = false;
  for (let i = 0; i < original.length; i++) {
    const c = original.charCodeAt(i);
    if (trad[c] === 1) hasTraditional = true;
    else if (c >= 0xd800 && c <= 0xdfff) hasAstral = true;
    else if ((c >= 0xff01 && c <= 0xff5e) || c === 0x3000) hasWide = true;
  }
  // Most text has none of the three: it is returned as is, without scanning it again.
  if (!hasTraditional && !hasAstral && !hasWide) return { original, text: original };
  let out = original;
  if (hasAstral) out = out.replace(ASTRAL, PLACEHOLDER);
  if (hasWide)
    out = out.replace(WIDE, (c) => (c === '\u3000' ? ' ' : String.fromCharCode(c.charCodeAt(0) - 0xfee0)));
  if (hasTraditional) out = simplifyKeepingLength(out);
  return { original, text: out };
}

const ASTRAL = /[\uD800-\uDBFF][\uDC00-\uDFFF]|[\uD800-\uDFFF]/g;
const WIDE = /[\uFF01-\uFF5E\u3000]/g;

function simplifyKeepingLength(text: string): string {
  const converted = converter()(text);
  if (converted.length === text.length) return converted;
  // A phrase rule changed the length: fall back to character-by-character conversion.
  const convert = converter();
  let out = '';
  for (const ch of text) {
    const c = convert(ch);
    out += c.length === 1 ? c : ch;
  }
  return out;
}

/** True for characters whose Unicode general category is punctuation (P*). */
export function isPunctuation(ch: string): boolean {
  return /\p{P}/u.test(ch);
}

/** Removes every punctuation character (Unicode category P*), as the unpunctuated evaluation does. */
export function stripPunctuation(text: string): string {
  return text.replace(/\p{P}/gu, '');
}
