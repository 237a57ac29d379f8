import { Alert, App, Button, Card, Input, List, Popconfirm, Progress, Space, Statistic, Tag } from 'antd';
import { useState } from 'react';
import { api } from '../../lib/api';
import type { LexiconPublished, LexiconWhatIfReport } from '../../lib/api-shapes';
import { DIMENSION_ZH, versionName } from '../../lib/labels';
import type { LexiconAction, Run } from './types';
import { WhatIfExample } from './what-if-example';

/** What publishing the draft would change over the industry's recent calls, with examples. */
export function WhatIfResult({ whatIf }: { whatIf: LexiconWhatIfReport }) {
  return (
    <Card size="small" style={{ marginTop: 12 }} data-testid="what-if-result">
      <Space wrap size="large">
        <Statistic title="比较通话" value={whatIf.calls} />
        <Statistic title="结果变化" value={whatIf.callsChanged} />
        <Statistic title="分数变化" value={whatIf.scoresChanged} />
        <Statistic title="新增发现" value={whatIf.findingsAdded} />
        <Statistic title="减少发现" value={whatIf.findingsRemoved} />
        <Statistic title="平均总分变化" value={whatIf.meanTotalDelta} precision={1} />
      </Space>
      <div>
        {Object.entries(whatIf.dimensionsChanged).map(([d, n]) => (
          <Tag key={d}>
            {DIMENSION_ZH[d as keyof typeof DIMENSION_ZH] ?? d} 变化 {n} 通
          </Tag>
        ))}
      </div>
      <List
        size="small"
        header="示例"
        dataSource={whatIf.examples.slice(0, 10)}
        renderItem={(x) => (
          <List.Item>
            <WhatIfExample x={x} />
          </List.Item>
        )}
      />
    </Card>
  );
}

/** A rescore run's progress (after a publish or a rollback, or the industry's latest). */
export function RescoreProgress({ run }: { run: Run }) {
  return (
    <Card size="small" title="重新评分进度" style={{ marginTop: 12 }} data-testid="rescore">
      {(() => {
        const r = run;
        const pct =
          r.percent ??
          (r.total > 0 ? Math.round(((r.done + r.failed) / r.total) * 100) : r.status === 'done' ? 100 : 0);
        return (
          <div>
            <Progress
              percent={pct}
              status={r.status === 'done' ? 'success' : r.status === 'failed' ? 'exception' : 'active'}
            />
            <div className="tj-meta">
              <span title={r.versionId}>{versionName(r.versionId)}</span> ·{' '}
              {r.status === 'done' ? '已完成' : '进行中'} ·{' '}
              {r.planned ? `共 ${r.total} 通` : `约 ${r.total} 通（正在排队）`}，完成 {r.done}
              ，变化 {r.changed}，失败 {r.failed}
            </div>
          </div>
        );
      })()}
    </Card>
  );
}

/**
 * Preview and publish: the draft's what-if, the publish note and button, and the rescore that
 * follows. Keyed by industry on the page, so a preview never outlives its industry.
 */
export function PublishPanel({
  industry,
  hasDraft,
  editor,
  busy,
  act,
  run,
  onRun,
}: {
  industry: string;
  hasDraft: boolean;
  editor: boolean;
  busy: string | null;
  act: LexiconAction;
  /** The run to show: the one just started, else the industry's latest. */
  run: Run | null;
  onRun: (run: Run | null) => void;
}) {
  const { message } = App.useApp();
  const [whatIf, setWhatIf] = useState<LexiconWhatIfReport | null>(null);
  const [publishNote, setPublishNote] = useState('');
  const draft = hasDraft;
  return (
    <div>
      {!draft && (
        <Alert
          type="info"
          showIcon
          message="没有草稿：先编辑词条或接受变更请求"
          style={{ marginBottom: 12 }}
        />
      )}
      <Space wrap>
        <Button
          disabled={!draft}
          loading={busy === 'whatif'}
          data-testid="what-if"
          onClick={() =>
            act('whatif', async () =>
              setWhatIf(
                await api<LexiconWhatIfReport>(`/v1/lexicons/${industry}/what-if`, { method: 'POST' }),
              ),
            )
          }
        >
          预览影响（假设发布）
        </Button>
        <Input
          placeholder="发布说明"
          value={publishNote}
          onChange={(e) => setPublishNote(e.target.value)}
          style={{ width: 220 }}
        />
        {editor && (
          <Popconfirm
            title="发布草稿并重新评分该行业的通话？"
            okText="发布"
            cancelText="取消"
            onConfirm={() =>
              act('publish', async () => {
                const r = await api<LexiconPublished>(`/v1/lexicons/${industry}/publish`, {
                  method: 'POST',
                  body: { ...(publishNote ? { note: publishNote } : {}), rescore: true },
                });
                onRun(r.run);
                setWhatIf(null);
                message.success(`已发布：${versionName(r.version.versionId)}`);
              })
            }
          >
            <Button type="primary" disabled={!draft} loading={busy === 'publish'} data-testid="publish">
              发布
            </Button>
          </Popconfirm>
        )}
      </Space>
      {whatIf && <WhatIfResult whatIf={whatIf} />}
      {run && <RescoreProgress run={run} />}
    </div>
  );
}
