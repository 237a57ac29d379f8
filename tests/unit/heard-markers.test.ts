import { afterEach, describe, expect, it } from 'vitest';
import { markersHeardBySound, setMarkersHeardBySound } from '../../pipeline/nlp/heard-markers.js';
import { findObjections } from '../../pipeline/nlp/objection.detector.js';
import { prepare, shippedLexicons } from '../helpers/runtime.js';

// Team-written sentences with one character replaced by a homophone, as a recogniser might;
// none is taken from a labelled call, the issue or the evaluation's noise.
const lexicon = () => shippedLexicons().get('manufacturing');
const heard = (text: string) =>
  markersHeardBySound(text, lexicon(), lexicon().findTerms(text)).map((t) => [
    text.slice(t.start, t.end),
    t.entry.surface,
  ]);

describe('objection and need markers heard with one mis-recognised character', () => {
  afterEach(() => setMarkersHeardBySound(false));

  it('hears a marker whose odd character forms no word where it stands', () => {
    expect(heard('这套方案太桂了吧')).toContainEqual(['太桂了', '太贵了']);
    expect(heard('说实话我心里没抵')).toEqual([['心里没抵', '心里没底']]);
  });

  it('takes a character that forms a dictionary word with its neighbour as said (简单 is no 担心)', () => {
    expect(heard('这个操作很简单心里有数')).toEqual([]);
  });

  it('never reads a marker into a spoken number or quantity', () => {
    expect(heard('货晚一天到也没事')).toEqual([]);
  });

  it('leaves markers written exactly to the exact matcher', () => {
    expect(heard('万一出了问题呢')).toEqual([]);
  });

  it('is off in the analysis unless turned on', () => {
    const text = '这套方案太桂了吧';
    expect(findObjections(prepare(text, 'customer', 'manufacturing'))).toEqual([]);
    setMarkersHeardBySound(true);
    const found = findObjections(prepare(text, 'customer', 'manufacturing'));
    expect(found.map((o) => [o.type, o.term?.heard?.surface])).toEqual([['price', '太桂了']]);
  });
});
