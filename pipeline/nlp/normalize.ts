import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { cacheKey, codeVersion, type FileCache } from '../../models/file-cache.js';
import { stringOfUnits } from '../../shared/code-units.js';

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
const SET_SIZE = 0x10000;

type OpenCCModule = typeof import('opencc-js');

let toSimplified: ((s: string) => string) | undefined;
let traditionalChars: Uint8Array | undefined;
let store: FileCache | undefined;

/**
 * Keeps the set of traditional characters in `cache` (keyed by opencc-js's code and this
 * module's), so that a later process neither loads OpenCC's tables (~1 MB of code) nor converts
 * every character again; OpenCC is then loaded only for text that holds a traditional character.
 * Called once at start-up by the entry point; `undefined` turns it off.
 */
export function setNormalizeCache(cache: FileCache | undefined): void {
  store = cache;
}

/**
 * Characters that traditional→simplified conversion changes. Computed once from the converter's
 * own tables so that text without any of them (nearly all input) skips the conversion, which
 * costs ~0.4 µs per character.
 */
function traditionalSet(): Uint8Array {
  traditionalChars ??= cachedTable('traditional-chars', computeTraditionalSet);
  return traditionalChars;
}

/**
 * 1 for each UTF-16 unit whose normalisation depends on the rest of the text: traditional
 * characters (converted with their neighbours) and surrogates. Text without any of them
 * normalises unit by unit, each unit to `halfWidthUnit` of it.
 */
export function contextualUnitsTable(): Uint8Array {
  contextualUnits ??= (() => {
    const table = Uint8Array.from(traditionalSet());
    table.fill(1, 0xd800, 0xe000);
    return table;
  })();
  return contextualUnits;
}

let contextualUnits: Uint8Array | undefined;

/** What full-width → half-width conversion makes of one UTF-16 unit (itself when not full-width). */
export function halfWidthUnit(c: number): number {
  return c === 0x3000 ? 0x20 : c >= 0xff01 && c <= 0xff5e ? c - 0xfee0 : c;
}

let changedUnits: Uint8Array | undefined;

/**
 * 1 for each UTF-16 unit that `normalizeText` changes on its own (full-width forms, traditional
 * characters, surrogates). normalizeText itself is the oracle, so a change there is followed here.
 */
export function normalizeChangesTable(): Uint8Array {
  changedUnits ??= cachedTable('normalize-changes', () => {
    const table = new Uint8Array(SET_SIZE);
    for (let c = 0; c < SET_SIZE; c++) {
      if (c >= 0xd800 && c <= 0xdfff) table[c] = 1;
      else {
        const ch = String.fromCharCode(c);
        if (normalizeText(ch).text !== ch) table[c] = 1;
      }
    }
    return table;
  });
  return changedUnits;
}

let tableKey: string | undefined;

/**
 * A per-UTF-16-unit table derived from OpenCC and this module: read from the cache when one is
 * set and holds it (keyed by opencc-js's code and this module's), else computed (and stored).
 */
function cachedTable(name: string, compute: () => Uint8Array): Uint8Array {
  if (!store) return compute();
  if (!tableKey) {
    const require = createRequire(import.meta.url);
    tableKey = cacheKey(
      'normalize-tables 1',
      codeVersion(new URL('.', import.meta.url), ['normalize']),
      readFileSync(require.resolve('opencc-js')),
    );
  }
  const payload = store.read(name, tableKey);
  if (payload && payload.length === SET_SIZE) return new Uint8Array(payload);
  const table = compute();
  store.write(name, tableKey, table);
  return table;
}

function computeTraditionalSet(): Uint8Array {
  const convert = converter();
  const set = new Uint8Array(SET_SIZE);
  const chunk: string[] = [];
  for (let cp = 0x3400; cp <= 0x9fff; cp++) chunk.push(String.fromCharCode(cp));
  const all = chunk.join('');
  // Per-character conversion: phrase rules cannot fire with a separator between characters.
  const spaced = chunk.join('\n');
  const converted = convert(spaced).split('\n');
  for (let i = 0; i < chunk.length; i++) {
    if (converted[i] !== chunk[i]) set[all.charCodeAt(i)] = 1;
  }
  return set;
}

/** OpenCC's traditional → mainland simplified converter, loaded on first use. */
function converter(): (s: string) => string {
  if (toSimplified) return toSimplified;
  const OpenCC = createRequire(import.meta.url)('opencc-js') as OpenCCModule;
  const convert = OpenCC.Converter({ from: 't', to: 'cn' });
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
  if (hasWide) out = halfWidth(out);
  if (hasTraditional) out = simplifyKeepingLength(out);
  return { original, text: out };
}

const ASTRAL = /[\uD800-\uDBFF][\uDC00-\uDFFF]|[\uD800-\uDFFF]/g;

let wideScratch = new Uint16Array(256);

/**
 * Full-width ASCII (U+FF01-U+FF5E) → half-width and the ideographic space → space, unit by unit:
 * nearly every utterance holds a full-width comma, and a replace with a callback per character
 * cost more than the rest of normalisation.
 */
function halfWidth(text: string): string {
  if (wideScratch.length < text.length) wideScratch = new Uint16Array(text.length * 2);
  const buf = wideScratch;
  for (let i = 0; i < text.length; i++) buf[i] = halfWidthUnit(text.charCodeAt(i));
  return stringOfUnits(buf, text.length);
}

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
