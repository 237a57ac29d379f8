/**
 * Pinyin matcher cost: `npx tsx --expose-gc bench/pinyin.bench.ts` (or from dist/ after a build).
 *
 * Terms: every all-Chinese surface of at least three characters in base.yaml and the overlays of
 * the six industries the call generator writes for, together (~5,000: a large lexicon); then,
 * for scale, the same over every shipped industry. Text: generated 30-minute calls of those six
 * industries, normalised, scanned utterance by utterance with the exact matcher's spans passed
 * in, as the analysis would. The exact matcher's own scan of the same text is printed beside it
 * (a reference for how loaded the machine is).
 *
 * The generated calls contain no ASR errors, so every hit on them is a false positive (or a
 * harmless homophone): the bench prints their rate and the most frequent ones.
 *
 * Figures, not assertions. Target: ≤ 500 µs per 10,000 characters with ~5,000 terms.
 */
import { defaultLexiconDir, LexiconRegistry } from '../lexicons/lexicon.registry.js';
import { documentTerms } from '../lexicons/lexicon.schema.js';
import { getPinyinIndex, readInContext } from '../lexicons/pinyin-index.js';
import { buildPinyinMatcher, type PinyinMatcher, type PinyinTerm } from '../lexicons/pinyin-matcher.js';
import { normalizeText } from '../pipeline/nlp/normalize.js';
import { printTable, round1, round2, status, TARGET_TABLE_HEADER } from './bench-support.js';
import { GENERATOR_INDUSTRIES, generateCall } from './call-generator.js';

const TARGET_US_PER_10K = 500;
const CALLS_PER_INDUSTRY = 4;
const ROUNDS = 30;

const mb = (bytes: number) => round1(bytes / 1e6);
const gc = (globalThis as { gc?: () => void }).gc;
/** Heap plus typed-array memory after a collection (RSS moves with whatever the GC returns). */
const rss = () => {
  gc?.();
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
};

interface Utterance {
  norm: string;
  exact: [number, number][];
}

/** Fastest of ROUNDS passes over every utterance, in µs per 10,000 characters. */
function timeScan(chars: number, scan: (u: Utterance) => void, texts: readonly Utterance[]): number {
  for (const u of texts) scan(u);
  let best = Number.POSITIVE_INFINITY;
  for (let r = 0; r < ROUNDS; r++) {
    const start = performance.now();
    for (const u of texts) scan(u);
    best = Math.min(best, performance.now() - start);
  }
  return (best * 1000 * 10_000) / chars;
}

function main(): void {
  const registry = LexiconRegistry.fromDirectory(defaultLexiconDir());
  const surfacesOf = (industries: readonly string[]): PinyinTerm[] => {
    const surfaces = new Set<string>();
    for (const industry of industries)
      for (const doc of registry.get(industry).documents)
        for (const t of documentTerms(doc)) for (const s of [t.term, ...(t.synonyms ?? [])]) surfaces.add(s);
    return [...surfaces].sort().map((surface, id) => ({ surface, id }));
  };
  const terms = surfacesOf(GENERATOR_INDUSTRIES);
  const allTerms = surfacesOf(registry.industries());

  const texts: Utterance[] = [];
  let chars = 0;
  for (const industry of GENERATOR_INDUSTRIES) {
    const lexicon = registry.get(industry);
    for (let seed = 1; seed <= CALLS_PER_INDUSTRY; seed++) {
      for (const u of generateCall(seed, industry).utterances) {
        const norm = normalizeText(u.text).text;
        const exact = lexicon.findTerms(norm).map((h): [number, number] => [h.start, h.end]);
        texts.push({ norm, exact });
        chars += norm.length;
      }
    }
  }

  const rss0 = rss();
  let t0 = performance.now();
  const index = getPinyinIndex();
  const indexMs = performance.now() - t0;
  const rss1 = rss();
  // pinyin-pro loads its word dictionaries on the first reading in context: count them apart.
  t0 = performance.now();
  readInContext(['过氧化氢'], index);
  const wordsMs = performance.now() - t0;
  const rss1b = rss();
  t0 = performance.now();
  const matcher = buildPinyinMatcher(terms, index);
  const buildMs = performance.now() - t0;
  const rss2 = rss();
  t0 = performance.now();
  const large = buildPinyinMatcher(allTerms, index);
  const largeBuildMs = performance.now() - t0;
  const rss3 = rss();

  const scanWith = (m: PinyinMatcher) => (u: Utterance) => m.find(u.norm, u.exact);
  const usPer10k = timeScan(chars, scanWith(matcher), texts);
  const largeUsPer10k = timeScan(chars, scanWith(large), texts);
  const exactLexicon = registry.get(GENERATOR_INDUSTRIES[0]);
  const exactUsPer10k = timeScan(chars, (u) => exactLexicon.findTerms(u.norm), texts);

  const heard = new Map<string, number>();
  let hits = 0;
  for (const { norm, exact } of texts) {
    for (const h of matcher.find(norm, exact)) {
      hits++;
      const label = `${h.surfaceHeard} → ${terms[h.id]!.surface} (${h.distance})`;
      heard.set(label, (heard.get(label) ?? 0) + 1);
    }
  }

  printTable(
    `pinyin matcher: ${texts.length} utterances, ${chars} characters; fastest of ${ROUNDS} passes` +
      (gc ? '' : ' (run with --expose-gc for the memory figures)'),
    TARGET_TABLE_HEADER,
    [
      ['reading table build (first use, pinyin-pro load included)', `${round1(indexMs)} ms`, '', ''],
      ['memory added by pinyin-pro and the reading table', `${mb(rss1 - rss0)} MB`, '', ''],
      ["pinyin-pro's word dictionaries (first reading in context)", `${round1(wordsMs)} ms`, '', ''],
      ['memory added by them', `${mb(rss1b - rss1)} MB`, '', ''],
      [`matcher build, ${matcher.size} terms (6 industries + base)`, `${round1(buildMs)} ms`, '', ''],
      ['memory added by that matcher', `${mb(rss2 - rss1b)} MB`, '', ''],
      [
        `scan, ${matcher.size} terms`,
        `${round1(usPer10k)} µs / 10k chars`,
        `≤ ${TARGET_US_PER_10K}`,
        status(usPer10k <= TARGET_US_PER_10K),
      ],
      [`matcher build, ${large.size} terms (all industries + base)`, `${round1(largeBuildMs)} ms`, '', ''],
      ['memory added by that matcher', `${mb(rss3 - rss2)} MB`, '', ''],
      [`scan, ${large.size} terms`, `${round1(largeUsPer10k)} µs / 10k chars`, '', ''],
      ['reference: exact matcher scan (one industry)', `${round1(exactUsPer10k)} µs / 10k chars`, '', ''],
      ['hits on clean text (false positives)', `${round2((hits * 10_000) / chars)} / 10k chars`, '', ''],
    ],
  );
  const top = [...heard].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, 25);
  if (top.length > 0) {
    console.log('most frequent hits on clean text (heard → term (distance)):');
    for (const [label, n] of top) console.log(`  ${n}\t${label}`);
  }
  console.log(
    `BENCH_JSON ${JSON.stringify({
      terms: matcher.size,
      chars,
      indexMs: round1(indexMs),
      buildMs: round1(buildMs),
      usPer10k: round1(usPer10k),
      largeTerms: large.size,
      largeUsPer10k: round1(largeUsPer10k),
      exactUsPer10k: round1(exactUsPer10k),
      hitsPer10k: round2((hits * 10_000) / chars),
      indexRssMb: mb(rss1 - rss0),
      wordsMs: round1(wordsMs),
      wordsRssMb: mb(rss1b - rss1),
      matcherRssMb: mb(rss2 - rss1b),
      largeMatcherRssMb: mb(rss3 - rss2),
    })}`,
  );
}

main();
