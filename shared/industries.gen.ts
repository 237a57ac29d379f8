/**
 * generated — do not edit. `npm run gen:industries` writes this file from the `shortName` of
 * each lexicons/industries/*.yaml; shared/labels-zh.ts serves it as INDUSTRY_ZH.
 */

/** Short industry names for lists and tags, by lexicon id (every shipped industry lexicon). */
export const INDUSTRY_SHORT_NAMES: Readonly<Record<string, string>> = {
  agriculture: '农资农机',
  auto_parts: '汽车零部件',
  building_materials: '建材',
  chemicals: '化工原料',
  commercial_real_estate: '商业地产招商',
  education_equipment: '教育装备',
  finance: '企业金融服务',
  fmcg: '快消品',
  hospital_base: '医院通用（共享基底）',
  hr_services: '人力资源服务',
  it_infrastructure: 'IT 基础设施',
  logistics: '物流供应链',
  manufacturing: '制造业自动化',
  manufacturing_base: '制造业通用（共享基底）',
  marketing_services: '营销服务',
  medical_devices: '医疗器械',
  new_energy: '新能源',
  pharma: '医药',
  precision_machining: '精密机加工',
  retail: '零售门店',
  saas: '企业 SaaS',
  security_systems: '安防',
  telecom_enterprise: '运营商政企业务',
};
