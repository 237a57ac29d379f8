import { App, Button, Empty, Input, List, Modal, Segmented, Select, Space, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { ReviewAppealCard } from '../components/appeal/review-appeal-card';
import { type Appeal, EffectLine, proposalText } from '../components/effect-line';
import { ErrorState } from '../components/error-state';
import { PendingApi } from '../components/pending-api';
import { api, isMissingRoute } from '../lib/api';
import type { AppealListPage } from '../lib/api-shapes';
import { errorText } from '../lib/errors-zh';
import { industryName } from '../lib/labels';
import { useLoad } from '../lib/use-api';

/** Ticks every second from the server's secondsLeft. */
function useClock(): number {
  const [t, setT] = useState(() => Date.now());
  useEffect(() => {
    const i = setInterval(() => setT(Date.now()), 1000);
    return () => clearInterval(i);
  }, []);
  return t;
}

export default function ReviewsPage() {
  const { message } = App.useApp();
  const [view, setView] = useState<'assigned' | 'all' | 'overdue'>('assigned');
  const [status, setStatus] = useState<string>('open,in_review');
  const [industry, setIndustry] = useState<string | undefined>();
  const list = useLoad(async () => {
    const r = await api<AppealListPage>('/v1/appeals', {
      query: { view, status: status || undefined, limit: 100 },
    });
    return { ...r, loadedAt: Date.now() };
  }, [view, status]);
  const now = useClock();
  const [deciding, setDeciding] = useState<{ appeal: Appeal; decision: 'accept' | 'reject' } | null>(null);
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);

  if (list.error && isMissingRoute(list.error)) return <PendingApi what="申诉复核" />;
  const loadedAt = list.data?.loadedAt ?? now;
  const left = (a: Appeal) =>
    a.secondsLeft === null ? null : a.secondsLeft - Math.floor((now - loadedAt) / 1000);
  const items = (list.data?.items ?? [])
    .filter((a) => !industry || a.industry === industry)
    .sort((a, b) => new Date(a.dueAt).getTime() - new Date(b.dueAt).getTime());
  const industries = [...new Set((list.data?.items ?? []).map((a) => a.industry))];

  const decide = async () => {
    if (!deciding) return;
    if (note.trim().length < 2) {
      message.error('请填写复核说明（至少 2 个字）');
      return;
    }
    setBusy(true);
    try {
      await api(`/v1/appeals/${deciding.appeal.id}/decision`, {
        method: 'POST',
        body: { decision: deciding.decision, note: note.trim() },
      });
      message.success(deciding.decision === 'accept' ? '已接受申诉，通话将按更正重新评分' : '已驳回申诉');
      setDeciding(null);
      setNote('');
      void list.reload();
    } catch (e) {
      message.error(errorText(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div>
      <Typography.Title level={4} style={{ marginTop: 0 }}>
        申诉复核
      </Typography.Title>
      <Space wrap style={{ marginBottom: 12 }}>
        <Segmented
          aria-label="显示哪些申诉"
          value={view}
          onChange={(v) => setView(v as typeof view)}
          options={[
            { value: 'assigned', label: '分配给我' },
            { value: 'all', label: '全部' },
            { value: 'overdue', label: '已超时' },
          ]}
        />
        <Select
          style={{ width: 150 }}
          aria-label="按处理状态筛选"
          value={status}
          onChange={setStatus}
          options={[
            { value: 'open,in_review', label: '待处理' },
            { value: 'accepted,rejected', label: '已处理' },
            { value: '', label: '全部状态' },
          ]}
        />
        <Select
          allowClear
          placeholder="行业"
          aria-label="按行业筛选"
          style={{ width: 130 }}
          value={industry}
          onChange={setIndustry}
          options={industries.map((i) => ({ value: i, label: industryName(i) }))}
        />
        <Button onClick={() => void list.reload()}>刷新</Button>
      </Space>
      {list.error ? (
        <ErrorState error={list.error} what="申诉复核" onRetry={() => void list.reload()} />
      ) : null}
      <List
        loading={list.loading}
        dataSource={items}
        data-testid="appeal-queue"
        locale={{ emptyText: <Empty description="队列为空" /> }}
        renderItem={(a) => (
          <List.Item className="tj-card-item">
            <ReviewAppealCard
              appeal={a}
              secondsLeft={left(a)}
              onDecide={(decision) => setDeciding({ appeal: a, decision })}
            />
          </List.Item>
        )}
      />
      <Modal
        open={!!deciding}
        title={deciding?.decision === 'accept' ? '接受申诉' : '驳回申诉'}
        okText="确定"
        cancelText="取消"
        confirmLoading={busy}
        onOk={() => void decide()}
        onCancel={() => setDeciding(null)}
      >
        {deciding && (
          <div style={{ marginBottom: 8 }}>
            {proposalText(deciding.appeal)}
            <div>
              <EffectLine preview={deciding.appeal.preview} />
            </div>
          </div>
        )}
        <Input.TextArea
          rows={3}
          value={note}
          onChange={(e) => setNote(e.target.value)}
          placeholder="复核说明（必填，会告知销售）"
          data-testid="decision-note"
        />
      </Modal>
    </div>
  );
}
