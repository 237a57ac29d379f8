import { describe, expect, it } from 'vitest';
import { stripPunctuation } from '../../pipeline/nlp/normalize.js';
import { findObjections } from '../../pipeline/nlp/objection.detector.js';
import { prepare } from '../helpers/runtime.js';

// Team-written customer sentences (none taken from a labelled call or an issue text) for the
// structural rules of issue 11: each is checked as written and with punctuation removed.
const CASES: { text: string; expected: string[]; rule?: string; why: string }[] = [
  // delivery
  {
    text: '这批货下礼拜三前能运到现场吗？',
    expected: ['delivery'],
    why: 'a deadline doubt about getting goods to the site',
  },
  { text: '那设备你们什么时候能送到？', expected: [], why: 'asking for a date doubts nothing' },
  {
    text: '我们车间一个班都停不了。',
    expected: ['delivery'],
    rule: 'objection.delivery.stoppage',
    why: 'the install would stop their operation',
  },
  {
    text: '改造得停电吧，我们冷库一停温度就上去了。',
    expected: ['delivery'],
    rule: 'objection.delivery.stoppage',
    why: 'a stop caused by the install, told with its consequence',
  },
  {
    text: '上个月压缩机坏了，车停一天就损失好几万。',
    expected: [],
    why: 'a breakdown told as a problem is no install stoppage',
  },
  {
    text: '旺季物流一慢缺货了怎么办？',
    expected: ['delivery'],
    rule: 'objection.delivery.supply-what-if',
    why: 'a supply failure asked about',
  },
  {
    text: '上回换软件，光数据迁移就折腾了三个月。',
    expected: ['delivery'],
    rule: 'objection.delivery.overrun',
    why: 'an implementation told as a past overrun',
  },
  { text: '客户的尾款拖了三个月才到。', expected: [], why: 'money paid late is no delivery' },
  // trust
  {
    text: '你说能省三成就能省三成啊？',
    expected: ['trust'],
    rule: 'objection.trust.your-word',
    why: 'not taking the claim on the seller’s word',
  },
  { text: '那你说周三就周三吧。', expected: [], why: '你说X就X吧 agrees' },
  {
    text: '两年保修那也是你们自己说的。',
    expected: ['trust'],
    rule: 'objection.trust.only-claimed',
    why: 'a figure that is only the seller’s claim',
  },
  {
    text: '这么多门店一起切，你们撑不撑得住？',
    expected: ['trust'],
    why: 'an A-not-A doubt about capacity',
  },
  {
    text: '真出了事故，你们又不赔我们损失。',
    expected: ['trust'],
    rule: 'objection.trust.liability',
    why: 'who answers for a failure',
  },
  {
    text: '前年有个厂家也说得挺好，结果用了三个月就坏了一半。',
    expected: ['trust'],
    rule: 'objection.trust.broken-promise',
    why: 'a vendor’s promise broken before',
  },
  {
    text: '你们国产的精度能一样吗？',
    expected: ['trust'],
    rule: 'objection.trust.same-question',
    why: 'a doubt about the product asked as a question',
  },
  { text: '这话说得轻巧。', expected: ['trust'], rule: 'objection.trust.easy-said', why: 'easy to say' },
  // timing
  {
    text: '现在真不是时候。',
    expected: ['timing'],
    rule: 'objection.timing.bad-moment',
    why: 'not the moment',
  },
  {
    text: '我还是等过完年再买吧。',
    expected: ['timing'],
    why: 'waiting for a later time to buy',
  },
  {
    text: '这个月你们别指望我们下单。',
    expected: ['timing'],
    rule: 'objection.timing.dont-expect',
    why: 'not within a time',
  },
  // need
  {
    text: '老系统凑合着也能用。',
    expected: ['need'],
    rule: 'objection.need.not-necessary',
    why: 'what they have still does',
  },
  { text: '其实不一定非得买新的。', expected: ['need'], why: 'not necessary' },
  // authority
  {
    text: '这事不是我们科能定的。',
    expected: ['authority'],
    rule: 'objection.authority.not-theirs',
    why: 'someone else decides',
  },
  { text: '我跟老板提了也白说。', expected: ['authority'], why: 'raising it with the decider is no use' },
  // competitor
  {
    text: '我们这边的顾客就认老牌子。',
    expected: ['competitor'],
    rule: 'objection.competitor.their-buyers',
    why: 'the buyer’s own customers prefer the known brand',
  },
  { text: '医生认可你们的数据。', expected: [], why: '认可 is agreement, not a preference' },
  {
    text: '我们还是觉得原来那家的好。',
    expected: ['competitor'],
    rule: 'objection.competitor.thinks-better',
    why: 'the rival judged better',
  },
  {
    text: '我们跟另一家签了框架协议，暂时不另外找了。',
    expected: ['competitor'],
    why: 'committed to a rival, looking no further',
  },
];

function found(text: string) {
  return findObjections(prepare(text, 'customer', 'manufacturing'));
}

describe('objection detector: structural rules of issue 11', () => {
  for (const c of CASES) {
    it(`${c.why}: ${c.text}`, () => {
      for (const t of [c.text, stripPunctuation(c.text)]) {
        const os = found(t);
        expect(os.map((o) => o.type).sort()).toEqual([...c.expected].sort());
        if (c.rule) expect(os.map((o) => o.rule)).toContain(c.rule);
      }
    });
  }

  it('a two-character approver marker begun inside another word is none: 路上会 / 网上会', () => {
    expect(found('这一路上会堵车吗？').map((o) => o.type)).not.toContain('authority');
    expect(found('名单院里网上会公示。').map((o) => o.type)).toEqual([]);
    expect(found('这个得上会，我定不了。').map((o) => o.type)).toEqual(['authority']);
  });
});
