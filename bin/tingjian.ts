#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { AppError } from '../models/errors.js';
import { analyzeCommand } from './commands/analyze.command.js';
import { evalCommand } from './commands/eval.command.js';
import { modelsCommand } from './commands/models.command.js';
import { loadConfig } from './config.js';

const USAGE = `听见 Tingjian — 销售通话分析

用法:
  tingjian analyze <file|dir> [--industry X] [--format text|json|md]
  tingjian eval <dir> [--json]
  tingjian models list
  tingjian models pull <name> [--dir DIR]
  tingjian models calibrate <gold-dir>

环境变量: EMBEDDING_MODEL_DIR, EMBEDDING_THRESHOLD, LEXICON_DIR, MODELS_DIR, LOG_LEVEL`;

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      industry: { type: 'string' },
      format: { type: 'string', default: 'text' },
      json: { type: 'boolean', default: false },
      dir: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  const [command, ...rest] = positionals;
  if (values.help || !command) {
    console.log(USAGE);
    return command || values.help ? 0 : 2;
  }
  const config = loadConfig();
  switch (command) {
    case 'analyze': {
      const format = values.format;
      if (format !== 'text' && format !== 'json' && format !== 'md') {
        throw new AppError('invalid_input', `--format must be text, json or md, got "${format}"`);
      }
      return analyzeCommand(rest, { industry: values.industry, format }, config);
    }
    case 'eval':
      return evalCommand(rest, { json: values.json }, config);
    case 'models':
      return modelsCommand(rest, { dir: values.dir }, config);
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
