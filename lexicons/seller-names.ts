/**
 * The seller's own words for its trade, as reps introduce themselves on a call (我是宏拓化工的姚磊,
 * 我们是做人力资源外包的): the words Chinese company names use for a trade (化工, 制药, 物流, 人力…).
 * The label of a call is the seller's industry, and the customer often talks mostly about their own
 * trade (a payment company selling to a restaurant hears about 收钱吧 and 美团收银), so the one
 * sentence where the rep names their company says more than many overlay terms.
 *
 * Written from how companies in each trade are commonly named, not from the labelled calls; a word
 * naming two trades is listed under both and counts less (its specificity is shared).
 */
export const SELLER_NAME_WORDS: Readonly<Record<string, readonly string[]>> = {
  medical_devices: ['医疗器械', '医疗设备', '医疗', '医械', '医学影像', '康复'],
  pharma: ['医药', '制药', '药业', '药品', '生物制药'],
  education_equipment: ['教育装备', '教学设备', '教育科技', '教育', '教仪'],
  saas: ['软件', 'SAAS'],
  manufacturing: ['自动化', '机器人', '智能装备', '智能制造', '工控', '电气'],
  retail: ['零售', '商超', '商业设备', '货架'],
  finance: ['支付', '保险', '银行', '金融', '证券', '信托', '基金', '融资租赁', '保理', '人寿', '财险'],
  auto_parts: ['汽配', '汽车零部件', '汽车部件', '汽车电子', '汽车配件'],
  precision_machining: ['精密', '精工', '机械加工', '机加工', '模具', '五金'],
  new_energy: ['新能源', '储能', '光伏', '锂电', '能源'],
  fmcg: ['食品', '饮料', '饮品', '日化', '乳业', '酒业', '快消'],
  building_materials: ['建材', '涂料', '防水', '管业', '陶瓷', '门窗', '水泥', '石材', '板材'],
  logistics: ['物流', '快运', '快递', '供应链', '仓配', '速运', '运输', '货运'],
  it_infrastructure: ['信息技术', '网络', '数据', '系统集成', '计算机', '数据中心'],
  security_systems: ['安防', '监控', '安全技术', '消防'],
  chemicals: ['化工', '化学', '化学品', '新材料', '树脂', '助剂'],
  agriculture: ['农业', '农资', '农机', '种业', '肥业', '化肥', '农化', '植保', '种苗', '农牧'],
  hr_services: ['人力资源', '人力', '劳务', '灵工', '灵活用工', '猎头', '人才'],
  marketing_services: ['传媒', '广告', '营销', '传播', '数字营销'],
  commercial_real_estate: ['地产', '置业', '产业园', '园区', '商业管理', '不动产'],
  telecom_enterprise: ['移动', '联通', '电信', '通信', '政企', '广电'],
};

/** Rep turns searched for the self-introduction. */
export const INTRODUCTION_REP_TURNS = 3;

/**
 * The seller's self-description in a rep turn: the company after 我是/我们是/这边是 up to 的 (我是宏拓化工的,
 * 我们是汇通支付), and what the company does after 做 (我们是做人力资源外包的, 主要做储能). Spans are short
 * so a whole sentence about the customer's trade is not read as the seller's name.
 */
const INTRODUCTION =
  /(?:我是|我们是|我这边是|这边是|我们这边是|我们公司是)(?!做|提供)(.{2,10}?)(?:的|公司|，|,|。|$)|(?:做|提供)(.{2,12}?)(?:的|服务|，|,|。|$)/g;

/** The parts of a rep turn where the seller names or describes itself. */
export function introductionSpans(text: string): string[] {
  const spans: string[] = [];
  for (const m of text.matchAll(INTRODUCTION)) {
    const span = m[1] ?? m[2];
    if (span) spans.push(span);
  }
  return spans;
}
