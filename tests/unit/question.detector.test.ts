import { describe, expect, it } from 'vitest';
import { stripPunctuation } from '../../pipeline/nlp/normalize.js';
import { questionKinds } from '../helpers/runtime.js';

// Team-written cases for the conventions of behaviours.md; each is checked with its punctuation
// and with every punctuation mark removed (ASR text), unless marked punctuatedOnly.
const CASES: {
  text: string;
  expected: string[];
  speaker?: 'rep' | 'customer';
  punctuatedOnly?: boolean;
  why: string;
}[] = [
  { text: '您这边的仓库一般放在哪个区？', expected: ['open'], why: 'wh-word' },
  { text: '你们的老师平时怎么备课', expected: ['open'], why: 'wh-word without question mark' },
  {
    text: '贵司现在用的是哪家的系统？用了几年了？',
    expected: ['open', 'open'],
    why: 'two clauses, two questions',
  },
  {
    text: '您平时用的是哪家的系统用了几年了',
    expected: ['open', 'open'],
    why: 'two wh-questions in one unpunctuated clause',
  },
  {
    text: '那个，您能介绍一下现在的审批流程吗？',
    expected: ['open'],
    why: 'invitation with 吗 stays open (convention 2)',
  },
  {
    text: '给您介绍一下我们的新款设备。',
    expected: [],
    why: 'self-introduction of a pitch is not a question',
  },
  {
    text: '您还有什么别的顾虑吗？',
    expected: ['closed'],
    why: '吗 with embedded wh-word stays closed (convention 2)',
  },
  { text: '怎么收费您问过吗', expected: ['closed'], why: 'embedded wh inside a 吗 question' },
  { text: '您觉得这个尺寸大不大？', expected: ['closed'], why: 'A-not-A after 您觉得 (convention 3)' },
  { text: '您是要标准版还是旗舰版？', expected: ['closed'], why: 'A还是B choice' },
  { text: '下周二我过去给您演示一下，可以吗？', expected: ['closed'], why: 'proposal ending 可以吗' },
  { text: '物流这块呢？', expected: ['open'], why: 'elliptical 呢 question is open (convention 3)' },
  { text: '所以主要是交货太慢了，对吧？', expected: ['closed'], why: 'tag closing a statement' },
  { text: '买的哪有租的灵活', expected: [], why: 'rhetorical question (convention 4)' },
  {
    text: '我们一个月也就出几千件的货',
    expected: [],
    speaker: 'customer',
    why: '几千 = a few thousand, an amount',
  },
  {
    text: '您那边一个月大概出几千件？',
    expected: ['open'],
    punctuatedOnly: true,
    why: '几千 asked with a question mark',
  },
  { text: '这套方案还是比较贵', expected: [], speaker: 'customer', why: '还是 = still, not a choice' },
  { text: '您倾向于租赁还是直接买断？', expected: ['closed'], why: 'A还是B stays a choice question' },
  { text: '这个得看领导要不要批', expected: [], why: 'embedded A-not-A after 得看 (convention 4)' },
  {
    text: '五十多万，太贵了吧',
    expected: [],
    speaker: 'customer',
    why: 'exclamation with 吧 (convention 4)',
  },
  { text: '那你发吧', expected: [], speaker: 'customer', why: 'suggestion with 吧' },
  { text: '想问问你们有没有上门安装', expected: ['closed'], why: '想问问…有没有 is closed (convention 4)' },
  { text: '这个价格嘛，好啊', expected: [], why: 'statement ending in 啊 is not a question' },
  {
    text: '一年大概两三百台吧',
    expected: [],
    speaker: 'customer',
    why: 'estimate with 吧 is not a question',
  },
  {
    text: '你们是刚成立的公司吧？',
    expected: ['closed'],
    speaker: 'customer',
    why: '是…吧 confirmation',
    punctuatedOnly: false,
  },
  { text: '贵不贵的，反正今年不买了', expected: [], speaker: 'customer', why: 'concessive A-not-A + 的' },
  { text: '员工基本没什么意见', expected: [], speaker: 'customer', why: '没什么 is not a question' },
  { text: '谁先接到谁负责', expected: [], speaker: 'customer', why: 'correlative wh-words' },
  { text: '我也不清楚一天能卖多少', expected: [], speaker: 'customer', why: 'embedded under 不清楚' },
  { text: '今天想花几分钟跟您聊聊', expected: [], why: '花几分钟 is "a few minutes"' },
  { text: '您现在方便接电话吗', expected: ['closed'], why: 'permission question' },
  { text: '现在每个班有几台平板', expected: ['open'], why: '几 + classifier' },
  { text: '您那边的报价单能不能这周给到我们？', expected: ['closed'], why: 'A-not-A' },
  // Indefinite wh-words in statements and embedded questions (general grammar, team-written).
  { text: '如果有什么变动，随时跟我说', expected: [], why: 'wh-word just inside a condition is indefinite' },
  {
    text: '万一设备坏了谁来修',
    expected: ['open'],
    speaker: 'customer',
    why: 'wh-word in the main clause after a condition asks',
  },
  { text: '要是包年的话多少钱', expected: ['open'], speaker: 'customer', why: 'wh-word after 的话 asks' },
  { text: '您这边有什么需要随时找我', expected: [], why: '有什么…随时: anything, offered' },
  {
    text: '有什么可以帮您的',
    expected: ['open'],
    punctuatedOnly: false,
    why: '有什么 without an offer after it asks',
  },
  { text: '我给您推荐几家评分高的', expected: [], why: '推荐几家: a few, picked for the listener' },
  { text: '您那边一共有几家门店', expected: ['open'], why: '几 asked about the listener' },
  { text: '我帮您查一下有哪些空房', expected: [], why: 'the speaker’s own checking embeds the wh-word' },
  { text: '我问一下你们有哪些型号', expected: ['open'], why: 'an asking verb is no embedding' },
  { text: '送货时间哪天都可以', expected: [], speaker: 'customer', why: '哪天都可以: any day' },
  { text: '这就是为什么我们建议先做检测', expected: [], why: '这就是为什么 explains' },
  { text: '主要是什么原因让您考虑换', expected: ['open'], why: '主要是 is no 要是 condition' },
  // Questions without a marker word once the question mark is gone.
  {
    text: '那您能帮我把报价单再发一遍',
    expected: ['closed'],
    speaker: 'customer',
    why: 'a request put as a question',
  },
  { text: '我们能帮您把旧设备拉走', expected: [], why: 'an offer is no request' },
  {
    text: '那你们仓库的地址是',
    expected: ['open'],
    speaker: 'customer',
    why: 'a clause left open after 是 asks',
  },
  { text: '我们考虑的主要就是', expected: [], speaker: 'customer', why: '就是 left open is a hesitation' },
  { text: '好的呢，我这就给您安排', expected: [], why: '好的呢: service-style assent' },
  { text: '那您的呢', expected: ['open'], why: '您的呢: elliptical, asks' },
  { text: '我们几个人周末想去郊区', expected: [], speaker: 'customer', why: '我们几个人: the few of us' },
  {
    text: '你们那边几个人负责售后',
    expected: ['open'],
    speaker: 'customer',
    why: '几个人 about the listener asks',
  },
  {
    text: '我们在本地有几家合作的工厂分别是东区和南区的',
    expected: [],
    why: 'a quantity followed by its list',
  },
  { text: '下面几款都是今年的新品', expected: [], why: '下面几款: the ones below' },
  {
    text: '你们在本地有几家合作的工厂',
    expected: ['open'],
    speaker: 'customer',
    why: '几家 without a list asks',
  },
  { text: '系统里没有查到他们的地址在哪', expected: [], why: 'not finding embeds the wh-word' },
  // Spoken forms the lexicon's words miss, and spoken statements that look like questions.
  { text: '你们的样品间在哪', expected: ['open'], speaker: 'customer', why: 'a bare 哪 closing the clause' },
  { text: '这批货先放哪好', expected: ['open'], speaker: 'customer', why: '放哪好 asks where' },
  { text: '我先让工程师查查到底堵在哪', expected: [], why: 'the speaker’s own finding out embeds 在哪' },
  { text: '你们这套软件多钱', expected: ['open'], speaker: 'customer', why: '多钱 = 多少钱, colloquial' },
  { text: '上次验收打了几分', expected: ['open'], speaker: 'customer', why: '打几分 asks a score' },
  { text: '这款机器您感兴趣不', expected: ['closed'], why: 'a predicate closed by a bare 不 asks' },
  { text: '你们仓库附近有停车位没', expected: ['closed'], speaker: 'customer', why: '有…没 asks' },
  { text: '我也不是说不', expected: [], speaker: 'customer', why: 'a doubled denial is no A-not-A' },
  { text: '这个月的名额我们就不', expected: [], speaker: 'customer', why: '就不 refuses' },
  {
    text: '好的我知道了，那你们售后电话多少',
    expected: ['open'],
    speaker: 'customer',
    why: '知道了 acknowledges, embeds nothing',
  },
  { text: '他用不用我就不知道了', expected: [], speaker: 'customer', why: '不知道了 still embeds' },
  { text: '嗯呢，好的谢谢', expected: [], speaker: 'customer', why: '嗯呢 agrees' },
  { text: '今年的订单这么多呢', expected: [], speaker: 'customer', why: 'degree adverb + 呢 exclaims' },
  { text: '您太客气了呢', expected: [], why: '了呢 states' },
  { text: '这款是加厚型的呢', expected: [], why: '是…的呢 states' },
  { text: '当然了，有三种颜色呢', expected: [], why: '有 + a number + 呢 states' },
  {
    text: '这个方案挺好的，那实施周期呢',
    expected: ['open'],
    speaker: 'customer',
    why: '那…呢 after a statement asks',
  },
  { text: '那要是到货晚了呢', expected: ['open'], speaker: 'customer', why: 'a condition + 了呢 asks' },
  { text: '不过还是谢谢你', expected: [], speaker: 'customer', why: '还是 = still, thanks' },
  { text: '我个人觉得这家还是性价比最高的', expected: [], why: '我觉得…还是: a judgement, no choice' },
  { text: '我看您还是先买一台试试吧', expected: [], why: '还是…吧 advises' },
  { text: '有无线充电的那款', expected: [], speaker: 'customer', why: '有 + 无线, no 有无 question' },
  { text: '周边没啥竞争对手', expected: [], speaker: 'customer', why: '没啥 = nothing' },
  {
    text: '帮我找一家报价是三万以内的供应商吧',
    expected: [],
    speaker: 'customer',
    why: 'a request closed by 吧 confirms nothing',
  },
  { text: '您可以打客服热线询问一下', expected: [], why: '询问一下 advises, does not ask' },
];

describe('question detection per clause', () => {
  for (const c of CASES) {
    it(`${c.why}: ${c.text}`, () => {
      expect(questionKinds(c.text, c.speaker ?? 'rep')).toEqual(c.expected);
      if (!c.punctuatedOnly)
        expect(questionKinds(stripPunctuation(c.text), c.speaker ?? 'rep')).toEqual(c.expected);
    });
  }

  it('uses the question mark as extra evidence for intonation questions', () => {
    expect(questionKinds('您下午三点在办公室？')).toEqual(['closed']);
    expect(questionKinds('您下午三点在办公室')).toEqual([]);
  });

  it('treats a sentence closed with 。 as a statement despite indirect wh-words', () => {
    expect(questionKinds('主要看投入多少，还有效果看不看得见。', 'customer')).toEqual([]);
  });
});
