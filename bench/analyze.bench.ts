/**
 * Analysis throughput and memory benchmark: `npm run build && npm run bench:analyze`.
 *
 * Speed: 24 distinct generated 30-minute calls, analysed in turn for several rounds (every
 * `analyze()` recomputes), against plain jieba segmentation of the same utterance texts.
 * Memory: RSS of three child processes, each measuring one configuration from a clean start.
 * Prints a table and a final `BENCH_JSON {…}` line. Figures are printed, never asserted.
 */
import { spawnSync } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { type CompiledLexicon, compileLexicon } from '../lexicons/lexicon.compile.js';
import { checkLexiconDocument } from '../lexicons/lexicon.loader.js';
import { defaultLexiconDir, LexiconRegistry } from '../lexicons/lexicon.registry.js';
import {
  INDUSTRY_CATEGORIES,
  type LexiconDocument,
  type TTerm,
  ZLexiconDocument,
} from '../lexicons/lexicon.schema.js';
import { parseTranscript, type Transcript } from '../models/transcript.js';
import { Analyzer } from '../pipeline/analyzer.js';
import { loadSecondStage } from '../pipeline/learned/second-stage.js';
import type { CallAnalysis } from '../pipeline/nlp/analyze.core.js';
import { createJiebaSegmenter } from '../pipeline/nlp/jieba.js';
import { mulberry32 } from '../shared/seeded-random.js';
import { printTable, quantile, round2, status, TARGET_TABLE_HEADER } from './bench-support.js';
import { GENERATOR_INDUSTRIES, generateCall, generateCalls } from './call-generator.js';

const CALLS = 24;
const ROUNDS = Number(flag('rounds') ?? 8);
const EXTRA_LEXICONS = 21;
const TERMS_PER_LEXICON = 5_000;

const TARGET_RATIO = 2;
const TARGET_CALLS_PER_SECOND = 200;
const TARGET_EXTRA_MB = 200;

/** `base` (modules loaded, no jieba) only puts (a) in context: jieba's dictionary dominates it. */
type RssMode = 'base' | 'jieba' | 'six' | '21';
const RSS_MODES: readonly RssMode[] = ['base', 'jieba', 'six', '21'];

interface RssReport {
  mode: RssMode;
  /** Objects held until the reading (reported so they stay reachable until then). */
  kept: number;
  rssMb: number;
  heapUsedMb: number;
  externalMb: number;
  extraLexicons?: { lexicons: number; terms: number; surfaces: number };
  /** Shipped industry lexicons compiled and held (every industry, not only the generator's). */
  shippedLexicons?: number;
}

function flag(name: string): string | undefined {
  const prefix = `--${name}=`;
  return process.argv.find((a) => a.startsWith(prefix))?.slice(prefix.length);
}

/** Plain segmentation: the jieba binding the analysis uses, with HMM, nothing of ours on top. */
function loadJieba(): { cut(text: string, hmm?: boolean): string[] } {
  const cut = createJiebaSegmenter();
  return { cut: (text) => cut(text) };
}

// ---------------------------------------------------------------------------------------------
// Statistics

function summarise(samples: readonly number[]): { median: number; p90: number } {
  const sorted = [...samples].sort((a, b) => a - b);
  return { median: quantile(sorted, 0.5), p90: quantile(sorted, 0.9) };
}

const mb = (bytes: number) => round2(bytes / 1024 / 1024);

// ---------------------------------------------------------------------------------------------
// Synthetic lexicons for the memory figure (c)

const PREFIXES = [
  '智能 高速 精密 便携 数字化 云端 一体化 全自动 半自动 模块化 无线 高清 节能 低噪 工业级 医用 教学 商用 防爆 微型 大型 多功能 柔性 新型',
  '超声 激光 红外 光纤 嵌入式 分布式 移动 桌面 立式 卧式 双通道 多通道 高精度 耐高温 防水 远程',
]
  .join(' ')
  .split(' ');
const CORES = [
  '监测 检测 分析 管理 采集 控制 驱动 传感 测量 成像 存储 计量 巡检 调度 识别 定位 消毒 清洗 包装 分拣 称重 打印 扫描 焊接 切割 冷却',
  '加热 过滤 输送 校准 报警 照明 显示 录制 支付 结算 审批 培训 评估 运维',
]
  .join(' ')
  .split(' ');
const SUFFIXES = [
  '仪 系统 平台 模块 终端 设备 装置 机组 软件 服务 方案 套件 主机 控制器 传感器 工作站 一体机 机器人 探头 面板 网关 云平台 管理系统',
  '解决方案 服务包 耗材 配件 接口 引擎 看板',
]
  .join(' ')
  .split(' ');
const BRAND_CHARS = '华康博瑞恒安德美联新天宏泰盛达信通科誉正源中隆'.split('');
const BRAND_TAILS = ['科技', '电子', '医疗', '智能', '股份', '集团', '仪器', '软件', '精密', '数据'];
const PAINS = [
  '效率低',
  '太慢',
  '不准',
  '经常出错',
  '成本高',
  '人手不够',
  '不稳定',
  '难维护',
  '老化',
  '排队长',
];
const ROLES = ['科', '部', '中心', '办公室', '委员会', '小组'];
const HEADS = ['主任', '负责人', '经理', '总监', '组长'];
const OBJECTION_TAILS: Record<string, readonly string[]> = {
  'objection.price': ['太贵', '超预算', '报价偏高', '费用太高'],
  'objection.timing': ['明年再上', '暂缓采购', '等下个预算年度', '先放一放'],
  'objection.authority': ['需要上会', '要集团批', '得走招标', '领导没点头'],
  'objection.need': ['暂时用不上', '已经够用', '没有需求', '现有的还能用'],
  'objection.competitor': ['在用别家', '已签别家', '别家报价低', '老供应商续约'],
  'objection.trust': ['没听说过', '担心质量', '怕没售后', '没有案例'],
  'objection.delivery': ['交期太长', '安装麻烦', '实施周期长', '到货太慢'],
};
const MODEL_CODES = ['X3', 'Pro', 'S200', 'Max', 'V5', 'A12', 'Lite', 'M8', 'Plus', 'T100'];

/** Category weights close to the shipped lexicons' mix (products, competitors, needs dominate). */
const CATEGORY_WEIGHTS: Record<(typeof INDUSTRY_CATEGORIES)[number], number> = {
  product: 22,
  feature: 15,
  benefit: 8,
  case: 5,
  competitor: 17,
  need: 15,
  approver: 6,
  tag: 3,
  'objection.price': 1.5,
  'objection.timing': 1.5,
  'objection.authority': 1.5,
  'objection.need': 1,
  'objection.competitor': 1,
  'objection.trust': 1.5,
  'objection.delivery': 1.5,
};

/**
 * One plausible industry lexicon of `size` terms: morpheme compounds (智能称重一体机), brand-like
 * competitors (华瑞科技), pain phrases (校准太慢), approver roles and objection phrases, with
 * 0-3 synonyms each (shortened forms, model codes). Valid per the schema and the loader's checks.
 */
function generateLexiconDocument(
  index: number,
  formsPerTerm: number,
  size = TERMS_PER_LEXICON,
): LexiconDocument {
  const rnd = mulberry32(0x5eed + index * 7919);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(rnd() * items.length)]!;
  const categories = INDUSTRY_CATEGORIES;
  const weights = categories.map((c) => CATEGORY_WEIGHTS[c]);
  const totalWeight = weights.reduce((s, w) => s + w, 0);
  const pickCategory = () => {
    let r = rnd() * totalWeight;
    for (let i = 0; i < categories.length; i++) {
      r -= weights[i]!;
      if (r < 0) return categories[i]!;
    }
    return categories[0]!;
  };
  const used = new Set<string>();
  const terms: TTerm[] = [];
  const compound = () => `${pick(PREFIXES)}${pick(CORES)}${pick(SUFFIXES)}`;
  while (terms.length < size) {
    const category = pickCategory();
    let term: string;
    let variants: string[];
    switch (category) {
      case 'competitor': {
        const brand = `${pick(BRAND_CHARS)}${pick(BRAND_CHARS)}`;
        term = `${brand}${pick(BRAND_TAILS)}`;
        variants = [brand, `${brand}${pick(CORES)}`];
        break;
      }
      case 'need': {
        const core = pick(CORES);
        term = `${core}${pick(PAINS)}`;
        variants = [`${pick(PREFIXES)}${term}`, `${core}环节${pick(PAINS)}`];
        break;
      }
      case 'approver': {
        const dept = `${pick(CORES)}${pick(ROLES)}`;
        term = `${dept}${pick(HEADS)}`;
        variants = [dept, `${pick(PREFIXES)}${dept}`];
        break;
      }
      default: {
        if (category.startsWith('objection.')) {
          const tail = pick(OBJECTION_TAILS[category]!);
          term = `${pick(CORES)}${pick(SUFFIXES)}${tail}`;
          variants = [`${pick(CORES)}${tail}`];
        } else {
          term = compound();
          if (rnd() < 0.12) term += pick(MODEL_CODES);
          const head = term.slice(0, 2);
          variants = [term.slice(2), `${head}${pick(SUFFIXES)}`, `${term}${pick(MODEL_CODES)}`];
        }
      }
    }
    if (used.has(term) || [...term].length > 24) continue;
    used.add(term);
    const synonyms: string[] = [];
    // As many surface forms per term as the shipped lexicons have, on average.
    const wanted = Math.round(rnd() * 2 * Math.max(0, formsPerTerm - 1));
    variants.push(
      `${pick(PREFIXES)}${term}`,
      `${term}${pick(MODEL_CODES)}`,
      `${term.slice(0, -1)}${pick(SUFFIXES)}`,
      `${pick(CORES)}${term.slice(2)}`,
      `${pick(PREFIXES)}${term.slice(1)}`,
      `${term}${pick(SUFFIXES)}`,
      `${pick(CORES)}${term}`,
    );
    for (const v of variants) {
      if (synonyms.length >= wanted) break;
      if (v.length >= 2 && !used.has(v) && [...v].length <= 24) {
        used.add(v);
        synonyms.push(v);
      }
    }
    terms.push({
      term,
      category,
      ...(synonyms.length > 0 ? { synonyms } : {}),
      ...(rnd() < 0.2 ? { weight: 1 + Math.floor(rnd() * 4) / 2 } : {}),
      ...(category === 'tag' ? { tag: `标签${(terms.length % 40) + 1}` } : {}),
    });
  }
  const id = String(index + 1).padStart(2, '0');
  return { industry: `bench_extra_${id}`, name: `扩展词库${id}`, terms };
}

// ---------------------------------------------------------------------------------------------
// Child process: one memory configuration

function measureRss(mode: RssMode): void {
  const sample = generateCall(1, 'saas');
  if (mode !== 'base') loadJieba().cut(sample.utterances.map((u) => u.text).join(''), true);
  // Kept alive until RSS is read, then summarised so nothing is collected early.
  const keep: unknown[] = [];
  let extraLexicons: RssReport['extraLexicons'];
  let shippedLexicons: number | undefined;
  if (mode === 'six' || mode === '21') {
    const dir = defaultLexiconDir();
    const registry = LexiconRegistry.fromDirectory(dir);
    const analyzer = new Analyzer({ lexicons: registry, lexiconDir: dir, cut: createJiebaSegmenter() });
    for (const industry of GENERATOR_INDUSTRIES) {
      keep.push(registry.get(industry));
      keep.push(analyzer.analyze(parseTranscript(generateCall(1, industry))).findings.length);
    }
    // Every shipped industry compiled, as a server holds them once calls of each have arrived.
    const shipped = registry.industries();
    for (const industry of shipped)
      keep.push(registry.get(industry).findTerms(sample.utterances[5]?.text ?? ''));
    shippedLexicons = shipped.length;
    keep.push(registry, analyzer);
    if (mode === '21') {
      const base = registry.baseDocument();
      const compiled: CompiledLexicon[] = [];
      let terms = 0;
      let surfaces = 0;
      const shipped = GENERATOR_INDUSTRIES.map((ind) => registry.overlay(ind)!.terms);
      const shippedTerms = shipped.reduce((n, ts) => n + ts.length, 0);
      const shippedForms = shipped.reduce(
        (n, ts) => n + ts.reduce((k, t) => k + 1 + (t.synonyms?.length ?? 0), 0),
        0,
      );
      const formsPerTerm = shippedForms / shippedTerms;
      for (let i = 0; i < EXTRA_LEXICONS; i++) {
        const doc = ZLexiconDocument.parse(generateLexiconDocument(i, formsPerTerm));
        const problems = checkLexiconDocument(doc);
        if (problems.length > 0) throw new Error(`synthetic lexicon ${i}: ${JSON.stringify(problems[0])}`);
        const lexicon = compileLexicon(base, doc, 1);
        lexicon.findTerms(sample.utterances[5]?.text ?? '');
        compiled.push(lexicon);
        terms += doc.terms.length;
        surfaces += doc.terms.reduce((n, t) => n + 1 + (t.synonyms?.length ?? 0), 0);
        void lexicon.surfaceCount;
      }
      keep.push(compiled);
      extraLexicons = { lexicons: compiled.length, terms, surfaces };
    }
  }
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc) for (let i = 0; i < 3; i++) gc();
  const usage = process.memoryUsage();
  const report: RssReport = {
    mode,
    kept: keep.length,
    rssMb: mb(usage.rss),
    heapUsedMb: mb(usage.heapUsed),
    externalMb: mb(usage.external),
    ...(extraLexicons ? { extraLexicons } : {}),
    ...(shippedLexicons ? { shippedLexicons } : {}),
  };
  console.log(`RSS_JSON ${JSON.stringify(report)}`);
}

function spawnRss(mode: RssMode): RssReport {
  const file = fileURLToPath(import.meta.url);
  // execArgv carries a TypeScript loader when run through tsx.
  const child = spawnSync(process.execPath, [...process.execArgv, '--expose-gc', file, `--rss=${mode}`], {
    encoding: 'utf8',
    maxBuffer: 16 * 1024 * 1024,
  });
  const line = child.stdout?.split('\n').find((l) => l.startsWith('RSS_JSON '));
  if (child.status !== 0 || !line) {
    throw new Error(`RSS child "${mode}" failed (exit ${child.status}):\n${child.stderr}`);
  }
  return JSON.parse(line.slice('RSS_JSON '.length)) as RssReport;
}

// ---------------------------------------------------------------------------------------------
// Main: speed, then memory

/** Figures of the speed part: every call's analysis and its plain segmentation, back to back. */
interface SpeedFigures {
  utterances: number;
  totalChars: number;
  secondStage: ReturnType<typeof loadSecondStage>;
  stage: { median: number; p90: number };
  analysis: { median: number; p90: number };
  plain: { median: number; p90: number };
  callsPerSecond: number;
  ratio: number;
  /** Checksum of every result, printed so that no work can be optimised away. */
  sink: number;
}

function measureSpeed(): SpeedFigures {
  const inputs = generateCalls(CALLS);
  const distinct = new Set(inputs.map((c) => c.utterances.map((u) => u.text).join('\n'))).size;
  if (distinct !== CALLS) throw new Error(`generator gave ${distinct} distinct calls of ${CALLS}`);
  const calls: Transcript[] = inputs.map((c) => parseTranscript(c));
  const utterances = calls.reduce((s, c) => s + c.utterances.length, 0);
  const totalChars = calls.reduce((s, c) => s + c.utterances.reduce((n, u) => n + [...u.text].length, 0), 0);

  const dir = defaultLexiconDir();
  // As shipped: the learned second stage on (pinyin term matching is part of the lexicons).
  const secondStage = loadSecondStage();
  const registry = LexiconRegistry.fromDirectory(dir);
  // All shipped industry lexicons compiled before timing, as in a server that has seen them all.
  for (const industry of registry.industries()) registry.get(industry);
  const analyzer = new Analyzer({
    lexicons: registry,
    lexiconDir: dir,
    cut: createJiebaSegmenter(),
    secondStage,
  });
  const jieba = loadJieba();

  // Warm-up: compiles the lexicons, loads scorecards, lets the JIT settle.
  let sink = 0;
  const previous: CallAnalysis[] = [];
  for (let r = 0; r < 2; r++) {
    calls.forEach((call, i) => {
      previous[i] = analyzer.analyze(call);
      for (const u of call.utterances) sink += jieba.cut(u.text, true).length;
    });
  }

  const analysisMs: number[] = [];
  const jiebaMs: number[] = [];
  // Each call's analysis and its plain segmentation are timed back to back, so load from other
  // processes on the machine hits both figures of the ratio alike.
  for (let r = 0; r < ROUNDS; r++) {
    calls.forEach((call, i) => {
      let t0 = performance.now();
      const result = analyzer.analyze(call);
      analysisMs.push(performance.now() - t0);
      // Each round must recompute: a returned cached object would make the figure meaningless.
      if (result === previous[i]) throw new Error('analyze() returned a cached result');
      previous[i] = result;
      sink += result.findings.length;
      t0 = performance.now();
      for (const u of call.utterances) sink += jieba.cut(u.text, true).length;
      jiebaMs.push(performance.now() - t0);
    });
  }
  // The second stage's own share of an analysis: its predictions for every utterance of a call.
  const stageMs: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    for (const call of calls) {
      const t0 = performance.now();
      sink += secondStage.predictCall(call.utterances).length;
      stageMs.push(performance.now() - t0);
    }
  }
  const stage = summarise(stageMs);
  const analysis = summarise(analysisMs);
  const plain = summarise(jiebaMs);
  const callsPerSecond = 1000 / analysis.median;
  const ratio = analysis.median / plain.median;
  return { utterances, totalChars, secondStage, stage, analysis, plain, callsPerSecond, ratio, sink };
}

function main(): void {
  const started = performance.now();
  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  // Other processes on the machine skew timings; the load average says how busy it was.
  const load = loadavg()[0]!.toFixed(2);
  console.log(
    `Tingjian analysis benchmark — node ${process.version}, ${cpu}, ${cpus().length} cores, load average ${load}`,
  );

  const { utterances, totalChars, secondStage, stage, analysis, plain, callsPerSecond, ratio, sink } =
    measureSpeed();
  const speedSeconds = (performance.now() - started) / 1000;

  const rss = Object.fromEntries(RSS_MODES.map((m) => [m, spawnRss(m)])) as Record<RssMode, RssReport>;
  const sixOverJieba = rss.six.rssMb - rss.jieba.rssMb;
  const extraOverSix = rss['21'].rssMb - rss.six.rssMb;
  const extra = rss['21'].extraLexicons;

  printTable(
    `Speed: ${CALLS} distinct calls × ${ROUNDS} rounds (after 2 warm-up rounds), one core`,
    TARGET_TABLE_HEADER,
    [
      ['calls / utterances / characters', `${CALLS} / ${utterances} / ${totalChars}`, '', ''],
      ['characters per call (mean)', String(Math.round(totalChars / CALLS)), '', ''],
      ['analysis median ms per call', analysis.median.toFixed(2), '', ''],
      ['analysis p90 ms per call', analysis.p90.toFixed(2), '', ''],
      [
        `of which learned second stage (${secondStage.version}) median ms per call`,
        stage.median.toFixed(2),
        '≤ 2',
        status(stage.median <= 2),
      ],
      [
        'calls/s on one core (1000/median)',
        callsPerSecond.toFixed(1),
        `≥ ${TARGET_CALLS_PER_SECOND}`,
        status(callsPerSecond >= TARGET_CALLS_PER_SECOND),
      ],
      ['plain jieba cut(text, true) median ms per call', plain.median.toFixed(2), '', ''],
      ['plain jieba p90 ms per call', plain.p90.toFixed(2), '', ''],
      [
        'ratio analysis / plain segmentation',
        `${ratio.toFixed(2)}×`,
        `≤ ${TARGET_RATIO}×`,
        status(ratio <= TARGET_RATIO),
      ],
    ],
  );
  printTable('Memory: RSS after gc, each in its own child process (node --expose-gc)', TARGET_TABLE_HEADER, [
    ['(0) node + bench modules, no jieba (context)', `${rss.base.rssMb.toFixed(1)} MB`, '', ''],
    ['(a) jieba loaded, used once', `${rss.jieba.rssMb.toFixed(1)} MB`, '', ''],
    [
      `(b) jieba + all ${rss.six.shippedLexicons ?? '?'} shipped lexicons + one analysis in each of the six generator industries`,
      `${rss.six.rssMb.toFixed(1)} MB`,
      '',
      '',
    ],
    [
      `(c) (b) + ${EXTRA_LEXICONS} lexicons × ${TERMS_PER_LEXICON} terms`,
      `${rss['21'].rssMb.toFixed(1)} MB`,
      '',
      '',
    ],
    ['    extra lexicons: terms / surfaces incl. synonyms', `${extra?.terms} / ${extra?.surfaces}`, '', ''],
    ['(a) − (0): jieba dictionary', `+${(rss.jieba.rssMb - rss.base.rssMb).toFixed(1)} MB`, '', ''],
    ['(b) − (a): shipped lexicons + analysis', `+${sixOverJieba.toFixed(1)} MB`, '', ''],
    [
      `(c) − (b): ${EXTRA_LEXICONS} extra lexicons`,
      `+${extraOverSix.toFixed(1)} MB`,
      `≤ +${TARGET_EXTRA_MB} MB`,
      status(extraOverSix <= TARGET_EXTRA_MB),
    ],
    [
      'heap used (a) / (b) / (c)',
      `${rss.jieba.heapUsedMb.toFixed(1)} / ${rss.six.heapUsedMb.toFixed(1)} / ${rss['21'].heapUsedMb.toFixed(1)} MB`,
      '',
      '',
    ],
  ]);
  const totalSeconds = (performance.now() - started) / 1000;
  console.log(
    `\n(speed part ${speedSeconds.toFixed(1)} s, total ${totalSeconds.toFixed(1)} s; checksum ${sink})`,
  );

  const json = {
    node: process.version,
    cpu,
    loadAverage: Number(load),
    calls: CALLS,
    rounds: ROUNDS,
    utterances,
    totalChars,
    analysisMedianMs: round2(analysis.median),
    analysisP90Ms: round2(analysis.p90),
    callsPerSecond: round2(callsPerSecond),
    jiebaMedianMs: round2(plain.median),
    jiebaP90Ms: round2(plain.p90),
    ratio: round2(ratio),
    rssMb: { base: rss.base.rssMb, jieba: rss.jieba.rssMb, six: rss.six.rssMb, extra21: rss['21'].rssMb },
    heapUsedMb: { jieba: rss.jieba.heapUsedMb, six: rss.six.heapUsedMb, extra21: rss['21'].heapUsedMb },
    sixOverJiebaMb: round2(sixOverJieba),
    extraOverSixMb: round2(extraOverSix),
    extraLexicons: extra ?? null,
    targets: {
      ratioMax: TARGET_RATIO,
      callsPerSecondMin: TARGET_CALLS_PER_SECOND,
      extraLexiconsMbMax: TARGET_EXTRA_MB,
    },
    pass: {
      ratio: ratio <= TARGET_RATIO,
      callsPerSecond: callsPerSecond >= TARGET_CALLS_PER_SECOND,
      extraLexiconsMb: extraOverSix <= TARGET_EXTRA_MB,
    },
    seconds: round2(totalSeconds),
  };
  console.log(`BENCH_JSON ${JSON.stringify(json)}`);
}

const rssMode = flag('rss');
if (rssMode !== undefined) {
  if (!(RSS_MODES as readonly string[]).includes(rssMode)) {
    throw new Error(`--rss must be one of ${RSS_MODES.join(', ')}, got "${rssMode}"`);
  }
  measureRss(rssMode as RssMode);
} else {
  main();
}
