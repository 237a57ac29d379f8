import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '..', '..');
const dir = mkdtempSync(join(tmpdir(), 'tingjian-retention-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function cli(env: Record<string, string>, ...args: string[]) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'bin', 'tingjian.ts'), ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, DATA_DIR: dir, LOG_LEVEL: 'silent', SECOND_STAGE_MODEL: 'off', ...env },
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('tingjian privacy retention', { timeout: 240_000 }, () => {
  it('--dry-run --json prints the windows and counts; a run prints its audit entry; text is Chinese', () => {
    const dry = cli({ TINGJIAN_RETENTION_AUDIO: 'forever' }, 'privacy', 'retention', '--dry-run', '--json');
    expect(dry.err).toBe('');
    expect(dry.code).toBe(0);
    const report = JSON.parse(dry.out);
    expect(report).toMatchObject({
      dryRun: true,
      trigger: 'cli',
      auditId: null,
      policy: { audio: null, transcripts: 1095, analyses: 1095, feedback: 365, imports: 90, audit: 1825 },
      cutoffs: { audio: null },
    });
    expect(report.counts.analyses.calls).toBe(0);

    const run = cli({}, 'privacy', 'retention');
    expect(run.code).toBe(0);
    expect(run.out).toMatch(/^数据保留清理完成（审计记录 #\d+）/);
    expect(run.out).toContain('录音文件：180 天');
    expect(run.out).toContain('审计日志：5 年');

    const again = cli({}, 'privacy', 'retention', '--dry-run');
    expect(again.out.split('\n')[0]).toBe('数据保留清理（试运行，未改动任何数据）');
  });

  it('a malformed window stops at boot naming the variable', () => {
    const r = cli({ TINGJIAN_RETENTION_AUDIT: 'five years' }, 'privacy', 'retention', '--dry-run');
    expect(r.code).toBe(1);
    expect(r.err).toContain('TINGJIAN_RETENTION_AUDIT: must be a window such as 180d, 26w, 3y, or forever');
  });
});
