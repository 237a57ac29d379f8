/**
 * Deterministic generator of realistic 30-minute Chinese B2B sales calls for benchmarks.
 *
 * Every call is composed from phrase templates with slots (products, pains, competitors, dates,
 * numbers, fillers) drawn from a seeded PRNG, so two seeds give different texts while one seed
 * always gives the same call. The phrases are written for this generator only; nothing is taken
 * from fixtures or evaluation data, so benchmark figures never leak into quality figures.
 */
import { OBJECTION_TYPES, type ObjectionType } from '../lexicons/lexicon.schema.js';
import type { TranscriptInput } from '../models/transcript.js';

/** Industries the generator can write calls for (the six shipped lexicons). */
export const GENERATOR_INDUSTRIES = [
  'medical_devices',
  'education_equipment',
  'saas',
  'manufacturing',
  'retail',
  'finance',
] as const;
export type GeneratorIndustry = (typeof GENERATOR_INDUSTRIES)[number];

// ---------------------------------------------------------------------------------------------
// PRNG

/** sfc32 seeded through splitmix32: small, fast, and good enough for text composition. */
class Dice {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: number) {
    let s = seed >>> 0;
    const next = (): number => {
      s = (s + 0x9e3779b9) >>> 0;
      let z = s;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.a = next();
    this.b = next();
    this.c = next();
    this.d = next();
    for (let i = 0; i < 12; i++) this.next();
  }

  /** Uniform in [0, 1). */
  next(): number {
    const t = (((this.a + this.b) >>> 0) + this.d) >>> 0;
    this.d = (this.d + 1) >>> 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) >>> 0;
    this.c = ((this.c << 21) | (this.c >>> 11)) >>> 0;
    this.c = (this.c + t) >>> 0;
    return t / 4294967296;
  }

  /** Integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('pick from an empty list');
    return items[Math.floor(this.next() * items.length)]!;
  }

  /** Picks by weight; `weights[i]` belongs to `items[i]`. */
  weighted<T>(items: readonly T[], weights: readonly number[]): T {
    const total = weights.reduce((s, w) => s + w, 0);
    let r = this.next() * total;
    for (let i = 0; i < items.length; i++) {
      r -= weights[i] ?? 0;
      if (r < 0) return items[i]!;
    }
    return items[items.length - 1]!;
  }

  /** A few distinct items in random order. */
  sample<T>(items: readonly T[], n: number): T[] {
    const copy = [...items];
    for (let i = copy.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      [copy[i], copy[j]] = [copy[j]!, copy[i]!];
    }
    return copy.slice(0, n);
  }
}

function hashString(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return h >>> 0;
}

// ---------------------------------------------------------------------------------------------
// Industry vocabulary

interface IndustryVocab {
  vendors: readonly string[];
  titles: readonly string[];
  companies: readonly string[];
  brandWords: readonly string[];
  depts: readonly string[];
  products: readonly string[];
  features: readonly string[];
  benefits: readonly string[];
  pains: readonly string[];
  wants: readonly string[];
  competitors: readonly string[];
  approvers: readonly string[];
  cases: readonly string[];
  /** What the customer counts and its measure word: 检查量 … 人次. */
  workload: string;
  unit: string;
  qty: readonly [number, number];
  /** Price range in 万元. */
  price: readonly [number, number];
  deliveryItem: readonly string[];
  scope: readonly string[];
  topics: readonly string[];
  process: readonly string[];
}

const VOCAB: Record<GeneratorIndustry, IndustryVocab> = {
  medical_devices: {
    vendors: ['华康医疗', '瑞声影像', '康锐医疗科技', '博正医疗', '安泰医学'],
    titles: ['主任', '科长', '院长', '护士长', '处长'],
    companies: ['{city}人民医院', '{city}第二人民医院', '{city}中医院', '{city}妇幼保健院', '{city}口腔医院'],
    brandWords: ['仁济', '康宁', '博爱', '同济', '协和'],
    depts: ['放射科', '超声科', '设备科', '手术室', '检验科', '口腔科', '急诊科'],
    products: [
      '彩超',
      '便携式彩超',
      '移动DR',
      'DR',
      '口腔CBCT',
      'C形臂',
      '多排CT',
      '监护仪',
      '麻醉机',
      '全自动生化分析仪',
      '呼吸机',
      '电子内窥镜',
    ],
    features: [
      'AI辅助诊断',
      '低剂量扫描',
      '一键图像优化',
      '远程会诊',
      '三十秒快速开机',
      '无线探头',
      '智能排程',
      '自动生成结构化报告',
    ],
    benefits: [
      '出片速度能快一倍',
      '辐射剂量能降一半左右',
      '医生阅片时间明显缩短',
      '故障率比老机器低很多',
      '占地面积小了三分之一',
      '每年维护费用能省不少',
    ],
    pains: [
      '机器老是出故障',
      '排队时间太长病人投诉多',
      '片子清晰度不太够',
      '手术室空间太小设备摆不开',
      '维修等配件要等好几个礼拜',
      '医生人手不够',
      '老设备的耗材太贵',
      '检查量上来了机器跟不上',
      '床旁检查推来推去很不方便',
    ],
    wants: [
      '能在床旁直接做检查',
      '出图快一点清晰一点',
      '维保能打包在合同里',
      '操作简单一点年轻医生很快能上手',
      '能跟我们的PACS系统对接',
    ],
    competitors: ['迈瑞', '联影', 'GE医疗', '西门子医疗', '飞利浦', '东软医疗'],
    approvers: ['院长', '设备科', '分管副院长', '采购办', '医学装备委员会'],
    cases: ['{city}中心医院', '隔壁{city2}的一家三甲医院', '省肿瘤医院', '{city2}妇幼保健院'],
    workload: '检查量',
    unit: '人次',
    qty: [80, 600],
    price: [30, 400],
    deliveryItem: ['装机验收', '安装调试', '完成验收'],
    scope: ['一个科室', '一台机器', '门诊这边'],
    topics: ['影像设备', '设备更新', '超声设备', '床旁检查'],
    process: ['先由科室报需求，设备科论证，然后上院办会', '科里提申请，设备科做预算，最后走政府采购'],
  },
  education_equipment: {
    vendors: ['智学教育科技', '博雅电子', '启明教育装备', '蓝图智教'],
    titles: ['校长', '主任', '老师', '科长'],
    companies: [
      '{city}实验中学',
      '{city}第一小学',
      '{city}外国语学校',
      '{city}职业技术学院',
      '{city}{brand}中学',
    ],
    brandWords: ['育才', '明德', '启智', '博文', '新华'],
    depts: ['信息中心', '电教室', '教务处', '总务处', '装备科'],
    products: [
      '交互智能平板',
      '智慧黑板',
      '录播主机',
      '电子班牌',
      '教室中控',
      '无线投屏器',
      'LED大屏',
      '常态化录播',
      '创客教室套装',
      '分组教学平板',
    ],
    features: [
      '二十点多点触控',
      '双系统一键切换',
      '一键录课',
      '护眼防蓝光',
      '全校远程集控',
      '课件云端同步',
      '纸笔书写同步上屏',
    ],
    benefits: [
      '老师备课时间能省一半',
      '课堂上学生互动明显多了',
      '后期维护基本不用操心',
      '上级检查的时候数据一键就能调出来',
      '后排学生也看得很清楚',
    ],
    pains: [
      '投影仪用久了特别暗后排看不清',
      '老师们不太会用新设备',
      '设备坏了报修要等很久',
      '每个教室型号都不一样管理起来很乱',
      '粉尘大老师嗓子受不了',
      '公开课录制得专门找人来弄',
      '电教老师就两个人根本忙不过来',
    ],
    wants: [
      '全校统一一个平台管理',
      '老师拿来就能用不用培训太久',
      '能跟我们现在的教学资源平台打通',
      '新校区开学前全部装好',
    ],
    competitors: ['希沃', '鸿合', '皓丽', '奥威亚', '科达', '长虹'],
    approvers: ['校长', '教育局装备中心', '校委会', '财务处', '分管副校长'],
    cases: ['{city}第三中学', '{city2}的一所市重点', '{city}某区的十几所小学', '{city2}职业学院'],
    workload: '班级',
    unit: '个班',
    qty: [18, 90],
    price: [20, 300],
    deliveryItem: ['安装到位', '全部调试完', '交付使用'],
    scope: ['一个年级', '几间试点教室', '录播教室'],
    topics: ['教室信息化', '智慧教室', '设备更新', '录播教室'],
    process: ['学校先报计划，教育局装备中心审核，然后统一招标', '校务会讨论，报到局里，走政府采购平台'],
  },
  saas: {
    vendors: ['云帆软件', '数智云', '简道科技', '汇客云', '易联云'],
    titles: ['总', '经理', '总监'],
    companies: ['{city}{brand}科技有限公司', '{city}{brand}贸易有限公司', '{brand}集团{city}分公司'],
    brandWords: ['恒信', '金桥', '远达', '新创', '华瑞', '博远'],
    depts: ['销售部', '客服中心', '人事部', 'IT部', '运营部', '财务部'],
    products: [
      'CRM',
      'SCRM',
      '客服系统',
      '工单系统',
      '呼叫中心',
      'OA',
      '审批系统',
      'HR系统',
      '费控系统',
      '电子签',
      'BI',
      '低代码平台',
    ],
    features: [
      '线索自动分配',
      '移动端审批',
      '实时数据看板',
      '客户公海池',
      '智能外呼',
      '自定义工作流',
      '开放API接口',
      '分级权限管理',
    ],
    benefits: [
      '销售跟进不会再漏单',
      '报表不用再手工做了',
      '新人上手成本低很多',
      '管理层随时能看到数据',
      '合同审批从一周缩到一天',
    ],
    pains: [
      '客户资料都在销售自己手机里人一走客户也带走了',
      '报表每周都要手工汇总特别费时间',
      '线索分配全靠人工经常撞单',
      '系统太多数据打不通',
      '审批流程太长一个合同要走一个礼拜',
      '销售每天填日报很反感',
      '客服电话高峰期根本接不过来',
    ],
    wants: [
      '所有客户资料统一管起来',
      '手机上就能处理大部分工作',
      '跟我们的ERP和企业微信打通',
      '老板能随时看到销售漏斗',
    ],
    competitors: ['销售易', '纷享销客', '钉钉', '企业微信', '飞书', 'Salesforce'],
    approvers: ['老板', 'IT部', '财务总监', '总经理', '信息化委员会'],
    cases: [
      '{city}一家做医疗器械代理的公司',
      '{city2}的一个连锁教育品牌',
      '一家三百人的物流公司',
      '{city2}的一家建材厂',
    ],
    workload: '销售',
    unit: '个人',
    qty: [15, 400],
    price: [3, 80],
    deliveryItem: ['系统上线', '数据迁移完', '全员用起来'],
    scope: ['一个部门', '销售团队', '总部'],
    topics: ['客户管理', '数字化', '销售管理', '协同办公'],
    process: ['IT先做选型，业务部门试用，然后老板拍板', '部门提需求，IT评估，财务审预算，最后总经理签字'],
  },
  manufacturing: {
    vendors: ['精工传动', '恒力自动化', '锐拓精密', '华宇机电'],
    titles: ['总', '工', '经理', '主管'],
    companies: ['{city}{brand}精密机械有限公司', '{city}{brand}电子厂', '{brand}汽车零部件{city}工厂'],
    brandWords: ['宏达', '永盛', '东方', '联创', '鼎力'],
    depts: ['设备部', '生产部', '工艺部', '采购部', '技术部'],
    products: [
      '直线模组',
      '伺服电机',
      '减速机',
      '直线导轨',
      '滚珠丝杆',
      '电缸',
      'PLC',
      '工业机器人',
      '视觉检测系统',
      '变频器',
      '电动夹爪',
    ],
    features: [
      '重复定位精度正负两丝',
      '免维护设计',
      '高刚性结构',
      'EtherCAT总线通讯',
      '快速换型',
      '自动润滑',
    ],
    benefits: [
      '良品率能提高两三个点',
      '换线时间能缩短一半',
      '设备停机时间少很多',
      '交期比进口的快一大截',
      '综合成本能降百分之二十左右',
    ],
    pains: [
      '进口件交期太长经常等三四个月',
      '设备老是停机影响产能',
      '精度不稳定良品率上不去',
      '换型号的时候调机要半天',
      '人工成本越来越高还招不到人',
      '备件太贵库存压力大',
    ],
    wants: ['用国产替代把成本降下来', '交期能控制在一个月以内', '有工程师能上门调试', '跟现有的控制系统兼容'],
    competitors: ['THK', '上银', '汇川', '西门子', '三菱', '台达'],
    approvers: ['老板', '采购部', '技术总监', '厂长', '生产副总'],
    cases: [
      '{city}一家做锂电设备的厂',
      '{city2}的一家汽配厂',
      '一家做3C检测设备的客户',
      '{city2}的包装机械厂',
    ],
    workload: '产线',
    unit: '条线',
    qty: [3, 40],
    price: [10, 200],
    deliveryItem: ['到货调试', '上线试产', '交货'],
    scope: ['一条线', '一个工位', '新项目'],
    topics: ['自动化改造', '产线升级', '传动部件', '国产替代'],
    process: ['技术部先选型打样，测试通过了采购部再比价', '项目组定方案，采购部走招标，老板最后签字'],
  },
  retail: {
    vendors: ['掌柜通', '商联科技', '云店宝', '易收银'],
    titles: ['老板', '店长', '经理', '总'],
    companies: ['{city}{brand}超市', '{brand}便利店连锁', '{city}{brand}生鲜', '{brand}烘焙连锁'],
    brandWords: ['惠民', '家家乐', '佳美', '百汇', '鲜丰'],
    depts: ['门店', '运营部', '信息部', '采购部', '财务'],
    products: [
      '收银机',
      '自助收银机',
      '电子价签',
      '扫码枪',
      '收银秤',
      'AI识别秤',
      '会员系统',
      '聚合支付',
      '进销存系统',
      '小程序商城',
      '手持盘点机',
    ],
    features: ['刷脸支付', '会员积分打通', '商品自动识别', '库存实时同步', '远程一键改价', '多门店统一管理'],
    benefits: [
      '高峰期排队时间能少一半',
      '每个门店能省一个收银员',
      '盘点从两天缩短到半天',
      '会员复购率明显提升',
      '错价投诉基本没有了',
    ],
    pains: [
      '周末高峰排队太长顾客直接走了',
      '盘点一次要关门两天',
      '价签手工换经常错价被投诉',
      '各门店数据对不上',
      '生鲜损耗太高',
      '会员信息散在好几个系统里',
    ],
    wants: ['总部能统一改价', '收银快一点', '会员线上线下能通用', '每天能看到各店的销售和库存'],
    competitors: ['银豹', '客如云', '有赞', '微盟', '思迅', '哗啦啦'],
    approvers: ['老板', '总部', '财务', '运营总监', '合伙人'],
    cases: [
      '{city}一家三十多家店的连锁超市',
      '{city2}的一个水果连锁',
      '一家做社区生鲜的客户',
      '{city2}的连锁药店',
    ],
    workload: '门店',
    unit: '家店',
    qty: [3, 120],
    price: [2, 60],
    deliveryItem: ['上线', '门店全部切换', '设备到店'],
    scope: ['两三家店', '旗舰店', '新开的店'],
    topics: ['收银系统', '门店数字化', '会员运营', '库存管理'],
    process: ['先在一家店试点，效果好了总部统一采购', '运营部提方案，老板跟合伙人商量着定'],
  },
  finance: {
    vendors: ['安盛保险经纪', '众信保险经纪', '泰和福利', '中和保险服务'],
    titles: ['总', '经理', '主管'],
    companies: ['{city}{brand}集团', '{city}{brand}物流有限公司', '{brand}食品{city}工厂'],
    brandWords: ['远航', '中联', '天成', '嘉禾', '瑞丰'],
    depts: ['人力资源部', '行政部', '财务部', '工会'],
    products: [
      '团体保险',
      '补充医疗保险',
      '雇主责任险',
      '团体意外险',
      '高端医疗险',
      '家属保险',
      '员工体检',
      '企业年金',
    ],
    features: ['门诊住院都能报', '线上理赔', '医院直付', '既往症也能保', '按月缴费', '人员随时增减'],
    benefits: ['员工满意度明显提升', '离职率能降下来', '理赔三天就能到账', '企业的用工风险能转出去'],
    pains: [
      '员工理赔手续太复杂老来找我们',
      '去年有工伤赔了不少钱',
      '招人难留人更难',
      '现在的保险报销比例太低员工不满意',
      '每个月人员变动大增减员很麻烦',
      '保费每年都在涨',
    ],
    wants: [
      '理赔简单一点员工手机上就能报',
      '把家属也保进来',
      '预算控制在人均一千以内',
      '一线工人的意外风险能覆盖到',
    ],
    competitors: ['平安', '泰康', '中国人寿', '太保', '易才', '中智'],
    approvers: ['老板', '财务总监', '人力总监', '董事会', '总经理办公会'],
    cases: [
      '{city}一家两千人的制造企业',
      '{city2}的一家物流公司',
      '一家做连锁餐饮的客户',
      '{city2}的一家互联网公司',
    ],
    workload: '员工',
    unit: '个人',
    qty: [80, 3000],
    price: [10, 300],
    deliveryItem: ['保单生效', '方案落地', '全员参保'],
    scope: ['一线员工', '管理层', '一个子公司'],
    topics: ['员工福利', '团险续保', '补充医疗', '用工风险'],
    process: ['人事先做方案，财务核预算，老板最后定', '行政牵头询价，报给总经理办公会审批'],
  },
};

// ---------------------------------------------------------------------------------------------
// Shared phrase templates. Slots in braces are filled per use (see `Composer.slot`).

const SURNAMES = '王李张刘陈杨黄赵周吴徐孙马胡朱郭何林高罗郑梁谢宋唐许韩冯邓曹'.split('');
const CITIES = [
  '苏州',
  '无锡',
  '温州',
  '合肥',
  '长沙',
  '南昌',
  '济南',
  '潍坊',
  '洛阳',
  '绵阳',
  '柳州',
  '泉州',
  '常州',
  '佛山',
  '宜昌',
  '襄阳',
  '临沂',
  '保定',
  '芜湖',
  '赣州',
];
const EVENTS = ['上次的行业展会', '省里的培训会', '一个老客户介绍', '你们官网的留言', '上个月的线上直播'];
const WEEKDAYS = ['周一', '周二', '周三', '周四', '周五'];
const DAY_PARTS = ['上午', '下午', '上午十点', '下午两点', '下午三点半', '早上九点'];
const CN_DIGITS = '零一二三四五六七八九'.split('');

const FILLERS = [
  '嗯，',
  '那个，',
  '呃，',
  '就是，',
  '然后，',
  '怎么说呢，',
  '其实，',
  '这个，',
  '对，',
  '哎，',
  '嗯嗯，',
];

const BACKCHANNEL_REP = ['嗯', '嗯嗯', '对', '好的', '明白', '是的', '了解', '嗯对', '哦这样', '您说'];
const BACKCHANNEL_CUSTOMER = ['嗯', '对', '是', '好', '行', '嗯嗯', '哦', '对对', '可以', '你说'];

const OPENING_INTRO = [
  '{name}您好，我是{vendor}的{repName}，之前通过{event}跟您加过微信的。',
  '喂，{name}您好，我是{vendor}负责{region}这边的销售顾问{repName}。',
  '您好您好，请问是{name}吧？我是{vendor}的{repName}。',
  '{name}上午好，我是{vendor}的{repName}，上周给您发过资料的那个。',
];
const OPENING_PURPOSE = [
  '今天给您打电话主要是想了解一下咱们{dept}{topic}这块的情况。',
  '这次联系您是想跟您聊聊{product}更新的事，看看我们有没有能帮上忙的地方。',
  '上次您提到今年可能要做{topic}，所以想跟您详细沟通一下。',
  '主要是想跟您约个时间，介绍一下我们新出的{product}。',
];
const OPENING_PERMISSION = [
  '您现在说话方便吗？大概占用您二十分钟。',
  '不知道您这会儿有没有空，耽误您一点时间可以吗？',
  '您现在方便接电话吗？',
];
const OPENING_CUSTOMER = [
  '哦，{repName}啊，你好你好，我刚开完会，你说吧。',
  '嗯，方便，不过三点我还有个会，你尽量快点。',
  '你是哪家？{vendor}？哦想起来了，{event}那次是吧。',
  '可以可以，正好这两天也在考虑这个事情。',
  '行，你说吧，我这会儿在办公室。',
];

const SMALL_TALK: readonly (readonly [string, string])[] = [
  ['最近{city}天气怎么样？听说前两天降温挺厉害的。', '是啊，冷得很，早上出门都得穿羽绒服了。'],
  ['年底了您那边是不是特别忙？', '忙啊，各种总结各种检查，天天加班到很晚。'],
  ['上次展会上看您那边人挺多的，收获应该不小吧？', '还行吧，主要是去看看新东西，也没定什么。'],
  ['听说您那边新楼快装修好了？', '还没呢，估计得到下半年了，工程拖得比较久。'],
  ['我下个月正好要去{city}出差，到时候方便的话过去看看您。', '行啊，来之前提前打个电话，我不一定在。'],
  ['您上次说孩子今年高考，考得怎么样？', '还可以，报了个省内的学校，离家近一点。'],
  ['最近行业里变化挺大的，您那边感觉怎么样？', '变化是大，压力也大，大家都在想办法降成本。'],
  ['您那边停车方便吗？我上次去转了好几圈。', '不方便，你下次来直接停对面的商场就行。'],
];

const Q_OPEN = [
  '您现在{dept}这边用的{product}是哪家的？用了多少年了？',
  '平时一天{workload}大概有多少？',
  '您觉得目前最让您头疼的是哪一块？',
  '能具体说说这个问题一般是在什么情况下出现的吗？',
  '这个情况大概持续多久了？',
  '您那边现在的流程是怎么走的？',
  '如果换新的话，您最看重的是哪几个方面？',
  '{approver}那边一般会比较关注哪些指标？',
  '之前做过哪些尝试？效果怎么样？',
  '您理想中的{product}应该是什么样子的？',
  '这块每年大概要投入多少？',
  '那{topic}这块呢？',
  '您说说现在一线同事用起来主要是什么感受？',
  '为什么当时选了{competitor}的？',
  '除了这个，还有哪些地方您觉得不太满意？',
  '您那边大概什么时候要定下来？',
  '具体是哪个环节最耽误时间？',
];
const Q_CLOSED = [
  '现在还是在用{competitor}的吗？',
  '今年有没有相关的预算？',
  '这个项目是您这边牵头吧？',
  '您这边是先看方案还是先看报价？',
  '目前的设备能满足日常需要吗？',
  '是不是主要卡在预算上？',
  '您那边有没有专门负责这块的同事？',
  '需不需要我们先做个现场调研？',
  '上次发给您的资料您看了吗？',
  '{approver}那边对这个事情是支持的吧？',
];
/** Follow-up probes on the pain the customer just described. */
const Q_PROBE = [
  '{echo}的时候，你们一般是怎么处理的？',
  '那{echo}这个情况，对你们影响大吗？',
  '这种情况一个月大概会碰到几次？',
  '{echo}，主要是哪些人在反映？',
  '这个问题之前跟{competitor}那边反馈过吗？',
  '如果这个问题一直解决不了，会有什么影响？',
];
const CUSTOMER_PAIN = [
  '说实话，{pain}，这个挺头疼的。',
  '主要是{pain}，下面的人意见都挺大。',
  '我们现在最大的问题就是{pain}。',
  '唉，{pain}，有时候一忙起来根本顾不过来。',
  '用的是{competitor}的，也有{years}年了，现在就是{pain}。',
  '最近{pain}，领导也说过好几次了。',
  '其实还好，就是{pain}，别的倒没什么。',
];
const CUSTOMER_WANT = [
  '我们希望{want}。',
  '最好能{want}，这样大家用起来也方便。',
  '今年我们想要{want}。',
  '我们需要一套{product}，主要是{want}。',
  '要求也不高，就是{want}。',
];
const CUSTOMER_FACT = [
  '一天大概{qty}{unit}吧，忙的时候更多。',
  '流程的话，就是{process}。',
  '预算今年批了一部分，具体多少还没定。',
  '这个主要是{approver}那边说了算，我这边负责收集需求。',
  '我们这边一共{qty}{unit}，明年可能还要扩。',
  '之前也找过两家，后来因为价格没谈拢就放下了。',
  '{competitor}的人也来过，给了个方案，我们还在看。',
  '大概是从去年下半年开始的，越来越明显。',
];
const CUSTOMER_CONFIRM = [
  '对对对，就是这个意思。',
  '差不多吧，还有就是{pain}。',
  '嗯，是这样。',
  '对，你理解得没错。',
  '也不全是，主要还是{pain}。',
];
const RESTATE = [
  '我理解一下，您的意思是{echo}，对吧？',
  '也就是说现在主要是{echo}，是这样吗？',
  '您刚才提到{echo}，这个我记下来了。',
  '我总结一下，一个是{echo}，另外就是预算上要控制一下，对吗？',
  '所以您这边最着急的是{echo}这个问题，对吗？',
];
const SOLUTION = [
  '针对这个情况，我们这款{product}专门做了{feature}，{benefit}。',
  '我们的{product}现在有{feature}，基本上可以做到{benefit}。',
  '像{case}去年上了我们的{product}，{metric}。',
  '我给您简单介绍一下，我们{product}主要有三个特点，第一个是{feature}，第二个是{feature2}，第三个就是{benefit}。',
  '另外我们还有配套的{product2}，可以跟{product}一起用，数据是打通的。',
  '{feature}这个功能操作起来很简单，培训半天基本就能上手。',
  '售后这块我们在{city}有本地的服务团队，响应时间是{hours}小时以内。',
  '这个{product}我们去年卖了{qty2}多套，客户反馈最多的就是{benefit}。',
  '您刚才说的{echo}，我们的{feature}正好能解决。',
];
const METRIC = [
  '效率提升了大概百分之{percent}',
  '{workload}多了百分之{percent}也没加人',
  '一年下来能省{price}万左右',
  '投诉少了一大半',
  '差不多一年半就回本了',
];
/**
 * A customer question and the rep's answer. `{sameX}` repeats the value the question drew for
 * `{x}`, so the answer talks about the same feature, competitor or city.
 */
const QA: readonly (readonly [string, string])[] = [
  ['那这个{feature}具体是怎么实现的？', '{sameFeature}是我们自己研发的，不需要额外配东西，装好就能用。'],
  [
    '你们这个跟{competitor}的比有什么区别？',
    '跟{sameCompetitor}比，区别主要在{feature}上，我们是标配，他们要单独加钱。',
  ],
  ['价格大概在什么范围？', '价格要看具体配置，一般在{price}万到{price2}万之间。'],
  ['交货周期要多久？', '我们{city}仓库有现货，下单后两周左右就能{deliveryItem}。'],
  ['售后怎么保障？坏了多久能到？', '售后我们在{city}有本地团队，{hours}小时内响应，常用配件也有库存。'],
  ['有没有在{city}这边用的客户？', '有的，{case}就在用，回头我可以安排您去参观一下。'],
  ['能不能先试用一段时间？', '可以的，我们可以先放一套给您试用一个月。'],
  ['安装需要多长时间？会不会影响我们正常工作？', '安装一般两三天，可以安排在周末，不影响您正常工作。'],
  ['质保是几年？', '质保是{years}年，过了质保期也有延保服务。'],
  ['培训是你们派人过来做吗？', '对，培训我们会派工程师过去，现场教到大家会用为止。'],
  ['这个数据安全方面有没有问题？', '数据安全这块我们过了等保三级，数据都是加密存储的。'],
  ['你们的{feature}是标配还是要另外加钱？', '{sameFeature}是标配的，不用另外加钱，这个可以写进合同里。'],
  ['后期的维护费用一年大概多少？', '维护费第一年是包含在里面的，后面每年大概是合同额的百分之{percent}。'],
  ['合同一般签几年？', '一般是一签三年，也可以先签一年，看您那边的情况。'],
  ['付款方式是怎么样的？能不能分几次付？', '付款可以按三三四来，到货付三成，验收付三成，剩下的一年后付。'],
  [
    '{product}跟我们现在的系统能兼容吗？',
    '兼容这个我们做过很多次了，{sameProduct}的接口是现成的，不用您那边改。',
  ],
  ['你们公司在{city}有办事处吗？', '我们在{sameCity}有办事处，有六七个人，常驻的工程师就有三个。'],
  ['{product}一般能用多少年？', '正常使用的话{sameProduct}用个八到十年没问题，我们有客户用了十二年还在用。'],
  ['你们能不能出一份详细的配置清单？', '可以，我回去让技术同事按您的情况出一份配置清单，连报价一起发您。'],
];

type ObjectionKind = ObjectionType;
const OBJECTION_KINDS: readonly ObjectionKind[] = OBJECTION_TYPES;

const OBJECTIONS: Record<ObjectionKind, readonly string[]> = {
  price: [
    '你们这个价格也太贵了，{price}万我们根本批不下来。',
    '今年预算本来就紧，超预算的肯定不行。',
    '能不能再便宜点？{competitor}那边报的比你们低不少。',
    '这个价格比我们预期的高了差不多百分之{percent}。',
    '贵了，真的贵了，能不能打个折？',
  ],
  timing: [
    '这事不着急，我们明年再说吧。',
    '最近事情太多了，等忙过这阵再考虑考虑。',
    '现在真没时间弄这个，下半年再看看。',
    '先等等看吧，上面的政策还没定。',
  ],
  authority: [
    '这个我做不了主，得跟{approver}汇报。',
    '最后还是要{approver}批的，我说了不算。',
    '采购这块是{approver}定的，我只能帮你递个材料。',
    '这种金额的得上会讨论，{approver}也要签字。',
  ],
  need: [
    '我们现在用的这套还挺好的，暂时用不上新的。',
    '说实话我们不太需要这么多功能。',
    '已经有了一套了，没必要再上。',
    '现在挺好的，没觉得有什么问题。',
  ],
  competitor: [
    '我们一直在用{competitor}的，用惯了，不太想换。',
    '我们对比了几家，{competitor}的方案看着更合适。',
    '{competitor}上周刚来过，价格给得挺低的。',
    '别家更便宜，功能也差不多。',
  ],
  trust: [
    '说实话你们公司我之前没怎么听说过。',
    '我就担心质量，万一用两年就坏了怎么办？',
    '你们售后怎么保障？之前被别的厂家坑过。',
    '你们有没有做过我们这种规模的案例？',
  ],
  delivery: [
    '交付周期这么长啊，我们等不了那么久。',
    '{month}月份之前必须要{deliveryItem}，你们来得及吗？',
    '安装会不会很麻烦？我们这边不能停。',
    '上次别家实施拖了三个月，我们是真怕了。',
  ],
};

const HANDLE_ACK = [
  '理解理解，',
  '您说得对，',
  '确实，这个顾虑很正常，',
  '明白，很多客户一开始也有这个顾虑，',
  '嗯，我能理解，',
];
const HANDLE_CLARIFY = [
  '方便问一下，您主要是担心哪个方面？',
  '您心里大概的预算是多少呢？',
  '您说的这个，具体是指哪个环节？',
  '是{approver}那边有顾虑，还是流程上的问题？',
];
const HANDLE_REFRAME = [
  '不过您算一下长期成本，{product}一年能帮您省下{price}万左右。',
  '从性价比来看，其实综合下来我们并不贵。',
  '这个投入一般一年半左右就能回本。',
  '您看，省下来的人工和维修费用其实就把差价补上了。',
];
const HANDLE_ALTERNATIVE = [
  '我们也有基础版的配置，价格能下来不少。',
  '如果一次性压力大的话，可以分期或者租赁。',
  '我们可以先从{scope}做起，后面再慢慢扩展。',
  '要不换个型号，功能够用，价格也合适。',
];
const HANDLE_EVIDENCE = [
  '像{case}就是这种情况，用了以后{metric}。',
  '我可以给您发几份客户的使用数据看看。',
  '我们可以先给您放一台样机试用一个月。',
  '{case}的负责人您也可以直接打电话问问。',
];
const HANDLE_SPECIFIC: Record<ObjectionKind, readonly string[]> = {
  price: ['价格这块我回去跟领导再申请一下。', '我们这个季度正好有个活动，力度还可以。'],
  timing: ['没关系，那我先把资料发给您，您有空的时候看看。', '不着急，不过提前规划的话明年排期会主动一些。'],
  authority: [
    '那要不我准备一份材料，您帮我约一下{approver}，我们当面汇报一下？',
    '没问题，需要什么材料您跟我说，我这边配合。',
  ],
  need: ['其实刚才您提到的{echo}，就是我们能帮上忙的地方。', '不一定要全上，先看哪块最急。'],
  competitor: [
    '{competitor}也是好品牌，不过在{feature}上我们确实有优势。',
    '您可以把两家的方案放一起比一比。',
  ],
  trust: ['我们做这行已经十几年了，{city}这边有本地售后。', '合同里我们可以把响应时间和赔付都写清楚。'],
  delivery: ['{product}我们{city}仓库有现货，一般两周就能到。', '安装可以安排在周末，不影响您正常工作。'],
};
const CUSTOMER_REACTION_OK = [
  '嗯，这样的话倒是可以考虑。',
  '那你先发个方案过来我看看。',
  '行吧，我跟{approver}商量一下。',
  '这个可以，你把资料整理一下发我。',
  '听起来还行，试用的话可以先试试。',
];
const CUSTOMER_REACTION_DOUBT = [
  '这个我得再想想。',
  '还是有点犹豫，回头再说吧。',
  '嗯，道理是这个道理，但是我们情况不一样。',
];

const NEXT_STEP = [
  '那这样，我{date}把详细方案和报价发到您邮箱，您看可以吗？',
  '要不我们约一下{date}，我带工程师过去给您做个现场演示？',
  '我先给您寄一台样机，您那边试用两周，怎么样？',
  '那我回去跟领导申请一下价格，{date}之前给您回复。',
  '您看{date}{dayPart}方便吗？我把给{approver}的汇报材料也准备好。',
  '我今天先把合同模板发您，您让法务那边先看一下，好吗？',
];
const CUSTOMER_ACCEPT = [
  '行，{date}可以，你提前跟我确认一下。',
  '可以，你先发过来吧。',
  '好的，到时候我叫上{approver}一起。',
  '那就这么定了，样机到了你跟我说一声。',
  '嗯，{dayPart}我应该在，你过来之前打个电话。',
];
const CLOSING_REP = [
  '好的，那今天就先不打扰您了，有什么问题随时微信联系我。',
  '谢谢{name}，那我们{date}见。',
  '好嘞，那我这边就按刚才说的准备，辛苦您了。',
];
const CLOSING_CUSTOMER = ['好，再见。', '行，先这样。', '好的好的，拜拜。', '嗯，辛苦了，再见。'];

const EXT_REP = [
  '说实话，',
  '这个您放心。',
  '我们做这块已经{years}年了。',
  '这个我回头可以把资料发给您。',
  '您那边有什么想法也可以随时跟我说。',
  '其实这也是很多客户都在关心的问题。',
  '我跟您说一下大概的情况。',
  '我们{city}这边也有好几家客户在用。',
  '当然具体还要看您那边的实际情况。',
  '这个我们之前也碰到过类似的。',
  '我顺便问一下，',
  '您别嫌我啰嗦，',
  '跟您实话实说，',
  '这一块我们是有专门团队在跟的。',
  '我们的工程师在{city}常驻，过去也就半个小时。',
  '去年{case}也是差不多的情况。',
  '这个也是我们今年重点在推的。',
  '我刚才看了一下我们的系统，',
  '您要是觉得有必要，我可以把技术同事也拉进来。',
  '{product}这块我们做得比较早。',
  '这个回头我让同事整理一份对比表给您。',
  '我这边也记一下，',
  '不好意思刚才信号不太好，',
  '我再补充一点，',
];
const EXT_CUSTOMER = [
  '我们这边情况比较特殊。',
  '你也知道现在各家都在控制成本。',
  '这个事情我之前也跟同事聊过。',
  '领导那边也一直在问。',
  '反正就是挺麻烦的。',
  '具体的我还得问一下下面的人。',
  '去年就提过一次，后来没弄成。',
  '我们{dept}的人也一直在反映。',
  '说是说，真要做起来也不容易。',
  '我跟你说实话，',
  '你别看我们规模不大，',
  '上个月还因为这个开了个会。',
  '{approver}也过问过几次。',
  '我们{dept}就那么几个人。',
  '这个我得看一下去年的数据。',
  '我印象中是{years}年前买的。',
  '年底了大家都比较忙。',
  '我们旁边那家用的是{competitor}的。',
  '你们之前好像也联系过我们。',
  '这事拖了挺久了。',
  '我也是刚接手这一块，',
  '这个你们应该比我清楚。',
  '反正我们的要求就一条，要稳定。',
  '你说的这些我大概明白。',
];

// ---------------------------------------------------------------------------------------------
// Composition

type Speaker = 'rep' | 'customer';

interface Turn {
  speaker: Speaker;
  text: string;
  /** The turn answers a customer objection (reps pause longer before these). */
  afterObjection?: boolean;
  /** A short backchannel, spoken quickly. */
  short?: boolean;
}

/** Chinese numerals for 0-9999, the way ASR often writes spoken numbers. */
function chineseNumber(n: number): string {
  if (n < 10) return CN_DIGITS[n]!;
  const units = ['', '十', '百', '千'];
  const digits = String(n).split('').map(Number);
  let out = '';
  let zero = false;
  digits.forEach((d, i) => {
    const unit = units[digits.length - 1 - i]!;
    if (d === 0) {
      zero = true;
      return;
    }
    if (zero && out) out += '零';
    zero = false;
    out += (d === 1 && unit === '十' && i === 0 ? '' : CN_DIGITS[d]!) + unit;
  });
  return out;
}

class Composer {
  readonly dice: Dice;
  readonly vocab: IndustryVocab;
  readonly city: string;
  readonly city2: string;
  readonly name: string;
  readonly repName: string;
  readonly vendor: string;
  readonly company: string;
  readonly mainProduct: string;
  readonly mainCompetitor: string;
  readonly mainApprover: string;
  readonly fillerRate: number;
  readonly unpunctuatedRate: number;
  lastPain: string;
  /** The last value each slot drew, for `{sameX}` slots. */
  private readonly last = new Map<string, string>();
  /** Small talk still to use (each topic once per call). */
  readonly smallTalk: (readonly [string, string])[];
  /** Objections still to raise: a call has a handful, not one per minute. */
  readonly objections: ObjectionKind[];

  constructor(dice: Dice, vocab: IndustryVocab) {
    this.dice = dice;
    this.vocab = vocab;
    const [city, city2] = dice.sample(CITIES, 2) as [string, string];
    this.city = city;
    this.city2 = city2;
    const surname = dice.pick(SURNAMES);
    this.name = `${surname}${dice.pick(vocab.titles)}`;
    this.repName = `小${dice.pick(SURNAMES.filter((s) => s !== surname))}`;
    this.vendor = dice.pick(vocab.vendors);
    this.company = dice
      .pick(vocab.companies)
      .replace('{city}', city)
      .replace('{brand}', dice.pick(vocab.brandWords));
    this.mainProduct = dice.pick(vocab.products);
    this.mainCompetitor = dice.pick(vocab.competitors);
    this.mainApprover = dice.pick(vocab.approvers);
    this.fillerRate = 0.15 + dice.next() * 0.25;
    this.unpunctuatedRate = 0.1 + dice.next() * 0.25;
    this.lastPain = dice.pick(vocab.pains);
    this.smallTalk = dice.sample(SMALL_TALK, dice.int(2, 4));
    // Repeats allowed: a customer who raises price twice is a realistic (unresolved) pattern.
    this.objections = Array.from({ length: dice.int(5, 10) }, () =>
      dice.weighted(OBJECTION_KINDS, [4, 2, 2, 1, 2, 2, 2]),
    );
  }

  fill(template: string): string {
    return template.replace(/\{(\w+)\}/g, (_, slot: string) => this.slot(slot));
  }

  private slot(name: string): string {
    if (name.startsWith('same')) {
      const key = name.charAt(4).toLowerCase() + name.slice(5);
      return this.last.get(key) ?? this.slot(key);
    }
    const value = this.draw(name);
    this.last.set(name, value);
    return value;
  }

  private draw(name: string): string {
    const d = this.dice;
    const v = this.vocab;
    switch (name) {
      case 'name':
        return this.name;
      case 'repName':
        return this.repName;
      case 'vendor':
        return this.vendor;
      case 'company':
        return this.company;
      case 'city':
        return d.chance(0.7) ? this.city : d.pick(CITIES);
      case 'city2':
        return this.city2;
      case 'region':
        return d.pick(['华东', '华中', '华南', '西南', `${this.city}`, '江浙']);
      case 'event':
        return d.pick(EVENTS);
      case 'dept':
        return d.pick(v.depts);
      case 'topic':
        return d.pick(v.topics);
      case 'product':
        return d.chance(0.55) ? this.mainProduct : d.pick(v.products);
      case 'product2':
        return d.pick(v.products.filter((p) => p !== this.mainProduct));
      case 'feature':
        return d.pick(v.features);
      case 'feature2':
        return d.pick(v.features.filter((f) => f !== this.last.get('feature')));
      case 'benefit':
        return d.pick(v.benefits);
      case 'pain': {
        this.lastPain = d.pick(v.pains);
        return this.lastPain;
      }
      case 'echo':
        return this.lastPain;
      case 'want':
        return d.pick(v.wants);
      case 'competitor':
        return d.chance(0.65) ? this.mainCompetitor : d.pick(v.competitors);
      case 'approver':
        return d.chance(0.6) ? this.mainApprover : d.pick(v.approvers);
      case 'case':
        return this.fill(d.pick(v.cases));
      case 'metric':
        return this.fill(d.pick(METRIC));
      case 'workload':
        return v.workload;
      case 'unit':
        return v.unit;
      case 'qty':
        return this.count(d.int(v.qty[0], v.qty[1]));
      case 'qty2':
        return this.count(d.int(2, 90) * 10);
      case 'price':
      case 'price2':
        return this.count(d.int(v.price[0], v.price[1]));
      case 'percent':
        return this.number(d.int(8, 45));
      case 'years':
        return this.count(d.int(2, 8));
      case 'hours':
        return this.count(d.pick([2, 4, 8, 24, 48]));
      case 'month':
        return this.number(d.int(1, 12));
      case 'deliveryItem':
        return d.pick(v.deliveryItem);
      case 'scope':
        return d.pick(v.scope);
      case 'process':
        return d.pick(v.process);
      case 'date':
        return this.date();
      case 'dayPart':
        return d.pick(DAY_PARTS);
      default:
        throw new Error(`unknown template slot {${name}}`);
    }
  }

  private number(n: number): string {
    return this.dice.chance(0.5) ? String(n) : chineseNumber(n);
  }

  /** A quantity: spoken 2 before a measure word is 两, not 二. */
  private count(n: number): string {
    const s = this.number(n);
    return s === '二' ? '两' : s;
  }

  private date(): string {
    const d = this.dice;
    switch (d.int(0, 4)) {
      case 0:
        return `下${d.pick(WEEKDAYS)}`;
      case 1:
        return `这${d.pick(WEEKDAYS)}`;
      case 2:
        return `${this.number(d.int(1, 12))}月${this.number(d.int(1, 28))}号`;
      case 3:
        return d.pick(['明天', '后天', '明天上午', '后天下午']);
      default:
        return `下${d.pick(WEEKDAYS)}${d.pick(DAY_PARTS)}`;
    }
  }

  /**
   * One utterance: an optional filler, the core phrase and, when the running character budget
   * asks for it, elaboration sentences (before a question, after a statement).
   */
  utter(speaker: Speaker, core: string, desired: number): string {
    const d = this.dice;
    let text = this.fill(core);
    const pool = speaker === 'rep' ? EXT_REP : EXT_CUSTOMER;
    for (let i = 0; i < 3 && [...text].length < desired * 0.85; i++) {
      const ext = this.fill(d.pick(pool));
      // Lead-ins ending in a comma only go in front; anything goes in front of a question.
      if (/？$/.test(text) || ext.endsWith('，') || d.chance(0.3)) text = `${ext}${text}`;
      else text = `${text}${ext}`;
    }
    if (d.chance(this.fillerRate)) text = `${d.pick(FILLERS)}${text}`;
    // ASR hesitations inside a sentence: 呃 or 那个 after a comma.
    if (d.chance(this.fillerRate / 2)) {
      text = text.replace('，', d.pick(['，呃，', '，那个，', '，就是说，']));
    }
    if (d.chance(this.unpunctuatedRate)) text = text.replace(/[，。？！、；：]/g, '');
    return text;
  }

  backchannel(speaker: Speaker): string {
    const word = this.dice.pick(speaker === 'rep' ? BACKCHANNEL_REP : BACKCHANNEL_CUSTOMER);
    return this.dice.chance(this.unpunctuatedRate) ? word : `${word}。`;
  }

  handling(kind: ObjectionKind): string {
    const d = this.dice;
    const parts: string[] = [];
    if (d.chance(0.7)) parts.push(d.pick(HANDLE_ACK));
    const techniques = d.sample(
      [HANDLE_CLARIFY, HANDLE_REFRAME, HANDLE_ALTERNATIVE, HANDLE_EVIDENCE, HANDLE_SPECIFIC[kind]],
      d.int(1, 2),
    );
    // A clarifying question reads naturally only at the end.
    techniques.sort((a, b) => (a === HANDLE_CLARIFY ? 1 : 0) - (b === HANDLE_CLARIFY ? 1 : 0));
    for (const t of techniques) parts.push(d.pick(t));
    return parts.join('');
  }
}

// ---------------------------------------------------------------------------------------------
// Call structure

type Phase = 'smalltalk' | 'discovery' | 'solution' | 'objection' | 'closing';

/** Phase weights by position in the call (0 = start, 1 = end): calls drift, they do not jump. */
function phaseAt(dice: Dice, progress: number): Phase {
  const phases: Phase[] = ['smalltalk', 'discovery', 'solution', 'objection', 'closing'];
  const bump = (centre: number, width: number) => Math.max(0, 1 - Math.abs(progress - centre) / width);
  const weights = [
    0.04 + 2 * bump(0.04, 0.06),
    bump(0.22, 0.22) * 3,
    bump(0.5, 0.22) * 3,
    bump(0.72, 0.2) * 3,
    progress > 0.85 ? 1 : 0.02,
  ];
  return dice.weighted(phases, weights);
}

/** A cheap backchannel-like interjection from the other side (consecutive turns stay common). */
function maybeBackchannel(c: Composer, turns: Turn[], speaker: Speaker, p: number): void {
  if (c.dice.chance(p)) turns.push({ speaker, text: c.backchannel(speaker), short: true });
}

function beat(c: Composer, phase: Phase, budget: () => number): Turn[] {
  const d = c.dice;
  const out: Turn[] = [];
  const say = (speaker: Speaker, template: string, scale = 1, afterObjection = false) => {
    const desired = Math.min(95, Math.max(8, budget() * scale * (0.6 + d.next() * 0.8)));
    out.push({
      speaker,
      text: c.utter(speaker, template, desired),
      ...(afterObjection ? { afterObjection } : {}),
    });
  };
  switch (phase) {
    case 'smalltalk': {
      const pair = c.smallTalk.pop();
      if (!pair) return beat(c, 'discovery', budget);
      say('rep', pair[0], 0.8);
      say('customer', pair[1], 0.8);
      maybeBackchannel(c, out, 'rep', 0.4);
      break;
    }
    case 'discovery': {
      const open = d.chance(0.6);
      say('rep', d.pick(open ? Q_OPEN : Q_CLOSED), 0.8);
      const answer = d.weighted([CUSTOMER_PAIN, CUSTOMER_WANT, CUSTOMER_FACT], [4, 2, 3]);
      say('customer', d.pick(answer), 1.3);
      const followUp = d.next();
      if (answer === CUSTOMER_PAIN && followUp < 0.35) {
        say('rep', d.pick(RESTATE));
        say('customer', d.pick(CUSTOMER_CONFIRM), 0.7);
      } else if (answer === CUSTOMER_PAIN && followUp < 0.6) {
        say('rep', d.pick(Q_PROBE), 0.9);
        say('customer', d.pick([...CUSTOMER_FACT, ...CUSTOMER_PAIN]), 1.2);
      } else if (d.chance(0.25)) {
        // The customer keeps going: a consecutive turn after a short rep nod.
        maybeBackchannel(c, out, 'rep', 0.6);
        say('customer', d.pick(CUSTOMER_FACT), 1.2);
      }
      break;
    }
    case 'solution': {
      say('rep', d.pick(SOLUTION), 1.4);
      if (d.chance(0.3)) say('rep', d.pick(SOLUTION), 1.2);
      if (d.chance(0.55)) {
        const [question, answer] = d.pick(QA);
        say('customer', question, 0.8);
        say('rep', answer, 1.2);
      } else {
        maybeBackchannel(c, out, 'customer', 0.8);
      }
      break;
    }
    case 'objection': {
      const kind = c.objections.pop();
      if (!kind) {
        // Objections used up: the middle of the call goes on with questions and details.
        if (d.chance(0.5)) return beat(c, d.pick(['solution', 'discovery'] as const), budget);
        const [question, answer] = d.pick(QA);
        say('customer', question, 0.8);
        say('rep', answer, 1.2);
        break;
      }
      say('customer', d.pick(OBJECTIONS[kind]), 1.1);
      say('rep', c.handling(kind), 1.3, true);
      if (d.chance(0.3)) {
        const [question, answer] = d.pick(QA);
        say('customer', question, 0.8);
        say('rep', answer, 1.1);
      } else {
        say('customer', d.pick(d.chance(0.7) ? CUSTOMER_REACTION_OK : CUSTOMER_REACTION_DOUBT), 0.9);
        if (d.chance(0.35)) say('rep', d.pick(SOLUTION), 1.1);
      }
      break;
    }
    case 'closing': {
      say('rep', d.pick(NEXT_STEP));
      say('customer', d.pick(d.chance(0.8) ? CUSTOMER_ACCEPT : CUSTOMER_REACTION_DOUBT), 0.8);
      maybeBackchannel(c, out, 'rep', 0.5);
      break;
    }
  }
  return out;
}

function chars(text: string): number {
  return [...text].length;
}

/**
 * Generates one call. The same (seed, industry) always gives the same document; different seeds
 * give different texts. Roughly 300 utterances, 9,000 characters and 30 minutes.
 */
export function generateCall(seed: number, industry: string): TranscriptInput {
  if (!(GENERATOR_INDUSTRIES as readonly string[]).includes(industry)) {
    throw new Error(`unknown industry "${industry}"; known: ${GENERATOR_INDUSTRIES.join(', ')}`);
  }
  const vocab = VOCAB[industry as GeneratorIndustry];
  const dice = new Dice((Math.imul(seed, 0x9e3779b1) ^ hashString(industry)) >>> 0);
  const c = new Composer(dice, vocab);

  const targetUtterances = dice.int(284, 306);
  const targetChars = dice.int(8_600, 9_400);
  const turns: Turn[] = [];
  let total = 0;
  const budget = () => {
    const left = Math.max(1, targetUtterances + 6 - turns.length);
    return Math.max(6, (targetChars - total) / left);
  };
  const push = (list: Turn[]) => {
    for (const t of list) {
      turns.push(t);
      total += chars(t.text);
    }
  };
  // Opening and goodbye are said as written: no elaboration.
  const say = (speaker: Speaker, template: string) => {
    const text = c.utter(speaker, template, 0);
    push([{ speaker, text }]);
  };

  say('rep', dice.pick(OPENING_INTRO));
  if (dice.chance(0.5)) push([{ speaker: 'customer', text: c.backchannel('customer'), short: true }]);
  say('rep', `${dice.pick(OPENING_PURPOSE)}${dice.pick(OPENING_PERMISSION)}`);
  say('customer', dice.pick(OPENING_CUSTOMER));

  while (turns.length < targetUtterances) {
    const phase = phaseAt(dice, turns.length / targetUtterances);
    push(beat(c, phase, budget));
  }
  push(beat(c, 'closing', budget));
  say('rep', dice.pick(CLOSING_REP));
  say('customer', dice.pick(CLOSING_CUSTOMER));

  return {
    externalId: `bench-${industry}-${seed}`,
    repId: `rep-${seed % 7}`,
    industry,
    occurredAt: occurredAt(dice),
    customer: { name: c.name, company: c.company, tier: dice.pick(['A', 'B', 'C'] as const) },
    utterances: timeTurns(dice, turns),
  };
}

function occurredAt(dice: Dice): string {
  const day = new Date(Date.UTC(2026, 0, 5) + dice.int(0, 180) * 86_400_000);
  const hh = String(dice.int(9, 17)).padStart(2, '0');
  const mm = String(dice.int(0, 11) * 5).padStart(2, '0');
  return `${day.toISOString().slice(0, 10)}T${hh}:${mm}:00+08:00`;
}

/**
 * Times from speaking rates and pauses (longer before objection answers, occasional interruptions),
 * then scaled so the call lasts 28-32 minutes.
 */
function timeTurns(dice: Dice, turns: readonly Turn[]): TranscriptInput['utterances'] {
  const raw: { start: number; end: number }[] = [];
  let prevStart = 0;
  let prevEnd = 0;
  turns.forEach((t, i) => {
    const msPerChar = (t.speaker === 'rep' ? 190 : 215) * (0.85 + dice.next() * 0.3);
    const duration = Math.round(chars(t.text) * msPerChar + (t.short ? 120 : 350));
    const prev = turns[i - 1];
    let gap: number;
    if (!prev) gap = 0;
    else if (prev.speaker === t.speaker) gap = dice.int(150, 700);
    else if (t.afterObjection) gap = dice.int(500, 4_500);
    else if (dice.chance(0.04)) gap = dice.int(2_000, 5_000);
    else gap = dice.int(250, 1_300);
    let start = prevEnd + gap;
    // People interrupt: the customer sometimes starts before a long rep turn has ended.
    if (prev && prev.speaker !== t.speaker && dice.chance(0.03)) {
      start = Math.max(prevStart + 1, prevEnd - dice.int(200, 900));
    }
    raw.push({ start, end: start + duration });
    prevStart = start;
    prevEnd = Math.max(prevEnd, start + duration);
  });
  const last = raw.reduce((m, r) => Math.max(m, r.end), 1);
  const scale = dice.int(28 * 60_000, 32 * 60_000) / last;
  return turns.map((t, i) => {
    const r = raw[i]!;
    const start = Math.round(r.start * scale);
    return {
      id: `u${i + 1}`,
      speaker: t.speaker,
      start,
      end: Math.max(start, Math.round(r.end * scale)),
      text: t.text,
    };
  });
}

/** `n` distinct calls, industries in turn, seeds 1…n. */
export function generateCalls(n: number): TranscriptInput[] {
  const calls: TranscriptInput[] = [];
  for (let i = 0; i < n; i++) {
    calls.push(generateCall(i + 1, GENERATOR_INDUSTRIES[i % GENERATOR_INDUSTRIES.length]!));
  }
  return calls;
}
