import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ErrorCode } from '../../models/errors.js';
import { foreignWords } from '../../web/src/lib/allowed-latin.js';
import { ApiError } from '../../web/src/lib/api.js';
import { ERROR_CODE_ZH, errorText } from '../../web/src/lib/errors-zh.js';
import { INDUSTRY_ZH, ruleName, versionName, weekName } from '../../web/src/lib/labels.js';
import { hasForeignWords, SOURCE_TRANSLATIONS, sourceName } from '../../web/src/lib/score-source.js';

const ROOT = join(import.meta.dirname, '..', '..');
const WEB = join(ROOT, 'web', 'src');

/** JSX attributes whose string value a user reads (or hears, for aria-label). */
const VISIBLE_ATTRIBUTES = new Set([
  'title',
  'label',
  'placeholder',
  'message',
  'description',
  'subTitle',
  'okText',
  'cancelText',
  'aria-label',
  'alt',
  'extra',
  'tooltip',
  'emptyText',
  'addonBefore',
  'addonAfter',
  'checkedChildren',
  'unCheckedChildren',
]);
/** Object properties whose string value ends up on screen (options, columns, menu items, series). */
const VISIBLE_PROPERTIES = new Set([
  'label',
  'title',
  'text',
  'message',
  'description',
  'placeholder',
  'subTitle',
  'emptyText',
  'okText',
  'cancelText',
  'content',
]);
const CJK = /\p{Script=Han}/u;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sourceFiles(join(dir, e.name)) : /\.tsx?$/.test(e.name) ? [join(dir, e.name)] : [],
  );
}

/** The literal text of a string or template (template holes are data, not interface text). */
function literalText(node: ts.Node): string | null {
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return node.text;
  if (ts.isTemplateExpression(node))
    return [node.head.text, ...node.templateSpans.map((s) => s.literal.text)].join(' ');
  return null;
}

/** Is this string shown to a user? Chinese text always is; else by where it stands. */
function isInterfaceText(node: ts.Node, text: string): boolean {
  if (CJK.test(text)) return true;
  let p = node.parent;
  if (p && ts.isJsxExpression(p)) p = p.parent;
  if (p && ts.isJsxAttribute(p)) return VISIBLE_ATTRIBUTES.has(p.name.getText());
  if (p && ts.isPropertyAssignment(p) && p.initializer === node)
    return VISIBLE_PROPERTIES.has(p.name.getText().replace(/['"]/g, ''));
  if (p && ts.isJsxElement(p)) return true;
  return false;
}

interface Leak {
  file: string;
  line: number;
  text: string;
}

/** Every piece of interface text in the web source with a Latin word not on the allowed list. */
function scan(file: string, source = readFileSync(file, 'utf8')): Leak[] {
  const sf = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true, ts.ScriptKind.TSX);
  const leaks: Leak[] = [];
  const report = (node: ts.Node, text: string) => {
    if (foreignWords(text).length === 0 || /^#[0-9a-f]{3,8}$/i.test(text)) return;
    leaks.push({
      file: relative(ROOT, file),
      line: sf.getLineAndCharacterOfPosition(node.getStart()).line + 1,
      text: text.trim(),
    });
  };
  const visit = (node: ts.Node) => {
    // Types, imports and comments are not interface text.
    if (ts.isImportDeclaration(node) || ts.isTypeNode(node) || ts.isExportDeclaration(node)) return;
    if (ts.isJsxText(node)) {
      if (node.text.trim()) report(node, node.text);
    } else {
      const text = literalText(node);
      if (text !== null) {
        if (isInterfaceText(node, text)) report(node, text);
        return;
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return leaks;
}

describe('no English where a user reads (web/src)', () => {
  it('flags the kinds of leak the issue found (the scan is not vacuous)', () => {
    const leaks = scan(
      'probe.tsx',
      [
        `const a = <div>规则 missed</div>;`,
        `const b = <Select options={[{ value: 'need', label: 'constraint' }]} />;`,
        // biome-ignore lint/suspicious/noTemplateCurlyInString: the probe is source text holding a template
        'const c = <Alert message={`加载失败：token revoked ${x}`} />;',
        `const d = <span>Failed to fetch</span>;`,
        `const e = <Button aria-label="close" />;`,
        `const ok = <Tag data-testid="coaching" className="tj-meta">Gong Labs 研究 · SaaS · 120 ms</Tag>;`,
      ].join('\n'),
    );
    expect(leaks.map((l) => l.line)).toEqual([1, 2, 3, 4, 5]);
  });

  it.each(sourceFiles(WEB).map((f) => [relative(ROOT, f), f]))('%s', (_, file) => {
    expect(scan(file)).toEqual([]);
  });
});

describe('server words shown to users have Chinese names', () => {
  it('every API error code has a Chinese message, and a network failure is one too', () => {
    for (const code of Object.values(ErrorCode)) {
      const text = errorText(new ApiError(400, code, 'english server message'));
      expect(text, code).toBe(ERROR_CODE_ZH[code]);
      expect(CJK.test(text) && foreignWords(text).length === 0, code).toBe(true);
    }
    expect(errorText(new TypeError('Failed to fetch'))).toBe('网络连接失败，请检查网络后重试');
    expect(errorText(new ApiError(502, 'http_502', 'Bad Gateway'))).toBe('网关错误，服务器暂时无法访问');
    expect(errorText(new ApiError(403, 'forbidden', 'reps may only submit their own calls'))).toBe(
      '你没有权限进行这个操作',
    );
  });

  it('every score-item source of every shipped scorecard reads in Chinese (reviewed, not a fallback)', () => {
    const dir = join(ROOT, 'lexicons', 'scorecards');
    const sources = readdirSync(dir)
      .filter((f) => f.endsWith('.yaml'))
      .flatMap((f) => {
        const doc = parse(readFileSync(join(dir, f), 'utf8')) as {
          dimensions?: Record<string, { items: { source: string }[] }>;
          overrides?: { source: string }[];
        };
        return [
          ...Object.values(doc.dimensions ?? {}).flatMap((d) => d.items.map((i) => i.source)),
          ...(doc.overrides ?? []).map((o) => o.source),
        ];
      });
    expect(sources.length).toBeGreaterThan(40);
    for (const s of sources) {
      const zh = sourceName(s);
      expect(hasForeignWords(zh), `${s} → ${zh}`).toBe(false);
      expect(zh, s).not.toContain('待翻译');
    }
    expect(
      sourceName(
        'team default: 70% of stated needs answered with a concrete product, feature, benefit or case',
      ),
    ).toBe('团队默认：70% 的客户需求在销售随后 3 次发言内得到具体产品、功能、价值或案例的回应');
    for (const zh of Object.values(SOURCE_TRANSLATIONS)) expect(foreignWords(zh)).toEqual([]);
  });

  it('an untranslated English source is summarised in Chinese, never shown raw', () => {
    expect(sourceName('team default: something new')).toBe('团队默认目标（说明待翻译）');
    expect(sourceName('团队估计：单次讲解宜控制在一分半钟内')).toBe('团队估计：单次讲解宜控制在一分半钟内');
  });

  it('lexicon versions read as industry and number; every shipped industry has a Chinese name', () => {
    expect(versionName('medical_devices@2+3fa2b4c5d6e7')).toBe('医疗器械 · 第 2 版');
    expect(versionName('saas@12+0123456789ab')).toBe('企业 SaaS · 第 12 版');
    const industries = readdirSync(join(ROOT, 'lexicons', 'industries')).map((f) => f.replace(/\.yaml$/, ''));
    expect(industries.length).toBeGreaterThan(20);
    for (const i of industries) expect(INDUSTRY_ZH[i], i).toMatch(CJK);
  });

  it('ISO weeks read as Chinese weeks', () => {
    expect(weekName('2026-W05')).toBe('2026 年第 5 周');
    expect(weekName('2026-W49', true)).toBe('第 49 周');
  });

  it('rules read by family, never by id', () => {
    expect(ruleName('missed')).toBe('机器未识别（漏识别）');
    expect(ruleName('need.industry-term')).toBe('需求规则（行业词条）');
    expect(ruleName('model.objection')).toBe('模型识别');
    expect(ruleName('score.open_question_ratio')).toBe('评分项计算');
    expect(ruleName('question.final-ma')).toBe('提问句式规则');
  });
});
