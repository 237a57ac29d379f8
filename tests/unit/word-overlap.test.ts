import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createJiebaSegmenter } from '../../pipeline/nlp/jieba.js';
import { contentF1, type PreparedUtterance, prepareCall, wordsWithin } from '../../pipeline/nlp/prepare.js';
import { mayShareWord, wordProbe } from '../../pipeline/nlp/word-overlap.js';
import { prepare, shippedLexicons } from '../helpers/runtime.js';

describe('mayShareWord (a necessary condition for a shared content word)', () => {
  it('is false only when the content words share nothing, on every pair of nearby utterances', () => {
    const lexicons = shippedLexicons();
    const stopwords = new Set(lexicons.baseDocument().stopwords ?? []);
    const cut = createJiebaSegmenter();
    let pairs = 0;
    let pruned = 0;
    let byConcept = 0;
    // The set-aside calls (train-*-05) are left out.
    for (const dir of ['training/calls', 'examples/calls']) {
      const files = readdirSync(dir).filter(
        (f) => f.endsWith('.json') && !f.endsWith('.gold.json') && !/-05\.json$/.test(f),
      );
      for (const f of files) {
        const call = JSON.parse(readFileSync(join(dir, f), 'utf8'));
        if (!Array.isArray(call.utterances)) continue;
        const industry = lexicons.has(call.industry) ? call.industry : 'saas';
        const lexicon = lexicons.get(industry);
        const us: PreparedUtterance[] = prepareCall(call.utterances, { lexicon, cut, stopwords });
        for (const a of us) {
          const probe = wordProbe(a, lexicon);
          const words = wordsWithin(a);
          for (const b of us.slice(a.index + 1, a.index + 5)) {
            pairs++;
            const f1 = contentF1(words, wordsWithin(b));
            if (!mayShareWord(probe, b.norm)) {
              pruned++;
              expect(f1, `${f}: ${a.norm} | ${b.norm}`).toBe(0);
            }
            // Shared only through a concept: no word written the same in both.
            if (f1 > 0 && !probe.words.some((w) => b.norm.includes(w))) byConcept++;
          }
        }
      }
    }
    expect(pairs).toBeGreaterThan(5000);
    // Most pairs are decided without segmenting the second text, and folding is exercised.
    expect(pruned).toBeGreaterThan(pairs / 3);
    expect(byConcept).toBeGreaterThan(0);
  });

  it('reads a span, and takes a lexicon surface as any surface of its concept', () => {
    const a = prepare('我们的crm太难用了，报表也慢', 'customer', 'saas');
    const lexicon = shippedLexicons().get('saas');
    const probe = wordProbe(a, lexicon);
    expect(probe.words).not.toContain('crm');
    expect(probe.surfaces).toContain('CRM');
    expect(probe.surfaces).toContain('客户管理系统');
    expect(mayShareWord(probe, '你们现在用的CRM是哪家的')).toBe(true);
    expect(mayShareWord(probe, '客户管理系统是哪家的')).toBe(true);
    expect(mayShareWord(probe, '报表')).toBe(true);
    expect(mayShareWord(probe, '您好，请问贵姓')).toBe(false);
    const tail = wordProbe(a, lexicon, a.norm.indexOf('报表'));
    expect(tail.surfaces).toEqual([]);
    expect(mayShareWord(tail, '你们现在用的CRM是哪家的')).toBe(false);
    expect(mayShareWord(tail, '报表出得慢吗')).toBe(true);
  });
});
