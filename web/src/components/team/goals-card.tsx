import { App, Button, Card, Form, InputNumber, List, Segmented, Select, Tag } from 'antd';
import { api } from '../../lib/api';
import type { GoalMetricList } from '../../lib/api-shapes';
import { errorText } from '../../lib/errors-zh';
import { formatValue } from '../../lib/feedback';
import { useLoad } from '../../lib/use-api';
import type { Goal } from './team-types';

/** 成长目标 of the picked rep: set one (metric, target, this or next week) and the list with its state. */
export function GoalsCard({
  rep,
  repName,
  goals,
  onAdded,
}: {
  rep: string | undefined;
  repName: string | undefined;
  goals: Goal[];
  onAdded: () => void;
}) {
  const { message } = App.useApp();
  const [goalForm] = Form.useForm();
  const goalMetrics = useLoad(() => api<GoalMetricList>('/v1/goal-metrics').catch(() => ({ items: [] })), []);
  const addGoal = async (v: { metric: string; target: number; period: 'this_week' | 'next_week' }) => {
    const m = goalMetrics.data?.items.find((x) => x.id === v.metric);
    try {
      await api(`/v1/reps/${rep}/goals`, {
        method: 'POST',
        // Ratios are entered as percentages and sent as fractions.
        body: { metric: v.metric, target: m?.unit === 'ratio' ? v.target / 100 : v.target, period: v.period },
      });
      message.success('已设定成长目标');
      goalForm.resetFields();
      onAdded();
    } catch (e) {
      message.error(errorText(e));
    }
  };
  return (
    <Card size="small" title={`成长目标${repName ? ` · ${repName}` : ''}`} data-testid="goals">
      <Form
        form={goalForm}
        layout="inline"
        onFinish={(v) => void addGoal(v)}
        initialValues={{ period: 'next_week' }}
      >
        <Form.Item name="metric" rules={[{ required: true, message: '选择指标' }]}>
          <Select
            style={{ width: 160 }}
            placeholder="指标"
            aria-label="目标指标"
            options={(goalMetrics.data?.items ?? []).map((m) => ({
              value: m.id,
              label: `${m.nameZh}（${m.comparator}）`,
            }))}
          />
        </Form.Item>
        <Form.Item name="target" rules={[{ required: true, message: '目标值' }]}>
          {/* No step buttons: antd labels them "Increase Value" / "Decrease Value" whatever the locale. */}
          <InputNumber
            placeholder="目标（比例填 %）"
            aria-label="目标值"
            style={{ width: 130 }}
            min={0}
            controls={false}
          />
        </Form.Item>
        <Form.Item name="period">
          <Segmented
            aria-label="目标周期"
            options={[
              { value: 'this_week', label: '本周' },
              { value: 'next_week', label: '下周' },
            ]}
          />
        </Form.Item>
        <Button htmlType="submit">设定</Button>
      </Form>
      <List
        size="small"
        dataSource={goals}
        locale={{ emptyText: '暂无目标' }}
        renderItem={(g) => (
          <List.Item>
            {g.evaluation.nameZh} {g.evaluation.comparator} {formatValue(g.target, g.evaluation.unit)} ·{' '}
            {g.periodFrom} ~ {g.periodTo} · <Tag>{g.evaluation.stateZh}</Tag> 当前{' '}
            {formatValue(g.evaluation.value, g.evaluation.unit)}（{g.evaluation.calls} 通）
          </List.Item>
        )}
      />
    </Card>
  );
}
