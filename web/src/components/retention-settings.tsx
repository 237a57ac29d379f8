import { Alert, App, Button, Card, Descriptions, Popconfirm, Space, Table, Typography } from 'antd';
import { useState } from 'react';
import { ApiError, api } from '../lib/api';
import { errorText } from '../lib/errors-zh';
import {
  countsZh,
  KIND_ZH,
  KINDS,
  type RetentionKind,
  type RetentionReport,
  type RetentionState,
  windowZh,
} from '../lib/retention';
import { useLoad } from '../lib/use-api';
import { ErrorState } from './error-state';

const day = (iso: string | null) => (iso ? iso.slice(0, 10) : '—');
const time = (iso: string) => new Date(iso).toLocaleString('zh-CN', { hour12: false });

/** 数据保留期限: the windows, what the next run would remove, the last run, a dry run and a run now. */
export function RetentionSettings() {
  const { message } = App.useApp();
  const { data, error, loading, reload } = useLoad(() => api<RetentionState>('/v1/privacy/retention'), []);
  const [result, setResult] = useState<RetentionReport | null>(null);
  const [busy, setBusy] = useState<'dry' | 'run' | null>(null);

  const start = async (dryRun: boolean) => {
    setBusy(dryRun ? 'dry' : 'run');
    try {
      const { run } = await api<{ run: RetentionReport }>('/v1/privacy/retention/runs', {
        method: 'POST',
        body: { dryRun },
      });
      setResult(run);
      if (!dryRun) {
        message.success('过期数据已删除');
        await reload();
      }
    } catch (e) {
      if (e instanceof ApiError && e.status === 409) message.warning('数据保留清理正在进行中，请稍后再试');
      else message.error(errorText(e));
    } finally {
      setBusy(null);
    }
  };

  if (error) return <ErrorState error={error} what="数据保留期限" onRetry={() => void reload()} />;
  const next = result ?? data?.next;
  const rows = KINDS.map((k: RetentionKind) => ({
    key: k,
    kind: KIND_ZH[k],
    window: windowZh(data?.policy[k] ?? null),
    cutoff: day(next?.cutoffs[k] ?? null),
    next: next ? countsZh(k, next.counts) : '—',
  }));
  const last = data?.lastRun;
  return (
    <Card title="数据保留期限" loading={loading && !data} data-testid="retention-settings">
      <Typography.Paragraph type="secondary">
        依《个人信息保护法》，各类数据只保留到期限为止，每天定时清理；期限在服务器环境变量
        （TINGJIAN_RETENTION_*）中设置。通话按发生时间计算。
      </Typography.Paragraph>
      <Table
        size="small"
        pagination={false}
        dataSource={rows}
        columns={[
          { title: '数据类别', dataIndex: 'kind' },
          { title: '保留期限', dataIndex: 'window' },
          { title: '早于此日期将被删除', dataIndex: 'cutoff' },
          { title: result?.dryRun === false ? '本次已删除' : '下次清理将删除', dataIndex: 'next' },
        ]}
      />
      <Descriptions size="small" column={1} style={{ marginTop: 16 }} title="上次清理">
        {last ? (
          <>
            <Descriptions.Item label="时间">{time(last.at)}</Descriptions.Item>
            <Descriptions.Item label="方式">
              {last.report?.trigger === 'schedule'
                ? '定时任务'
                : last.report?.trigger === 'cli'
                  ? '命令行'
                  : '网页/API'}
            </Descriptions.Item>
            <Descriptions.Item label="审计记录">#{last.auditId}</Descriptions.Item>
          </>
        ) : (
          <Descriptions.Item label="状态">尚未运行过</Descriptions.Item>
        )}
      </Descriptions>
      {result?.dryRun && (
        <Alert type="info" showIcon style={{ marginBottom: 12 }} message="试运行完成：未改动任何数据" />
      )}
      <Space>
        <Button onClick={() => void start(true)} loading={busy === 'dry'} data-testid="retention-dry-run">
          试运行
        </Button>
        <Popconfirm
          title="立即删除所有过期数据？"
          description="删除后无法恢复。"
          okText="删除"
          cancelText="取消"
          onConfirm={() => start(false)}
        >
          <Button danger loading={busy === 'run'} data-testid="retention-run">
            立即清理
          </Button>
        </Popconfirm>
      </Space>
    </Card>
  );
}
