/**
 * Where a score item's target comes from, in Chinese. The scorecards (lexicons/scorecards/*.yaml)
 * cite their sources partly in English; the reviewed translations live here so a rep never reads
 * "team default: …". Changing the yaml text would change the scorecard version, hence a table.
 */
const SOURCE_ZH: Record<string, string> = {
  'behaviours.md: opening = self-introduction, purpose, permission':
    '行为规范：开场包括自我介绍、说明来意、征得同意',
  'behaviours.md: next_step = concrete action proposed or confirmed':
    '行为规范：提出或确认一个具体的下一步行动',
  'behaviours.md: next step with a concrete date': '行为规范：下一步带有具体日期',
  'behaviours.md: an objection is handled when its response uses at least one technique':
    '行为规范：对异议的回应用到至少一种处理技巧，才算处理了异议',
  'team default: customer holds >= 30% of speaking time in the first 2 minutes':
    '团队默认：前 2 分钟客户说话时间至少占 30%',
  "team default: at least half of the rep's questions open": '团队默认：销售的提问至少一半是开放式提问',
  'team default: 85% of restatements accurate': '团队默认：85% 的复述准确',
  'team default: 80% of implicit needs followed up within two rep utterances':
    '团队默认：80% 的隐性需求在销售随后两次发言内被追问或复述',
  'team default: 70% of stated needs answered with a concrete product, feature, benefit or case':
    '团队默认：70% 的客户需求在销售随后 3 次发言内得到具体产品、功能、价值或案例的回应',
  'team default: at least one case, data point or trial offered per call':
    '团队默认：每通电话至少给出一个案例、数据或试用',
  'team default: an alternative offered for half of the objections': '团队默认：一半的异议给出备选方案',
  'team default: a clarifying question for half of the objections': '团队默认：一半的异议先澄清提问',
  'team default: 60% of objections resolved (convention 9)': '团队默认：60% 的异议在通话中化解',
  'team default: the rep asks the customer to confirm the next step or a decision':
    '团队默认：销售请客户确认下一步或做出决定',
  'team default: site constraints (space, shielding, sterilisation) decide hospital purchases':
    '团队默认：空间、屏蔽、消毒等现场条件决定医院采购，隐性需求必须追问',
  'team default: shop owners talk between customers; keep pitches short':
    '团队默认：店主在招呼顾客的间隙接电话，讲解要短',
  'team default: licences, cases and data answer trust objections in finance':
    '团队默认：金融行业靠资质、案例和数据回应信任异议',
  'team default: device demos by phone need longer explanations; Gong Labs 9-minute pitch ceiling kept as zeroAt':
    '团队默认：电话里讲解设备需要更长时间；仍以 Gong Labs 研究的 9 分钟讲解上限作为归零点',
  'team default: board approvals rarely resolve in one call': '团队默认：校董会等审批很少在一通电话内化解',
  'team default: a trial account or customer case in every call':
    '团队默认：每通电话都给出试用账号或客户案例',
  'Gong Labs: top reps pause about 5x longer after an objection than average reps; team band 1-5 s':
    'Gong Labs 研究：顶尖销售在异议后的停顿约为普通销售的 5 倍；团队取 1–5 秒',
  'Gong Labs: company overview <= 2 min, pitch segment <= 9 min (zero at 9 min)':
    'Gong Labs 研究：公司介绍不超过 2 分钟，讲解不超过 9 分钟（9 分钟记 0 分）',
  'Gong Labs: 11-14 rep questions in a discovery call; scaled to call length (30-minute reference)':
    'Gong Labs 研究：需求挖掘通话中销售提问 11–14 个最好；按通话时长折算（以 30 分钟为基准）',
  'Gong Labs 11-14 questions; technical selection needs the upper half (team default)':
    'Gong Labs 研究：提问 11–14 个最好；技术选型通话取区间上半段（团队默认）',
};

/** Latin words other than the brand names we keep as they are. */
const LATIN_WORD = /[A-Za-z]{2,}/g;
const KEPT = new Set(['Gong', 'Labs', 'SaaS', 'IT', 'HR', 'POC', 'GSP', 'SOP', 'SCRM', 'CRM', 'BI', 'OA']);

/** True when the text still has a Latin word that is not a kept brand or acronym. */
export function hasForeignWords(text: string): boolean {
  return (text.match(LATIN_WORD) ?? []).some((w) => !KEPT.has(w));
}

/**
 * The source of a score item in Chinese. A source with no reviewed translation that is not
 * Chinese already is summarised by its kind; the original stays available as a tooltip.
 */
export function sourceName(source: string): string {
  const known = SOURCE_ZH[source.trim()];
  if (known) return known;
  if (!hasForeignWords(source)) return source;
  if (/^team default/i.test(source)) return '团队默认目标（说明待翻译）';
  if (/^Gong Labs/i.test(source)) return 'Gong Labs 公开研究（说明待翻译）';
  if (/^behaviours\.md/i.test(source)) return '行为规范（说明待翻译）';
  return '评分卡设定（说明待翻译）';
}

export const SOURCE_TRANSLATIONS: Readonly<Record<string, string>> = SOURCE_ZH;
