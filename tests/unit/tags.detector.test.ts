import { describe, expect, it } from 'vitest';
import type { Speaker } from '../../models/transcript.js';
import { approversNamed, notAnApprover } from '../../pipeline/nlp/tags.approvers.js';
import { answeredVendor, rivalNamed } from '../../pipeline/nlp/tags.competitor.js';
import { priceObjectionStands } from '../../pipeline/nlp/tags.detector.js';
import { acceptedOffer, offeredTrial, ownTrial } from '../../pipeline/nlp/tags.sample.js';
import { shippedAnalyzer, transcript } from '../helpers/runtime.js';

// Team-written sentences (none from a labelled or public call), positive and negative per rule.

describe('needs_sample: the customer’s own trial words', () => {
  const CASES: { text: string; trial: string | null; why: string }[] = [
    { text: '试焊十个件可以，我们看看焊缝', trial: '试焊', why: '试 + a verb of making' },
    { text: '先下五套试单，车间用着看', trial: '试单', why: 'a trial order' },
    { text: '能不能先在试用机上加上这个功能？', trial: '试用', why: 'A-not-A 能不能 is no denial' },
    { text: '要不你们先铺一段看看，效果好再说', trial: '铺一段看看', why: 'V 一段 看看: do a bit and see' },
    {
      text: '那你再寄一箱过来，我们再测一轮',
      trial: '寄一箱过来，我们再测',
      why: 'goods posted for a test run',
    },
    { text: '样镜先别收，还有两位医生想用', trial: '样镜', why: 'a sample item kept' },
    { text: '先一个车间试那倒可以', trial: '先一个车间试', why: '先 + the trial’s scope + 试' },
    { text: '最好先拿几台做个高温测试', trial: '先拿几台做个高温测试', why: 'a few units taken for a test' },
    { text: '样片留两张给我们主任看看', trial: '样片', why: 'a sample item' },
    { text: '先把合同试着改一版发我', trial: null, why: '试着 in a request to draft, not a trial' },
    { text: '试剂价比别家高一点', trial: null, why: '试剂 is a reagent, not a trial' },
    { text: '设备要重新调试客户那边还得验收', trial: null, why: '调试 is commissioning' },
    { text: '我们的新人还在试用期，流动大', trial: null, why: '试用期 is probation' },
    { text: '我们去年试过一家，效果一般', trial: null, why: '试过: a past trial elsewhere' },
    { text: '下个月还得给整车厂送样', trial: null, why: 'a sample for a third party' },
    { text: '样机就不用了，资料发我就行', trial: null, why: 'denied after the word' },
    { text: '我们自己门店搞新品试吃，人挺多', trial: null, why: 'the customer’s own promotion' },
  ];
  for (const c of CASES)
    it(`${c.text} (${c.why})`, () => {
      expect(ownTrial(c.text)?.term ?? null).toBe(c.trial);
    });
});

describe('needs_sample: a yes to the rep’s trial offer', () => {
  it('a plain yes to an offer', () => {
    const offer = offeredTrial('我们先免费给您装一台试用两周，您看行吗？', null);
    expect(offer).toBe('试用');
    expect(acceptedOffer(offer!, '嗯可以，装在二号线吧')).toBe('可以');
    const test = offeredTrial('要不要先做一个月的小规模测试，看看效果再定？', null);
    expect(test).toBe('做一个月的小规模测试');
    expect(acceptedOffer(test!, '一个月测试可以，但量别太大')).toBe('可以');
    expect(acceptedOffer(offeredTrial('我们先挑五家店试销一个月，您看行吗？', null)!, '那中')).toBe('那中');
    expect(offeredTrial('测试报告我发您，您看可以吗？', null)).toBeNull();
    expect(offeredTrial('第一期先做五所试点学校，方案下周发您，您看行吗？', null)).toBeNull();
  });
  it('a yes naming the offered trial', () => {
    expect(acceptedOffer('跑一遍', '放我们机房里跑可以')).toBe('可以');
  });
  it('a yes to something else the rep proposed is not one', () => {
    expect(acceptedOffer('测一下', '上门量尺寸可以，别的再说')).toBeNull();
  });
  it('a description of a demo unit is no offer', () => {
    expect(offeredTrial('演示机用的是上一代的主板，量产的是新的。', null)).toBeNull();
  });
  it('a denial is no yes', () => {
    expect(acceptedOffer('试用', '不行，最近太忙')).toBeNull();
  });
  it('行 inside 行业 or 银行, and 挺好的, are no yes', () => {
    expect(acceptedOffer('试用', '我们这个行业淡季长')).toBeNull();
    expect(acceptedOffer('试用', '银行那边要求严')).toBeNull();
    expect(acceptedOffer('试用', '不用了，现在的挺好的')).toBeNull();
    expect(acceptedOffer('试用', '行，那就装一台')).toBe('行');
  });
  it('a yes to the trial’s size the rep gave', () => {
    const rep = '我们先挑十家门店试销两个月，您看行吗？';
    const offer = offeredTrial(rep, null)!;
    expect(acceptedOffer(offer, '十家可以，哪十家我来定', '先挑十家门店试销')).toBe('可以');
    expect(acceptedOffer(offer, '勘察可以，别的再说', '先挑十家门店试销')).toBeNull();
  });
});

describe('competitor_mentioned: a rival named by its place in the sentence', () => {
  const CASES: { text: string; name: string | null; why: string }[] = [
    { text: '你们一吨贵，蓝海的我们现在拿八千二', name: '蓝海', why: 'a rival’s price, 的我们现在拿' },
    { text: '看过了，鼎盛给我的到厂价是九百一', name: '鼎盛', why: 'a rival’s price, 给我的' },
    { text: '说实话，远航快运报的四千五', name: '远航快运', why: 'a rival’s quote, 报的' },
    { text: '嗯，金石最近也在找我们谈', name: '金石', why: 'a rival who came calling' },
    { text: '货架上已经有清泉和山语了，两个牌子够了', name: '清泉', why: 'two brands counted' },
    { text: '我们现在就是用Backupify，每天晚上跑一次', name: 'Backupify', why: 'a Latin brand in use' },
    { text: '现在那家给我们是三块一，你们贵了', name: '现在那家', why: 'the incumbent’s price' },
    { text: '你们报的八千二，我们还得算算', name: null, why: 'the seller’s own price' },
    { text: '财务那边报的预算是二十万', name: null, why: 'a department, not a vendor' },
    { text: '我们用的是Excel，每天手工对', name: null, why: 'an everyday tool' },
    { text: '我们用Salesforce，你们能对接它的接口吗', name: null, why: 'a system to connect to' },
    { text: '跟恒远比，你们一台贵了八百', name: '恒远', why: 'compared by name, 跟…比' },
    { text: '嗯说实话瑞丰家的比你们便宜', name: '瑞丰', why: 'X家的比你们, unpunctuated' },
    { text: '同样的配置，比澜海的贵两成', name: '澜海', why: '比X的贵' },
    { text: '现在青峰给我们配了三年多了', name: '青峰', why: 'the incumbent who supplies, after 现在' },
    { text: '我们跟蓝途合作了好几年，换不动', name: '蓝途', why: 'the incumbent partner' },
    { text: '目前是卓信在做，合同到年底', name: '卓信', why: '现在是X在做' },
    { text: '我们不生产，全部外协，外壳主要在鑫达，', name: '鑫达', why: 'where the part is sourced' },
    {
      text: '另外一家做监控的也来了，报的一套两万出头',
      name: '另外一家',
      why: 'an unnamed rival with a price',
    },
    { text: '跟人工比，这个肯定快', name: null, why: 'compared with manual work' },
    { text: '跟普通的货架比起来贵多少', name: null, why: 'compared with a kind of product' },
    { text: '跟传感器比，这个价格还行', name: null, why: 'a product kind, not a maker' },
    { text: '采购主要在苏州，总部那边定', name: null, why: 'a place, not a vendor' },
    { text: '现在是老周在做这一块', name: null, why: 'a colleague, not a vendor' },
    { text: '我们跟施工队合作很多年了', name: null, why: 'a crew, not a named vendor' },
    { text: '比去年的贵了一点', name: null, why: 'a time, not a vendor' },
  ];
  for (const c of CASES)
    it(`${c.text} (${c.why})`, () => {
      expect(rivalNamed(c.text)?.name ?? null).toBe(c.name);
    });

  it('the answer to the rep’s which-vendor question', () => {
    expect(answeredVendor('您这边现在主要用哪几家的？', '主要是恒丰，还有一点华通的')?.name).toBe('恒丰');
    expect(answeredVendor('您这边现在主要用哪几家的？', '我们都是自己做的')).toBeNull();
    expect(answeredVendor('您这边现在一年用多少？', '主要是恒丰，还有一点华通的')).toBeNull();
    expect(answeredVendor('现在的秤是哪家的？', '恒丰的，用了五六年了')?.name).toBe('恒丰');
    expect(answeredVendor('现在的秤是哪家的？', '杂牌的，便宜')).toBeNull();
    expect(answeredVendor('现在的秤是哪家的？', '不知道的，老板买的')).toBeNull();
    expect(rivalNamed('后来被监管通报了一次，考核也扣了分')).toBeNull();
  });
});

describe('long_decision_chain: approvers named as deciding', () => {
  const CASES: { text: string; names: string[]; why: string }[] = [
    {
      text: '要财务和采购一起评审，最后是分管副总拍板',
      names: ['财务', '采购', '分管副总'],
      why: 'coordinated titles',
    },
    { text: '这个得上我们投资委员会', names: ['投资委员会'], why: 'a body the matter goes up to' },
    { text: '价格的事我再跟委员会汇报', names: ['委员会'], why: 'reported to' },
    { text: '还要看总工对报告的意见', names: ['总工'], why: 'an opinion waited for' },
    {
      text: '得业委会同意还得物业主任签字',
      names: ['业委会', '物业主任'],
      why: 'two verbs in one unpunctuated clause',
    },
    { text: '我们老板说了，贵一点也能接受', names: [], why: '说了 is no approval' },
    { text: '我跟同事汇报一下', names: [], why: 'a colleague is no title' },
  ];
  for (const c of CASES)
    it(`${c.text} (${c.why})`, () => {
      expect(approversNamed(c.text).map((a) => a.name)).toEqual(c.names);
    });
});

describe('long_decision_chain: titles that name no approver', () => {
  const CASES: { text: string; title: string; not: boolean; why: string }[] = [
    { text: '我们质量部人手少，就两个人管一百多家', title: '质量部', not: true, why: 'staff at work' },
    { text: '坏了店长自己换个零件就好', title: '店长', not: true, why: 'staff doing the work' },
    { text: '那蒋老板您先忙，再见', title: '老板', not: true, why: 'the person spoken to' },
    { text: '我让项目经理和监理一起看看', title: '监理', not: true, why: 'people the speaker directs' },
    {
      text: '您可以问问实验中学的校长，他们用了三年',
      title: '校长',
      not: true,
      why: 'a reference elsewhere',
    },
    { text: '下周我们到总务处找您', title: '总务处', not: true, why: 'where the customer sits' },
    { text: '最后还得质量部签字', title: '质量部', not: false, why: 'a department that signs' },
    { text: '我们学校的校长比较看重安全', title: '校长', not: false, why: 'the customer’s own principal' },
    { text: '我让老板拍板就行', title: '老板', not: false, why: 'directed to decide is still deciding' },
  ];
  for (const c of CASES)
    it(`${c.text} (${c.why})`, () => {
      const at = c.text.indexOf(c.title);
      expect(notAnApprover(c.text, at, at + c.title.length)).toBe(c.not);
    });
  it('a report of an audit is no one deciding', () => {
    expect(approversNamed('质量体系的审核报告可以给您看')).toEqual([]);
  });
});

describe('price_sensitive: a price objection that shows sensitivity', () => {
  const CASES: { text: string; stands: boolean; why: string }[] = [
    { text: '太远了，线边库存扛不住', stands: false, why: 'no money in it' },
    { text: '两百块是不多，但大家用不上', stands: false, why: 'the price conceded' },
    { text: '三十万在预算里头，这个没问题', stands: false, why: 'within budget' },
    { text: '这笔钱不是我能批的，预算要办公会定', stands: false, why: 'money left to an approver' },
    { text: '万一断了货怎么办', stands: false, why: '万一 is no figure' },
    { text: '四十八去年有人报过才四十', stands: true, why: 'figures told without a unit' },
    { text: '保证金百分之五，压的钱太多了', stands: true, why: 'a percentage and money' },
    { text: '超预算了，得领导批', stands: true, why: 'over budget stays a price objection' },
    { text: '价格还行，就是服务费高了', stands: true, why: 'one price accepted, another not' },
  ];
  for (const c of CASES)
    it(`${c.text} (${c.why})`, () => {
      expect(priceObjectionStands(c.text)).toBe(c.stands);
    });
});

describe('tags over a whole call', () => {
  const analyzer = shippedAnalyzer();
  const tagsOf = (industry: string, turns: [Speaker, string][]) =>
    analyzer.analyze(transcript(industry, turns)).tags;

  it('the seller naming itself is no competitor', () => {
    const tags = tagsOf('telecom_enterprise', [
      ['rep', '王主任您好，我是中国移动的小李，想跟您聊聊专线的事。'],
      ['customer', '你说吧。'],
    ]);
    expect(tags).not.toContain('competitor_mentioned');
  });

  it('two price questions in other words make a price-sensitive call; one does not', () => {
    const one: [Speaker, string][] = [
      ['rep', '这套系统三个模块，部署在本地。'],
      ['customer', '那这一套大概什么价位？'],
      ['rep', '看配置，我回头发您。'],
    ];
    expect(tagsOf('saas', one)).not.toContain('price_sensitive');
    const two: [Speaker, string][] = [...one, ['customer', '那按人头算的话一年要多少？']];
    expect(tagsOf('saas', two)).toContain('price_sensitive');
  });

  it('a name cited as a client is no competitor; the same name as a rival is', () => {
    const call = (customer: string): [Speaker, string][] => [
      ['rep', '我们的电芯现在月产能两个GWh。'],
      ['customer', customer],
    ];
    expect(tagsOf('new_energy', call('我们主要给宁德时代供货，量挺大的。'))).not.toContain(
      'competitor_mentioned',
    );
    expect(tagsOf('new_energy', call('亿纬也是我们的老客户。'))).not.toContain('competitor_mentioned');
    expect(tagsOf('new_energy', call('亿纬报的比你们低两分。'))).toContain('competitor_mentioned');
  });

  it('two approvers deciding make a long decision chain; one does not', () => {
    expect(
      tagsOf('saas', [
        ['rep', '后面还需要谁来定？'],
        ['customer', '要采购和法务一起评审，最后是分管副总拍板。'],
      ]),
    ).toContain('long_decision_chain');
    expect(
      tagsOf('saas', [
        ['rep', '您看我们下周过去演示一下？'],
        ['customer', '周三下午吧，我在公司。'],
      ]),
    ).not.toContain('long_decision_chain');
  });

  it('titles in the rep’s greeting are who the customer is, not who else decides', () => {
    const greeting = '李院长您好，我是康达医疗的小周，上周在卫健委的培训会上见过您，现在方便吗？';
    const rest: [Speaker, string][] = [
      ['customer', '你说吧，什么事？'],
      ['rep', '想跟您聊聊手术室设备更新的事。'],
      ['customer', '嗯，这事最后要设备科牵头。'],
    ];
    expect(tagsOf('medical_devices', [['rep', greeting], ...rest])).not.toContain('long_decision_chain');
    // The same titles later in the call, as the customer's, still count.
    expect(
      tagsOf('medical_devices', [['rep', '您好，现在方便吗？'], ['customer', greeting], ...rest]),
    ).toContain('long_decision_chain');
  });
});

describe('delivery_concern: delivery asked about or named as the worry', () => {
  const analyzer = shippedAnalyzer();
  const deliveryRules = (customer: string) =>
    analyzer
      .analyze(
        transcript('manufacturing', [
          ['rep', '设备这边我们下个月可以排上。'],
          ['customer', customer],
        ]),
      )
      .tagEvidence.filter((t) => t.tag === 'delivery_concern')
      .flatMap((t) => t.evidence.map((e) => e.rule));
  const CASES: { text: string; rule: string | null; why: string }[] = [
    {
      text: '你们早上七点前能送到吗？',
      rule: 'tag.delivery-feasibility-question',
      why: 'a deadline for delivery',
    },
    {
      text: '装这个要不要停产？',
      rule: 'tag.delivery-feasibility-question',
      why: 'what installing would stop',
    },
    {
      text: '月底之前能装完吗？',
      rule: 'tag.delivery-feasibility-question',
      why: 'a deadline for installation',
    },
    { text: '你们装的是哪家的控制系统？', rule: null, why: '装 as what is fitted, asked without a deadline' },
    { text: '你们的系统能导出报表吗？', rule: null, why: 'no delivery verb' },
    {
      text: '下了单十五天能到厂里吗？',
      rule: 'tag.delivery-feasibility-question',
      why: 'goods within a number of days',
    },
    {
      text: '县城那几个门店你们能送到吗？',
      rule: 'tag.delivery-feasibility-question',
      why: 'whether the seller can deliver there',
    },
    {
      text: '过年物流一停，断了货怎么办？',
      rule: 'tag.delivery-feasibility-question',
      why: 'running out of goods asked about',
    },
    { text: '你们的工程师能到我们公司讲一下吗？', rule: null, why: 'a visit is no delivery' },
    { text: '货款什么时候结？', rule: null, why: '货款 is payment, not goods' },
    {
      text: '你们的货什么时候能送过来？',
      rule: 'tag.delivery-duration-question',
      why: 'goods moved, asked when',
    },
    { text: '那就等上线以后再说你们怎么收费呢', rule: null, why: 'the customer’s own launch waited for' },
    { text: '说实话我们最头疼的就是交期。', rule: 'tag.delivery-concern-told', why: 'the worry named' },
    {
      text: '交期这块我们一直没底。',
      rule: 'tag.delivery-concern-told',
      why: 'delivery time, then the worry',
    },
    { text: '交期我们倒不担心，主要是价格。', rule: null, why: 'the worry denied' },
    { text: '不担心交期，你们做得出来就行。', rule: null, why: 'negated before the worry' },
    {
      text: '就怕旺季一来你们的产能跟不上',
      rule: 'tag.delivery-concern-told',
      why: 'the seller’s delivery doubted, unpunctuated',
    },
    {
      text: '改造的时候可别影响我们白班出货。',
      rule: 'tag.delivery-concern-told',
      why: 'the work must not disrupt',
    },
    {
      text: '货从你们仓库发到我们这边要几天？',
      rule: 'tag.delivery-concern-told',
      why: 'the transit time asked',
    },
    {
      text: '第一批料下月十号前得到车间，不然停线。',
      rule: 'tag.delivery-concern-told',
      why: 'a deadline the delivery must meet',
    },
    { text: '上家供应商老是断货，我们吃了不少亏。', rule: null, why: 'a past vendor’s failure is a need' },
    { text: '你们这个价格我们领导接受不了。', rule: null, why: 'the seller named, no delivery' },
  ];
  for (const c of CASES)
    it(`${c.text} (${c.why})`, () => {
      const rules = deliveryRules(c.text);
      if (c.rule) expect(rules).toContain(c.rule);
      else expect(rules).toEqual([]);
    });
});
