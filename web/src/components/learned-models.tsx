import {
  Alert,
  App,
  Button,
  Card,
  Empty,
  Input,
  List,
  Popconfirm,
  Space,
  Spin,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useEffect, useState } from 'react';
import { Link } from 'react-router-dom';
import { ApiError, api, isMissingRoute } from '../lib/api';
import type {
  ModelDraftResponse,
  ModelList,
  ModelPublished,
  ModelVersion,
  ModelWhatIfReport,
  ModelWhatIfResponse,
  WhatIfTally,
} from '../lib/api-shapes';
import { errorText } from '../lib/errors-zh';
import {
  DIMENSION_ZH,
  formatDate,
  labelName,
  MODEL_STATUS_ZH,
  modelLabelName,
  modelVersionName,
} from '../lib/labels';
import { useLoad } from '../lib/use-api';

/** A version's guard report and its per-label lines (generated from services/learning ZModelGuard). */
export type ModelGuard = ModelVersion['guard'];
export type GuardLabel = ModelGuard['labels'][number];

/**
 * What a candidate model would change over the most recent scored calls: the what-if report
 * (generated from pipeline/what-if.core.ts ZWhatIfTally); a version's stored one may lack the
 * report's own fields.
 */
export type ModelWhatIf = WhatIfTally & Partial<Pick<ModelWhatIfReport, 'version' | 'elapsedMs'>>;

export type { ModelList, ModelVersion };

/** The path of a version's action; versions hold '@' and '+', which a path must encode. */
export function modelPath(version: string, action?: 'what-if' | 'publish' | 'discard'): string {
  return `/v1/models/second-stage/${encodeURIComponent(version)}${action ? `/${action}` : ''}`;
}

const f1 = (x: number) => x.toFixed(3);
const signed = (x: number, digits: number) =>
  `${x > 0 ? '+' : x < 0 ? '−' : '±'}${Math.abs(x).toFixed(digits)}`;

/** Why a version cannot be published, in Chinese; null when it can. */
export function publishBlock(model: ModelVersion, current: string): string | null {
  if (model.status === 'discarded') return '已丢弃的版本不能发布';
  if (model.version === current) return '这已是当前生效的版本';
  if (!model.guard.publishable) {
    const drops = model.guard.labels
      .filter((l) => !l.ok)
      .map((l) => `${modelLabelName(l.label)} ${f1(l.before)} → ${f1(l.after)}`)
      .join('；');
    return `不能发布：F1 下降超过上限 ${model.guard.maxDrop}（${drops}）`;
  }
  return null;
}

/** A what-if in one Chinese sentence. */
export function whatIfSummary(w: ModelWhatIf): string {
  if (w.calls === 0) return '试算：还没有已评分的通话可比较。';
  const head = `试算最近 ${w.calls} 通已评分通话：`;
  if (w.callsChanged === 0) return `${head}结果都不变。`;
  return (
    `${head}${w.callsChanged} 通结果有变化，其中 ${w.scoresChanged} 通分数变化；` +
    `新增 ${w.findingsAdded} 条、减少 ${w.findingsRemoved} 条识别结果；` +
    `平均总分变化 ${signed(w.meanTotalDelta, 2)} 分。`
  );
}

/** The guard per label: F1 before → after, a drop past the limit in red. */
export function GuardTable({ guard }: { guard: ModelGuard }) {
  return (
    <div data-testid="model-guard">
      <div className="tj-meta" style={{ marginBottom: 6 }}>
        发布检查：在 {guard.calls} 通随软件发布的已标注通话上比较当前模型与新模型，任一标签的 F1 下降超过{' '}
        {guard.maxDrop} 就不能发布。
        {guard.publishable ? (
          <Tag color="success" style={{ marginLeft: 6 }}>
            通过
          </Tag>
        ) : (
          <Tag color="error" style={{ marginLeft: 6 }}>
            未通过
          </Tag>
        )}
      </div>
      <Table<GuardLabel>
        size="small"
        rowKey="label"
        pagination={false}
        dataSource={guard.labels}
        columns={[
          { title: '标签', dataIndex: 'label', render: (l: string) => modelLabelName(l) },
          { title: '标注数', dataIndex: 'gold', width: 80 },
          {
            title: 'F1（当前 → 新）',
            key: 'f1',
            render: (_: unknown, l: GuardLabel) => (
              <span style={l.ok ? undefined : { color: '#cf1322', fontWeight: 600 }}>
                {f1(l.before)} → {f1(l.after)}
              </span>
            ),
          },
          {
            title: '变化',
            dataIndex: 'delta',
            width: 120,
            render: (d: number, l: GuardLabel) =>
              l.ok ? (
                <span style={{ color: d > 0 ? '#237804' : undefined }}>{signed(d, 3)}</span>
              ) : (
                <span style={{ color: '#cf1322', fontWeight: 600 }} data-testid="guard-drop">
                  {signed(d, 3)} 超出上限
                </span>
              ),
          },
        ]}
      />
    </div>
  );
}

/** A what-if: the sentence, the dimensions that move, and a few calls that change. */
export function ModelWhatIfResult({ whatIf }: { whatIf: ModelWhatIf }) {
  return (
    <div data-testid="model-what-if" style={{ marginTop: 8 }}>
      <Typography.Paragraph style={{ marginBottom: 4 }}>{whatIfSummary(whatIf)}</Typography.Paragraph>
      <div>
        {Object.entries(whatIf.dimensionsChanged).map(([d, n]) => (
          <Tag key={d}>
            {DIMENSION_ZH[d as keyof typeof DIMENSION_ZH] ?? '其他维度'} 变化 {n} 通
          </Tag>
        ))}
      </div>
      {whatIf.examples.length > 0 && (
        <List
          size="small"
          header="示例"
          dataSource={whatIf.examples.slice(0, 5)}
          renderItem={(x) => (
            <List.Item>
              <div>
                <Link to={`/calls/${encodeURIComponent(x.callId)}`}>查看通话</Link> 总分{' '}
                {x.totalBefore ?? '—'} → <b>{x.totalAfter ?? '—'}</b>
                {x.added.map((f) => (
                  // The speaker's words (user content) after a label from a checked table.
                  <div key={`a${f.utteranceId}${f.label}`} className="tj-meta" data-user-content>
                    + {labelName(f.label)}「{f.quote}」
                  </div>
                ))}
                {x.removed.map((f) => (
                  <div key={`r${f.utteranceId}${f.label}`} className="tj-meta">
                    − {labelName(f.label)}
                    {f.term ? `（${f.term}）` : ''}
                  </div>
                ))}
              </div>
            </List.Item>
          )}
        />
      )}
    </div>
  );
}

/** One version: status, origin, guard; for trainers 试算, 发布 (with why not) and 丢弃 on a draft. */
export function ModelVersionCard({
  model,
  current,
  canTrain,
  busy,
  whatIf,
  onWhatIf,
  onPublish,
  onDiscard,
}: {
  model: ModelVersion;
  current: string;
  canTrain: boolean;
  /** The action running on this version, if any. */
  busy: 'what-if' | 'publish' | 'discard' | null;
  /** A fresh what-if (else the stored one is shown). */
  whatIf: ModelWhatIf | null;
  onWhatIf: () => void;
  onPublish: () => void;
  onDiscard: () => void;
}) {
  const st = MODEL_STATUS_ZH[model.status] ?? { text: '未知状态', color: 'default' };
  const block = publishBlock(model, current);
  const shownWhatIf = whatIf ?? model.whatIf;
  const inForce = model.version === current;
  return (
    <Card
      size="small"
      style={{ marginBottom: 12 }}
      data-testid="model-version"
      title={
        <Space wrap>
          <span title={model.version}>学习模型 {modelVersionName(model.version)}</span>
          <Tag color={st.color}>{st.text}</Tag>
          {inForce && <Tag color="green">当前生效</Tag>}
        </Space>
      }
    >
      <div className="tj-meta">
        基于 <span title={model.basedOn}>{modelVersionName(model.basedOn)}</span> · 学习了{' '}
        {model.appealIds.length} 条已接受的申诉 · 训练于 {formatDate(model.createdAt)}
        {model.publishedAt ? ` · 发布于 ${formatDate(model.publishedAt)}` : ''}
      </div>
      {model.note && <div className="tj-meta">备注：{model.note}</div>}
      {model.guard?.erasedExamples && (
        <Alert
          type="warning"
          showIcon
          style={{ margin: '8px 0' }}
          data-testid="model-erased-examples"
          message={
            model.status === 'published'
              ? `${formatDate(model.guard.erasedExamples.at)} 应客户要求删除了数据，本版本学过的部分申诉样本随之删除：请重新训练并发布新版本，新版本不会再含这些样本。`
              : `${formatDate(model.guard.erasedExamples.at)} 应客户要求删除了数据，本版本学过的部分申诉样本随之删除，所以已作废，不能发布。`
          }
        />
      )}
      {model.guard && <GuardTable guard={model.guard} />}
      {canTrain && model.status === 'draft' && (
        <Space wrap style={{ marginTop: 8 }}>
          <Button
            onClick={onWhatIf}
            loading={busy === 'what-if'}
            disabled={!!busy}
            data-testid="model-what-if-run"
          >
            试算
          </Button>
          <Popconfirm
            title="发布这个版本？"
            description="发布后新模型立即生效，所有行业的已评分通话都会重新评分。"
            okText="发布"
            cancelText="取消"
            onConfirm={onPublish}
            disabled={!!block || !!busy}
          >
            <Button
              type="primary"
              loading={busy === 'publish'}
              disabled={!!block || !!busy}
              title={block ?? undefined}
              data-testid="model-publish"
            >
              发布
            </Button>
          </Popconfirm>
          <Popconfirm
            title="丢弃这个草稿？"
            description="丢弃后不能再发布，训练数据不受影响。"
            okText="丢弃"
            cancelText="取消"
            onConfirm={onDiscard}
            disabled={!!busy}
          >
            <Button danger loading={busy === 'discard'} disabled={!!busy} data-testid="model-discard">
              丢弃
            </Button>
          </Popconfirm>
        </Space>
      )}
      {canTrain && model.status === 'draft' && block && (
        <div style={{ color: '#cf1322', marginTop: 6 }} data-testid="model-publish-block">
          {block}
        </div>
      )}
      {shownWhatIf && <ModelWhatIfResult whatIf={shownWhatIf} />}
    </Card>
  );
}

/** Why retraining gave nothing, or failed, in Chinese. */
function trainErrorText(e: unknown): string {
  if (e instanceof ApiError && e.status === 409)
    return '没有可学习的内容：还没有已接受的申诉更正了模型预测的标签（异议、需求、下一步），当前版本继续生效。';
  return `重新训练失败：${errorText(e)}`;
}

function publishErrorText(e: unknown): string {
  if (e instanceof ApiError && e.status === 409)
    return '不能发布：发布检查未通过、已丢弃或已是当前版本，请刷新后查看。';
  return `发布失败：${errorText(e)}`;
}

/** Seconds since `running` became true (0 while idle). */
function useElapsed(running: boolean): number {
  const [s, setS] = useState(0);
  useEffect(() => {
    setS(0);
    if (!running) return;
    const started = Date.now();
    const t = setInterval(() => setS(Math.floor((Date.now() - started) / 1000)), 1000);
    return () => clearInterval(t);
  }, [running]);
  return s;
}

/**
 * 学习模型: the learned second stage's versions. Lexicon editors and admins retrain it from the
 * accepted appeals, try a draft on recent calls, publish it (guarded; every call is rescored) or
 * discard it; reviewers and managers read.
 */
export function LearnedModelsPanel({ canTrain }: { canTrain: boolean }) {
  const { message } = App.useApp();
  const list = useLoad(() => api<ModelList>('/v1/models/second-stage'), []);
  const [note, setNote] = useState('');
  const [training, setTraining] = useState(false);
  const [trainError, setTrainError] = useState<string | null>(null);
  const [busy, setBusy] = useState<{ version: string; action: 'what-if' | 'publish' | 'discard' } | null>(
    null,
  );
  const [whatIfs, setWhatIfs] = useState<Record<string, ModelWhatIf>>({});
  const elapsed = useElapsed(training);

  const train = async () => {
    setTraining(true);
    setTrainError(null);
    try {
      const r = await api<ModelDraftResponse>('/v1/models/second-stage/drafts', {
        method: 'POST',
        body: note.trim() ? { note: note.trim() } : {},
      });
      message.success(
        r.draft.created
          ? `已生成草稿：${modelVersionName(r.draft.version)}${r.draft.guard.publishable ? '' : '（发布检查未通过）'}`
          : `训练结果与已有的${modelVersionName(r.draft.version)}相同`,
      );
      setNote('');
      void list.reload();
    } catch (e) {
      setTrainError(trainErrorText(e));
    } finally {
      setTraining(false);
    }
  };

  const act = async (version: string, action: 'what-if' | 'publish' | 'discard') => {
    setBusy({ version, action });
    try {
      if (action === 'what-if') {
        const r = await api<ModelWhatIfResponse>(modelPath(version, 'what-if'), {
          method: 'POST',
          body: { limit: 200 },
        });
        setWhatIfs((w) => ({ ...w, [version]: r.whatIf }));
      } else if (action === 'publish') {
        const r = await api<ModelPublished>(modelPath(version, 'publish'), { method: 'POST', body: {} });
        message.success(
          `已发布${modelVersionName(r.version)}${r.rescoreRuns.length > 0 ? `，正在重新评分 ${r.rescoreRuns.length} 个行业的通话` : ''}`,
        );
        void list.reload();
      } else {
        await api(modelPath(version, 'discard'), { method: 'POST' });
        message.success(`已丢弃${modelVersionName(version)}`);
        void list.reload();
      }
    } catch (e) {
      message.error(
        action === 'publish'
          ? publishErrorText(e)
          : `${action === 'what-if' ? '试算' : '丢弃'}失败：${errorText(e)}`,
      );
    } finally {
      setBusy(null);
    }
  };

  if (list.loading && !list.data) return <Spin style={{ display: 'block', margin: 32 }} />;
  if (list.error && isMissingRoute(list.error))
    return (
      <Alert
        type="info"
        showIcon
        message="此部署未启用学习模型：只用规则识别，没有可训练或发布的版本。"
        data-testid="models-off"
      />
    );
  if (list.error)
    return (
      <Alert
        type="error"
        showIcon
        message={`学习模型加载失败：${errorText(list.error)}`}
        action={
          <Button size="small" onClick={() => void list.reload()}>
            重试
          </Button>
        }
      />
    );
  const data = list.data!;
  const inDb = data.versions.some((v) => v.version === data.current);
  return (
    <div data-testid="learned-models">
      <Typography.Paragraph className="tj-meta">
        学习模型在规则之外识别异议、需求和下一步。复核员接受的申诉更正可以用来重新训练它；新版本先生成草稿，通过发布检查后才能发布。
      </Typography.Paragraph>
      <Card size="small" style={{ marginBottom: 12 }} data-testid="model-current">
        当前生效：
        <b title={data.current}>学习模型 {modelVersionName(data.current)}</b>
        {!inDb && <span className="tj-meta">（随软件发布）</span>}
      </Card>
      {canTrain && (
        <Card size="small" style={{ marginBottom: 12 }}>
          <Space wrap>
            <Input
              placeholder="备注（可选），例如：十二月申诉"
              value={note}
              maxLength={500}
              onChange={(e) => setNote(e.target.value)}
              style={{ width: 260 }}
              disabled={training}
            />
            <Button type="primary" onClick={() => void train()} loading={training} data-testid="model-train">
              用申诉重新训练
            </Button>
          </Space>
          {training && (
            <Alert
              type="info"
              showIcon
              style={{ marginTop: 8 }}
              message={`正在用已接受的申诉重新训练，通常需要 10–30 秒（已用 ${elapsed} 秒）…`}
              data-testid="model-training"
            />
          )}
          {trainError && (
            <Alert
              type="warning"
              showIcon
              style={{ marginTop: 8 }}
              message={trainError}
              closable
              onClose={() => setTrainError(null)}
              data-testid="model-train-error"
            />
          )}
        </Card>
      )}
      {data.versions.length === 0 ? (
        <Empty description="还没有重新训练过的版本" />
      ) : (
        data.versions.map((m) => (
          <ModelVersionCard
            key={m.version}
            model={m}
            current={data.current}
            canTrain={canTrain}
            busy={busy?.version === m.version ? busy.action : null}
            whatIf={whatIfs[m.version] ?? null}
            onWhatIf={() => void act(m.version, 'what-if')}
            onPublish={() => void act(m.version, 'publish')}
            onDiscard={() => void act(m.version, 'discard')}
          />
        ))
      )}
    </div>
  );
}
