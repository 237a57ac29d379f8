import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FILLER_MARK } from '../../pipeline/nlp/clauses.js';
import { spokenFlatOf } from '../../pipeline/nlp/prepare.js';
import { spokenFlat } from '../../pipeline/nlp/sound.js';
import { prepare } from '../helpers/runtime.js';

/**
 * The definition spokenFlat implements in one pass, written with global expressions: filler marks
 * and spaces go, then the hesitation words (leftmost, non-overlapping), then hesitation characters.
 */
function reference(view: string): { text: string; map: number[] } {
  const keep = view.split('').map((c) => c !== FILLER_MARK && !/[\s\u3000]/.test(c));
  for (const m of view.matchAll(/那个|这个|就是|然后/g)) keep.fill(false, m.index, m.index + m[0].length);
  for (const m of view.matchAll(/[嗯呃额啊哎唉]/g)) keep[m.index] = false;
  const map: number[] = [];
  for (let i = 0; i < keep.length; i++) if (keep[i]) map.push(i);
  return { text: map.map((i) => view[i]).join(''), map };
}

describe('spokenFlat (the view without spaces and hesitations)', () => {
  it('drops hesitation words, hesitation characters, spaces and filler marks', () => {
    const view = `我们${FILLER_MARK}${FILLER_MARK}那个嗯 仓库就是太挤了`;
    expect(spokenFlat(view)).toEqual(reference(view));
    expect(spokenFlat(view).text).toBe('我们仓库太挤了');
    expect(spokenFlat('这个个那')).toEqual(reference('这个个那'));
    expect(spokenFlat('那那个个')).toEqual({ text: '那个', map: [0, 3] });
  });

  it('keeps a view with nothing to drop whole, with the identity map', () => {
    expect(spokenFlat('价格太高了')).toEqual({ text: '价格太高了', map: [0, 1, 2, 3, 4] });
    expect(spokenFlat('')).toEqual({ text: '', map: [] });
  });

  it('agrees with the expression definition on every utterance of the readable calls', () => {
    let checked = 0;
    // The set-aside calls (tj-*, th-*, tk-*, tm-*, train-*-05) are left out.
    for (const dir of ['tests/fixtures/calls', 'training/calls', 'examples/calls']) {
      const files = readdirSync(dir).filter(
        (f) => f.endsWith('.json') && !f.endsWith('.gold.json') && !/^t[jhkm]-|-05\.json$/.test(f),
      );
      for (const f of files) {
        const call = JSON.parse(readFileSync(join(dir, f), 'utf8')) as { utterances?: { text: string }[] };
        for (const u of call.utterances ?? []) {
          for (const view of [u.text, u.text.replace(/[，。]/g, ' '), u.text.replace(/的/g, FILLER_MARK)]) {
            expect(spokenFlat(view), view).toEqual(reference(view));
            checked++;
          }
        }
      }
    }
    expect(checked).toBeGreaterThan(1000);
  });

  it('is kept on the prepared utterance: computed once, the same as from its view', () => {
    const u = prepare('嗯那个我们这边就是 人手不太够啊', 'customer');
    const first = spokenFlatOf(u);
    expect(first).toEqual(spokenFlat(u.view));
    expect(spokenFlatOf(u)).toBe(first);
    // A plain object with the same fields (no prepared class) is answered from its view.
    const copy = { ...u, view: u.view };
    expect(spokenFlatOf(copy)).toEqual(first);
    expect(spokenFlatOf(copy)).not.toBe(first);
  });
});

describe('lazy segmentation of a prepared utterance', () => {
  it('gives the same tokens and content words whichever is read first', () => {
    const text = '我们那个手术室空间限制比较大，价格也太贵了吧';
    const a = prepare(text, 'customer', 'medical_devices');
    const b = prepare(text, 'customer', 'medical_devices');
    const tokensFirst = a.tokens;
    const contentFirst = b.content;
    expect(b.tokens).toEqual(tokensFirst);
    expect(a.content).toEqual(contentFirst);
    expect(tokensFirst.map((t) => t.text).join('')).toBe(a.norm);
    expect(a.tokens).toBe(tokensFirst);
  });
});
