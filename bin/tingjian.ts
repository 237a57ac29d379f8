#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { AppError } from '../models/errors.js';
import { packagePath } from '../models/package-root.js';

// Each command's module (and what it pulls in: jieba, lexicons, the database, the HTTP server)
// is imported only when that command runs: `tingjian --help` loads none of them.
const importFormat = async (name: string) =>
  (await import('../pipeline/import/index.js')).parseImportFormat(name);

const USAGE = `听见 Tingjian — 销售通话分析

用法:
  tingjian analyze <file|dir> [--industry X] [--format text|json|md] [--threads N]
                                       无 industry（或 auto）时按词库推断行业；--industry 强制指定
                                       文件夹（16 个文件以上）默认每个 CPU 核一个分析线程（最多 4 个），--threads 0 只用主线程
                                       也接受阿里云/腾讯云/讯飞/火山引擎识别结果和 CSV/Excel（按内容识别，--from 指定）
  tingjian import <folder|zip> [--rep R] [--name PATTERN|recorder] [--format F] [--channels 0=rep,1=customer]
                               [--industry X|auto] [--date YYYY-MM-DD] [--report FILE.csv]
                                       无 industry（或 auto）时逐通按内容推断行业，无法判断的标为待确认行业
                                       批量导入已有通话（按内容哈希跳过已导入文件，结束时输出汇总和 CSV 报告）
  tingjian eval <dir> [--json] [--noise SEED] [--split all|train|held-out]
                                       SEED: 整数，加入模拟 ASR 噪声再评测一次；held-out: 只评测留出的通话
  tingjian lexicons lint [industry] [--json]
                                       词库检查：类别冲突（错误，退出码 1）、与基础词库重复、品牌普通词、常用词、未覆盖计数
  tingjian models list
  tingjian models pull <name> [--dir DIR]
  tingjian models calibrate <gold-dir>
  tingjian train --with-appeals [--what-if N] [--publish] [--note TEXT] [--as USER_ID] [--json]
                                       用已接受的申诉重新训练第二阶段模型；发布检查：已标注通话上任一标签 F1 下降不超过 0.02
  tingjian train list                  第二阶段模型的版本
  tingjian privacy remask [--dry-run]  重新脱敏已存数据（手机号、身份证号、银行卡号、邮箱），打印改动
  tingjian privacy retention [--dry-run] [--json]
                                       按数据保留期限删除过期数据（录音、转写、分析、反馈包、导入报告、审计日志）
  tingjian serve                       API（无 REDIS_URL 时同进程运行 worker）
  tingjian worker                      仅 worker（需要 DATABASE_URL 和 REDIS_URL）
  tingjian start [--examples DIR] [--demo]
                                       内嵌模式：API + worker + 示例通话 + 演示账号；--demo 在本机地址上提供网页的演示账号切换
  tingjian users add --name N --role R[,R] [--team T] [--external-id X]
  tingjian sso list [user] | map <user> <oidc|wecom> [<claim>=]<value> | unmap <mapping-id>
                                       企业账号登录：把 OIDC / 企业微信身份关联到已有用户（不会自动建账号；变量 OIDC_*、WECOM_*）

环境变量: PORT, HOST, DATA_DIR, DATABASE_URL, REDIS_URL, QUEUE_PREFIX, WORKER_CONCURRENCY, WORKER_LOCK_MS, ANALYSIS_THREADS, ANALYSIS_THREAD_MAX_MB,
  V8_HEAP_GROWTH_PERCENT, MAX_BODY_BYTES, PII_MASKING, PII_HASH_KEY, EMBEDDING_MODEL_DIR, EMBEDDING_THRESHOLD, LEXICON_DIR, CACHE_DIR, LEXICON_CACHE_DIR, MODELS_DIR, LOG_LEVEL,
  WHISPER_MODEL, WHISPER_BIN, WHISPER_BIN_SERVES, WHISPER_WARM_HOSTS, WHISPER_WARM_IDLE_MIN, WHISPER_THREADS, TRANSCRIBE_TIMEOUT_FACTOR, TRANSCRIBE_TIMEOUT_MIN_MS, AUDIO_DIR,
  MAX_AUDIO_BYTES, MAX_AUDIO_SECONDS, FFMPEG_BIN, FFPROBE_BIN, PII_HASH_KEY, IMPORT_DIRS, SECOND_STAGE_MODEL,
  TINGJIAN_TOKEN_RATE_LIMIT, TINGJIAN_DEMO, TINGJIAN_AUDIO_KEY, TINGJIAN_RETENTION_AUDIO|TRANSCRIPTS|ANALYSES|FEEDBACK|IMPORTS|AUDIT,
  TINGJIAN_RETENTION_SCHEDULE`;

function defaultExamplesDir(): string {
  return packagePath('examples', 'calls');
}

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      industry: { type: 'string' },
      format: { type: 'string' },
      from: { type: 'string' },
      channels: { type: 'string' },
      rep: { type: 'string' },
      date: { type: 'string' },
      report: { type: 'string' },
      json: { type: 'boolean', default: false },
      noise: { type: 'string' },
      split: { type: 'string' },
      dir: { type: 'string' },
      name: { type: 'string' },
      role: { type: 'string' },
      team: { type: 'string' },
      'external-id': { type: 'string' },
      examples: { type: 'string' },
      'dry-run': { type: 'boolean', default: false },
      demo: { type: 'boolean', default: false },
      'with-appeals': { type: 'boolean', default: false },
      'what-if': { type: 'string' },
      threads: { type: 'string' },
      publish: { type: 'boolean', default: false },
      note: { type: 'string' },
      as: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  const [command, ...rest] = positionals;
  if (values.help || !command) {
    console.log(USAGE);
    return command || values.help ? 0 : 2;
  }
  const config = (await import('./config.js')).loadConfig();
  switch (command) {
    case 'analyze': {
      const format = values.format ?? 'text';
      if (format !== 'text' && format !== 'json' && format !== 'md') {
        throw new AppError('invalid_input', `--format must be text, json or md, got "${format}"`);
      }
      const from = values.from === undefined ? undefined : await importFormat(values.from);
      const threads = values.threads === undefined ? undefined : Number(values.threads);
      if (threads !== undefined && !(Number.isInteger(threads) && threads >= 0 && threads <= 64)) {
        throw new AppError(
          'invalid_input',
          `--threads must be a whole number from 0 to 64, got "${values.threads}"`,
        );
      }
      const { analyzeCommand } = await import('./commands/analyze.command.js');
      return analyzeCommand(
        rest,
        { industry: values.industry, format, from, channels: values.channels, threads },
        config,
      );
    }
    case 'import': {
      const from = values.format ?? values.from;
      const format = from === undefined ? undefined : await importFormat(from);
      const { importCommand } = await import('./commands/import.command.js');
      return importCommand(
        rest,
        {
          format,
          name: values.name,
          rep: values.rep,
          industry: values.industry,
          date: values.date,
          channels: values.channels,
          report: values.report,
        },
        config,
      );
    }
    case 'eval': {
      const { evalCommand, parseNoiseSeed, parseSplit } = await import('./commands/eval.command.js');
      const noise = values.noise === undefined ? undefined : parseNoiseSeed(values.noise);
      const split = values.split === undefined ? undefined : parseSplit(values.split);
      return evalCommand(
        rest,
        {
          json: values.json,
          ...(noise === undefined ? {} : { noise }),
          ...(split === undefined ? {} : { split }),
        },
        config,
      );
    }
    case 'lexicons': {
      const { lexiconsCommand } = await import('./commands/lexicons.command.js');
      return lexiconsCommand(rest, { json: values.json }, config);
    }
    case 'models': {
      const { modelsCommand } = await import('./commands/models.command.js');
      return modelsCommand(rest, { dir: values.dir }, config);
    }
    case 'train': {
      const { trainCommand } = await import('./commands/train.command.js');
      return trainCommand(
        rest,
        {
          withAppeals: values['with-appeals'],
          whatIf: values['what-if'],
          publish: values.publish,
          note: values.note,
          as: values.as,
          json: values.json,
        },
        config,
      );
    }
    case 'privacy': {
      const { privacyCommand } = await import('./commands/privacy.command.js');
      return privacyCommand(rest, { dryRun: values['dry-run'], json: values.json }, config);
    }
    case 'serve':
      return (await import('./commands/service.command.js')).serveCommand(config);
    case 'worker':
      return (await import('./commands/service.command.js')).workerCommand(config);
    case 'start':
      return (await import('./commands/service.command.js')).startCommand(
        config,
        values.examples ?? defaultExamplesDir(),
        { demo: values.demo },
      );
    case 'users': {
      const { usersCommand } = await import('./commands/service.command.js');
      return usersCommand(
        rest,
        { name: values.name, role: values.role, team: values.team, externalId: values['external-id'] },
        config,
      );
    }
    case 'sso':
      return (await import('./commands/sso.command.js')).ssoCommand(rest, config);
    default:
      console.error(`unknown command "${command}"\n\n${USAGE}`);
      return 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    if (err instanceof AppError) console.error(`error [${err.code}]: ${err.message}`);
    else if (err instanceof Error && err.name === 'TypeError' && /parseArgs|option/i.test(err.message))
      console.error(`error: ${err.message}\n\n${USAGE}`);
    else console.error(err instanceof Error ? `error: ${err.message}` : err);
    process.exitCode = 1;
  },
);
