import { Alert, App, Button, Card, Descriptions, Popconfirm, Space, Table, Typography } from 'antd';
import { useState } from 'react';
import { ApiError, api } from '../lib/api';
import type { RetentionRunResponse } from '../lib/api-shapes';
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
      const { run } = await api<RetentionRunResponse>('/v1/privacy/retention/runs', {
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
  const last = data?.lastRun;
  return (
    <Card title="数据保留期限" loading={loading && !data} data-testid="retention-settings">
      <Typography.Paragraph type="secondary">
        依《个人信息保护法》，各类数据只保留到期限为止，每天定时清理；期限由管理员在服务器配置中设置。
        通话按发生时间计算。
      </Typography.Paragraph>
      {data && <RetentionTable policy={data.policy} report={next ?? null} />}
      <LastRun last={last ?? null} />
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

/** The windows per kind, the date before which data goes, and what a run removes (or would). */
export function RetentionTable({
  policy,
  report,
}: {
  policy: RetentionState['policy'];
  report: RetentionReport | null;
}) {
  const rows = KINDS.map((k: RetentionKind) => ({
    key: k,
    kind: KIND_ZH[k],
    window: windowZh(policy[k]),
    cutoff: day(report?.cutoffs[k] ?? null),
    next: report ? countsZh(k, report.counts) : '—',
  }));
  return (
    <Table
      size="small"
      pagination={false}
      dataSource={rows}
      columns={[
        { title: '数据类别', dataIndex: 'kind' },
        { title: '保留期限', dataIndex: 'window' },
        { title: '早于此日期将被删除', dataIndex: 'cutoff' },
        { title: report?.dryRun === false ? '本次已删除' : '下次清理将删除', dataIndex: 'next' },
      ]}
    />
  );
}

const TRIGGER_ZH: Record<string, string> = { schedule: '定时任务', cli: '命令行', api: '网页或接口' };

/** 上次清理: when, how it was started, its audit entry. */
export function LastRun({ last }: { last: RetentionState['lastRun'] }) {
  return (
    <Descriptions size="small" column={1} style={{ marginTop: 16 }} title="上次清理">
      {last ? (
        <>
          <Descriptions.Item label="时间">{time(last.at)}</Descriptions.Item>
          <Descriptions.Item label="方式">{TRIGGER_ZH[last.report?.trigger ?? ''] ?? '—'}</Descriptions.Item>
          <Descriptions.Item label="审计记录">#{last.auditId}</Descriptions.Item>
        </>
      ) : (
        <Descriptions.Item label="状态">尚未运行过</Descriptions.Item>
      )}
    </Descriptions>
  );
}
