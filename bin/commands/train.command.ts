import { AppError, ErrorCode } from '../../models/errors.js';
import type { GuardReport } from '../../pipeline/learned/guard.core.js';
import type { ModelWhatIfReport } from '../../services/learning/learned-model.service.js';
import type { Config } from '../config.js';
import { buildService } from '../service.js';

export interface TrainOptions {
  withAppeals: boolean;
  whatIf: string | undefined;
  publish: boolean;
  note: string | undefined;
  as: string | undefined;
  json: boolean;
}

const USAGE =
  'usage: tingjian train --with-appeals [--what-if N] [--publish] [--note TEXT] [--as USER_ID] [--json] | tingjian train list';

/**
 * `tingjian train --with-appeals`: retrains the second stage from the shipped labelled calls plus
 * every accepted appeal correction in the service database, prints the guard (per-label F1 on the
 * shipped calls, before → after), optionally a what-if over the N most recent calls, and with
 * `--publish` publishes it (refused when the guard fails) and rescores. `npm run train` is the
 * other training: the shipped model file from the shipped calls alone.
 */
export async function trainCommand(args: string[], options: TrainOptions, config: Config): Promise<number> {
  const [sub, ...extra] = args;
  if (extra.length > 0 || (sub !== undefined && sub !== 'list'))
    throw new AppError(ErrorCode.InvalidInput, USAGE);
  if (sub === undefined && !options.withAppeals) throw new AppError(ErrorCode.InvalidInput, USAGE);
  const whatIf = options.whatIf === undefined ? undefined : Number(options.whatIf);
  if (whatIf !== undefined && !(Number.isInteger(whatIf) && whatIf >= 1 && whatIf <= 2000)) {
    throw new AppError(
      ErrorCode.InvalidInput,
      `--what-if must be a whole number of calls from 1 to 2000, got "${options.whatIf}"`,
    );
  }
  if (config.SECOND_STAGE_MODEL === 'off') {
    throw new AppError(
      ErrorCode.InvalidInput,
      'SECOND_STAGE_MODEL is off: there is no learned model to retrain',
    );
  }
  const svc = await buildService(config, { role: 'serve' });
  try {
    const models = svc.learnedModels!;
    const actor = options.as
      ? { id: (await svc.users.findUser(options.as))?.id ?? missingUser(options.as) }
      : null;
    if (sub === 'list') {
      const { current, versions } = await models.list();
      if (options.json) console.log(JSON.stringify({ current, versions }, null, 2));
      else {
        console.log(`在用模型 in force: ${current}`);
        for (const v of versions) {
          console.log(
            `  ${v.version}  ${v.status}  基于 ${v.basedOn}  申诉 ${v.appealIds.length} 条  ${v.createdAt.toISOString()}`,
          );
        }
      }
      return 0;
    }
    const draft = await models.train(actor, { note: options.note ?? null });
    const report: Record<string, unknown> = { draft };
    if (!options.json) {
      console.log(
        `${draft.created ? '新草稿' : '已有同一草稿'} ${draft.version}（基于 ${draft.basedOn}）：` +
          `${draft.appealIds.length} 条已接受申诉，${draft.appealUtterances} 句更正，用时 ${(draft.elapsedMs / 1000).toFixed(1)} s`,
      );
      console.log(renderGuard(draft.guard));
    }
    if (whatIf !== undefined) {
      const w = await models.whatIf(draft.version, whatIf);
      report.whatIf = w;
      if (!options.json) console.log(renderWhatIf(w));
    }
    if (options.publish) {
      const published = await models.publish(draft.version, actor, { note: options.note ?? null });
      report.published = published;
      if (!options.json) {
        console.log(
          `已发布 ${published.version}；重新评分 ${published.rescoreRuns.length} 个行业` +
            (published.rescoreRuns.length > 0
              ? `（${published.rescoreRuns.map((r) => r.industry).join('、')}）`
              : ''),
        );
      }
    }
    if (options.json) console.log(JSON.stringify(report, null, 2));
    return draft.guard.publishable ? 0 : 1;
  } finally {
    await svc.close();
  }
}

function missingUser(id: string): never {
  throw new AppError(ErrorCode.NotFound, `--as ${id}: no such user`);
}

/** The guard table: one line per label, F1 before → after on the shipped labelled calls. */
export function renderGuard(g: GuardReport): string {
  const out = [
    `发布检查（${g.calls} 通已标注通话上的 F1，单项下降不得超过 ${g.maxDrop}）：${g.publishable ? '通过' : '不通过'}`,
  ];
  for (const l of g.labels) {
    const sign = l.delta > 0 ? '+' : '';
    out.push(
      `  ${l.label.padEnd(26)} ${l.before.toFixed(3)} → ${l.after.toFixed(3)} (${sign}${l.delta.toFixed(3)}, 标注 ${l.gold})${l.ok ? '' : '  ✗ 下降过多'}`,
    );
  }
  return out.join('\n');
}

export function renderWhatIf(w: ModelWhatIfReport): string {
  const dims = Object.entries(w.dimensionsChanged)
    .map(([k, n]) => `${k} ${n}`)
    .join('，');
  return [
    `试算（最近 ${w.calls} 通已评分通话，${(w.elapsedMs / 1000).toFixed(1)} s）：${w.callsChanged} 通有变化，${w.scoresChanged} 通分数变化，` +
      `发现 +${w.findingsAdded} / −${w.findingsRemoved}，总分平均变化 ${w.meanTotalDelta >= 0 ? '+' : ''}${w.meanTotalDelta}`,
    ...(dims ? [`  变化的维度：${dims}`] : []),
    ...w.examples
      .slice(0, 5)
      .map(
        (e) =>
          `  ${e.callId}: ${e.totalBefore ?? '—'} → ${e.totalAfter ?? '—'}` +
          (e.added.length > 0 ? `；新增 ${e.added.map((a) => `${a.label}「${a.quote}」`).join('、')}` : '') +
          (e.removed.length > 0 ? `；去掉 ${e.removed.map((r) => r.label).join('、')}` : ''),
      ),
  ].join('\n');
}
