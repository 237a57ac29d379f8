import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { transcript } from '../helpers/runtime.js';

const ROOT = resolve(import.meta.dirname, '..', '..');
const dir = mkdtempSync(join(tmpdir(), 'tingjian-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function cli(...args: string[]) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'bin', 'tingjian.ts'), ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, EMBEDDING_MODEL_DIR: '' },
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

const good = transcript('medical_devices', [
  ['rep', '李主任您好，我是华康医疗的小林，想跟您聊聊消毒设备，您现在方便吗？'],
  ['customer', '方便。我们手术室空间限制挺大的，设备放不下。'],
  ['rep', '我们这款是壁挂式的，不占地面空间。'],
  ['customer', '价格太贵了吧，预算不够。'],
  ['rep', '理解，我们也有租赁方案。下周三我带样机过去，您看可以吗？'],
  ['customer', '可以。'],
]);
writeFileSync(join(dir, 'good.json'), JSON.stringify(good));
writeFileSync(join(dir, 'broken.json'), '{"repId": ');
writeFileSync(join(dir, 'unknown.json'), JSON.stringify({ ...good, industry: 'aerospace' }));

describe('tingjian CLI', () => {
  it('analyze prints a Chinese report with radar, evidence and coaching', () => {
    const r = cli('analyze', join(dir, 'good.json'));
    expect(r.code).toBe(0);
    expect(r.out).toContain('能力雷达');
    expect(r.out).toContain('需求诊断');
    expect(r.out).toContain('隐性需求「我们手术室空间限制挺大的');
    expect(r.out).toContain('词「手术室空间限制」');
    expect(r.out).toContain('辅导机会');
  });

  it('analyze --format json prints the analysis contract', () => {
    const r = cli('analyze', join(dir, 'good.json'), '--format', 'json');
    const a = JSON.parse(r.out);
    expect(Object.keys(a)).toEqual(
      expect.arrayContaining([
        'callId',
        'industry',
        'lexiconVersion',
        'utterances',
        'findings',
        'tags',
        'metrics',
        'dimensions',
        'total',
      ]),
    );
    expect(a.tags).toContain('price_sensitive');
  });

  it('a folder reports bad files by name with the reason and still analyses the rest', () => {
    const r = cli('analyze', dir);
    expect(r.code).toBe(1);
    expect(r.out).toContain('共 3 个文件，成功 1 个，失败 2 个');
    expect(r.err).toContain('broken.json: [invalid_input] malformed JSON');
    expect(r.err).toContain('unknown.json: [unknown_industry] unknown industry "aerospace"');
  });

  it('--industry overrides and is validated', () => {
    expect(cli('analyze', join(dir, 'good.json'), '--industry', 'nope').err).toContain(
      'unknown industry "nope"',
    );
    expect(cli('analyze', join(dir, 'good.json'), '--industry', 'saas', '--format', 'md').out).toContain(
      '# 通话分析',
    );
  });

  it('eval --json prints exactly the shape of evaluation.md', () => {
    const gold = {
      utterances: { u1: ['opening', 'question.closed'] },
      implicitNeeds: [],
      restatements: [],
      objections: [],
      tags: [],
    };
    const evalDir = join(dir, 'eval');
    spawnSync('mkdir', ['-p', evalDir]);
    writeFileSync(join(evalDir, 'a.json'), JSON.stringify(good));
    writeFileSync(join(evalDir, 'a.gold.json'), JSON.stringify(gold));
    const r = cli('eval', evalDir, '--json');
    const report = JSON.parse(r.out);
    expect(report.files).toBe(1);
    for (const mode of ['punctuated', 'unpunctuated']) {
      expect(Object.keys(report.modes[mode])).toEqual([
        'labels',
        'question',
        'openClosedAccuracy',
        'objection',
        'objectionTypeAccuracy',
        'techniques',
        'objectionResolvedAccuracy',
        'implicitNeed',
        'implicitNeedIdentifiedAccuracy',
        'restatement',
        'restatementAccuracyBalanced',
        'tags',
      ]);
      expect(Object.keys(report.modes[mode].labels.opening)).toEqual([
        'precision',
        'recall',
        'f1',
        'gold',
        'predicted',
      ]);
    }
  });
});
