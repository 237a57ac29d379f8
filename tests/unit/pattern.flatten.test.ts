import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FILLER_MARK } from '../../pipeline/nlp/clauses.js';
import { normalizeText } from '../../pipeline/nlp/normalize.js';
import { flatten } from '../../pipeline/nlp/pattern.js';

describe('flatten', () => {
  it('drops fillers and whitespace and maps each kept character back', () => {
    const view = `价格${FILLER_MARK}${FILLER_MARK}有点 高\u3000了\t吧\n`;
    const flat = flatten(view);
    expect(flat.text).toBe('价格有点高了吧');
    expect(flat.map.slice(0, flat.text.length)).toEqual([0, 1, 4, 5, 7, 9, 11]);
  });

  it('maps text with nothing to drop onto itself', () => {
    const flat = flatten('太贵了，预算不够');
    expect(flat.text).toBe('太贵了，预算不够');
    expect(flat.map.slice(0, 8)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
  });

  it('gives the same result on every call, also after the identity map grew', () => {
    const short = '我们再考虑一下';
    const first = flatten(short);
    const firstMap = first.map.slice(0, short.length);
    // A long text replaces the shared identity map with a longer one.
    flatten('长'.repeat(5000));
    const again = flatten(short);
    expect(again.text).toBe(short);
    expect(again.map.slice(0, short.length)).toEqual(firstMap);
    const withFiller = `就是${FILLER_MARK}太贵`;
    expect(flatten(withFiller)).toEqual(flatten(withFiller));
    expect(flatten(withFiller).text).toBe('就是太贵');
  });

  it('stays right when many distinct texts pass through', () => {
    for (let i = 0; i < 10_000; i++) {
      const view = `第${i}句 ${FILLER_MARK}话`;
      const flat = flatten(view);
      expect(flat.text).toBe(`第${i}句话`);
      expect(flat.map[flat.text.length - 1]).toBe(view.length - 1);
    }
  });
});

describe('normalizeText fast path', () => {
  it('returns plain simplified text unchanged and converts the rest', () => {
    expect(normalizeText('预算不够。明年再说').text).toBe('预算不够。明年再说');
    expect(normalizeText('预算不够，明年再说').text).toBe('预算不够,明年再说');
    expect(normalizeText('ＡＢＣ１２３\u3000好').text).toBe('ABC123 好');
    expect(normalizeText('價格太貴').text).toBe('价格太贵');
    expect(normalizeText('好😀的').text).toBe('好\uFFFC的');
    expect(normalizeText('價格😀ＯＫ').text).toBe('价格\uFFFCOK');
  });

  it('agrees with the character-by-character definition on the readable calls (fillers, spaces)', () => {
    const reference = (view: string) => {
      let text = '';
      const map: number[] = [];
      for (let i = 0; i < view.length; i++) {
        if (/[\u2063 \t\n\u3000]/.test(view[i]!)) continue;
        text += view[i];
        map.push(i);
      }
      return { text, map };
    };
    let checked = 0;
    // The set-aside and honest calls (tj-*, th-*, tk-*, tm-*, train-*-05) are left out.
    for (const dir of ['tests/fixtures/calls', 'training/calls', 'examples/calls']) {
      const files = readdirSync(dir).filter(
        (f) => f.endsWith('.json') && !f.endsWith('.gold.json') && !/^t[jhkm]-|^train-.*-05/.test(f),
      );
      for (const f of files) {
        const call = JSON.parse(readFileSync(join(dir, f), 'utf8')) as { utterances?: { text: string }[] };
        for (const u of call.utterances ?? []) {
          const views = [
            u.text.replace(/[，。]/g, ' '),
            u.text.replace(/的|那个/g, FILLER_MARK),
            ` ${u.text}\t`,
          ];
          for (const view of views) {
            const flat = flatten(view);
            const want = reference(view);
            expect(flat.text, view).toBe(want.text);
            expect(flat.map.slice(0, want.map.length), view).toEqual(want.map);
            checked++;
          }
        }
      }
    }
    expect(checked).toBeGreaterThan(1000);
  });
});
