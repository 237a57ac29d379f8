import { App, Button, Card, Empty, Select, Space } from 'antd';
import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { api } from '../../lib/api';
import type { FeedbackPackResponse } from '../../lib/api-shapes';
import { errorText } from '../../lib/errors-zh';
import type { PackSummary } from '../../lib/feedback';
import { formatDate } from '../../lib/labels';
import { Radar } from '../radar';
import type { TeamMetrics } from './team-types';

/**
 * 销售能力雷达: the picked rep (searchable picker) against the team average and the top quarter;
 * generates a feedback pack for them and opens their latest three.
 */
export function RepRadarCard({
  reps,
  rep,
  onRep,
  metrics,
  packs,
}: {
  reps: { repId: string; name: string }[];
  rep: string | undefined;
  onRep: (repId: string) => void;
  metrics: TeamMetrics | null | undefined;
  packs: PackSummary[];
}) {
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [busy, setBusy] = useState(false);
  const selected = metrics?.reps.find((r) => r.repId === rep);
  const generatePack = async () => {
    if (!rep) return;
    setBusy(true);
    try {
      const r = await api<FeedbackPackResponse>(`/v1/reps/${rep}/feedback-packs`, {
        method: 'POST',
        body: {},
      });
      navigate(`/team/packs/${r.pack.id}`);
    } catch (e) {
      message.error(errorText(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card
      size="small"
      title="销售能力雷达"
      extra={
        <Select
          size="small"
          style={{ width: 150 }}
          value={rep}
          onChange={onRep}
          showSearch
          optionFilterProp="label"
          options={reps.map((r) => ({ value: r.repId, label: r.name }))}
          aria-label="选择销售（可搜索）"
          data-testid="rep-select"
        />
      }
    >
      {selected && metrics ? (
        <Radar
          testId="rep-radar"
          series={[
            { name: selected.name, values: selected.stats.dimensions, color: '#1d5fd6' },
            { name: '团队平均', values: metrics.team.dimensions, color: '#fa8c16', dashed: true },
            { name: '前 25%', values: metrics.top.dimensions, color: '#52c41a', dashed: true },
          ]}
        />
      ) : (
        <Empty description="暂无数据" />
      )}
      <Space wrap>
        <Button type="primary" loading={busy} onClick={() => void generatePack()} data-testid="generate-pack">
          生成反馈包
        </Button>
        {packs.slice(0, 3).map((p) => (
          <Button key={p.id} size="small" onClick={() => navigate(`/team/packs/${p.id}`)}>
            {formatDate(p.createdAt)}
          </Button>
        ))}
      </Space>
    </Card>
  );
}
