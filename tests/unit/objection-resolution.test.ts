import { describe, expect, it } from 'vitest';
import { agrees } from '../../pipeline/nlp/handling.detector.js';
import { stripPunctuation } from '../../pipeline/nlp/normalize.js';
import { prepare } from '../helpers/runtime.js';

// Team-written sentences (none taken from a labelled call or an issue text), each checked as
// written and with every punctuation mark removed (ASR text).

/** Convention 9: the customer accepts the answer; a reservation takes the agreement back. */
const REPLIES: { text: string; agrees: boolean; why: string }[] = [
  { text: '行，那就这么办。', agrees: true, why: 'plain agreement' },
  { text: '嗯，好的。', agrees: true, why: '嗯 before 好' },
  { text: '嗯。', agrees: false, why: 'a filler alone accepts nothing (as before)' },
  { text: '可以，你安排吧。', agrees: true, why: '可以 first' },
  { text: '好是好，就怕到时候又拖。', agrees: false, why: 'concession 好是好' },
  { text: '对，但是我还得再想想。', agrees: false, why: 'contrast after 对' },
  { text: '话是这么说，我们这边还是紧。', agrees: false, why: 'concession 话是这么说' },
  { text: '行吧，不过我心里还是没底。', agrees: false, why: 'contrast 不过' },
  { text: '嗯那个我还是觉得偏贵。', agrees: false, why: '嗯 as a filler, the customer keeps the view' },
  { text: '嗯，主要是我们车间现在排得很满。', agrees: false, why: '嗯 opening an answer, not agreeing' },
  { text: '好，那就先这样吧。', agrees: false, why: 'a polite close, nothing accepted' },
  { text: '对，等过了旺季再说。', agrees: false, why: '对 followed by putting it off' },
  { text: '行，东西发过来我有空翻翻。', agrees: false, why: 'allowing a send, no acceptance' },
  { text: '好的，我考虑考虑。', agrees: false, why: '考虑考虑 is a hedge' },
  { text: '行，这个办法可以考虑。', agrees: true, why: '可以考虑 accepts' },
  { text: '不用另外布线啊，那倒可以。', agrees: true, why: 'restating the answer, then 那倒可以' },
  { text: '每周有人上门查一次就行', agrees: true, why: '…就行 closing the sentence' },
  { text: '这么算倒也是。', agrees: true, why: 'conceding 倒也是' },
  { text: '行，我周三下午有空，你过来吧。', agrees: true, why: 'availability for the visit is agreement' },
  { text: '好，等有空的时候我翻翻。', agrees: false, why: '有空的时候 puts it off' },
  { text: '行，有空再聊。', agrees: false, why: '有空再 puts it off' },
];

describe('the customer accepts the answer', () => {
  for (const c of REPLIES) {
    for (const text of [c.text, stripPunctuation(c.text)]) {
      it(`${text} → ${c.agrees ? 'agrees' : 'does not agree'} (${c.why})`, () => {
        expect(agrees(prepare(text, 'customer', 'manufacturing'), new Map())).toBe(c.agrees);
      });
    }
  }
});
