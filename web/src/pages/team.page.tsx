import { Alert, Col, Row, Typography } from 'antd';
import { useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { ErrorState } from '../components/error-state';
import { PartialLoadAlert } from '../components/partial-load-alert';
import { PendingApi } from '../components/pending-api';
import { ComparisonCard } from '../components/team/comparison-card';
import { ConcernsCloudCard, CustomerQuestionsCard } from '../components/team/customer-questions';
import { GoalsCard } from '../components/team/goals-card';
import { HeatmapCard } from '../components/team/heatmap-card';
import { RepRadarCard } from '../components/team/rep-radar-card';
import { useHeatmap, useRepPlans, useTeamMetrics } from '../components/team/use-team-data';
import { isMissingRoute } from '../lib/api';
import { useSession } from '../lib/session';

export default function TeamPage() {
  const { me } = useSession();
  const [params] = useSearchParams();
  const teamId = params.get('team') ?? me?.teamId ?? null;
  const { heatmap, weeks, setWeeks } = useHeatmap(teamId);
  const { metrics, questions } = useTeamMetrics(teamId);
  const [repId, setRepId] = useState<string | undefined>();
  const reps = metrics.data?.reps ?? heatmap.data?.reps.map((r) => ({ repId: r.repId, name: r.name })) ?? [];
  const rep = repId ?? reps[0]?.repId;
  const { goals, packs } = useRepPlans(rep);

  if ([heatmap.error, metrics.error].some((e) => isMissingRoute(e))) return <PendingApi what="团队" />;
  if (!teamId)
    return <Alert type="info" showIcon message="你不属于任何团队，请联系管理员把你加入团队后再查看" />;
  const failed = metrics.error ?? heatmap.error;
  if (failed && !metrics.data && !heatmap.data)
    return (
      <ErrorState
        error={failed}
        what="团队数据"
        onRetry={() => {
          void metrics.reload();
          void heatmap.reload();
        }}
      />
    );
  const selected = metrics.data?.reps.find((r) => r.repId === rep);
  const clusters = questions.data?.clusters ?? [];

  return (
    <div data-testid="team">
      <Typography.Title level={4} style={{ marginTop: 0 }}>
        团队{metrics.data?.teamName ? ` · ${metrics.data.teamName}` : ''}
      </Typography.Title>
      <PartialLoadAlert
        parts={[
          { what: '热力图', error: heatmap.error, reload: heatmap.reload },
          { what: '成员指标', error: metrics.error, reload: metrics.reload },
          { what: '客户问题', error: questions.error, reload: questions.reload },
          { what: '成长目标', error: goals.error, reload: goals.reload },
          { what: '反馈包', error: packs.error, reload: packs.reload },
        ]}
      />
      <Row gutter={[12, 12]}>
        <Col xs={24} xl={14}>
          <HeatmapCard heatmap={heatmap.data} weeks={weeks} onWeeks={setWeeks} />
        </Col>
        <Col xs={24} xl={10}>
          <RepRadarCard
            reps={reps}
            rep={rep}
            onRep={setRepId}
            metrics={metrics.data}
            packs={packs.data?.items ?? []}
          />
        </Col>
        <Col xs={24} xl={14}>
          <ComparisonCard metrics={metrics.data} />
        </Col>
        <Col xs={24} xl={10}>
          <GoalsCard
            rep={rep}
            repName={selected?.name}
            goals={goals.data?.items ?? []}
            onAdded={() => void goals.reload()}
          />
        </Col>
        <Col xs={24} xl={14}>
          <CustomerQuestionsCard clusters={clusters} />
        </Col>
        <Col xs={24} xl={10}>
          <ConcernsCloudCard clusters={clusters} />
        </Col>
      </Row>
    </div>
  );
}
