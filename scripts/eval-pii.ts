/**
 * `npm run eval:pii`: precision and recall of the PII masker on the corpus of
 * tests/fixtures/pii (hand-written and generated variants, and look-alikes), with counts, per
 * kind, and every miss and false positive listed. Exit code 1 if anything is missed or wrong.
 */
import { loadPiiCorpus, type PiiCase, scorePii } from '../tests/fixtures/pii/corpus.js';

const { variants, lookAlikes } = loadPiiCorpus();
const all = scorePii([...variants, ...lookAlikes]);
const onLookAlikes = scorePii(lookAlikes);

const pct = (x: number) => `${(x * 100).toFixed(2)}%`;
console.log(`PII corpus: ${variants.length} variants, ${lookAlikes.length} look-alikes`);
console.log(
  `recall    ${pct(all.recall)}  (${all.found} of ${all.expected} expected pieces found and masked; ${all.leaks} still readable)`,
);
console.log(
  `precision ${pct(all.precision)}  (${all.masked - all.falsePositives} of ${all.masked} masked pieces were personal data)`,
);
console.log(`look-alikes masked: ${onLookAlikes.wrong.length} of ${lookAlikes.length}`);
console.log('\nper kind        cases  recall');
const kinds = ['mobile', 'landline', 'id_card', 'bank_card', 'email'];
for (const kind of kinds) {
  const cases: PiiCase[] = variants
    .filter((c) => c.pii.some((p) => p.kind === kind))
    .map((c) => ({ ...c, pii: c.pii.filter((p) => p.kind === kind) }));
  const s = scorePii(cases);
  console.log(
    `${kind.padEnd(14)} ${String(cases.length).padStart(6)}  ${pct(s.recall)} (${s.found}/${s.expected})`,
  );
}
for (const m of all.missed) console.log(`missed  ${m.value}  in  ${m.text}`);
for (const w of all.wrong) console.log(`wrong   ${w.text}  →  ${w.masked}`);
process.exitCode = all.missed.length > 0 || all.wrong.length > 0 || all.leaks > 0 ? 1 : 0;
