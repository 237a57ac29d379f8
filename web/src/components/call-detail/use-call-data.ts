import { useEffect } from 'react';
import { api, type CallView, type Dimension, type RepSummary } from '../../lib/api';
import type {
  AppealListPage,
  FeedbackPackList,
  FeedbackPackResponse,
  TeamMetrics,
} from '../../lib/api-shapes';
import { LIVE_APPEAL_STATUSES } from '../../lib/appeal-status';
import { useSession } from '../../lib/session';
import { useLoad } from '../../lib/use-api';
import type { Appeal } from '../effect-line';

/** The sentences of a call with an appeal waiting for a reviewer (their utterance ids). */
export function pendingAppealUtterances(appeals: readonly Appeal[] | undefined): ReadonlySet<string> {
  return new Set(
    (appeals ?? [])
      .filter((a) => a.utteranceId && LIVE_APPEAL_STATUSES.includes(a.status))
      .map((a) => a.utteranceId!),
  );
}

/** The call's view, reloaded every second until the pipeline settles it. */
export function useCallView(id: string) {
  const view = useLoad(() => api<CallView>(`/v1/calls/${encodeURIComponent(id)}`), [id]);
  const status = view.data?.call.status;
  // Live status until the call is scored (a 待确认行业 call waits for a person, not the pipeline).
  useEffect(() => {
    if (!status || status === 'scored' || status === 'failed' || status === 'needs_industry') return;
    const t = setTimeout(() => void view.reload(), 1000);
    return () => clearTimeout(t);
  }, [status, view]);
  return view;
}

/** The rep's averages over their scored calls (the radar's 我的平均 / 该销售平均). */
export function useRepSummary(v: CallView | undefined) {
  return useLoad(
    () => (v ? api<RepSummary>(`/v1/reps/${v.call.repId}/summary`).catch(() => null) : Promise.resolve(null)),
    [v?.call.repId],
  );
}

/**
 * The team average: the team's metrics for its managers; for a rep, their latest feedback pack
 * (which compares them with the team). No team figures are made up when neither exists.
 */
export function useTeamAverage(v: CallView | undefined) {
  const { has } = useSession();
  return useLoad(async (): Promise<{
    dims: Partial<Record<Dimension, number | null>>;
    asOf: string;
  } | null> => {
    if (!v?.call.teamId) return null;
    if (has('manager', 'admin')) {
      const m = await api<TeamMetrics>(`/v1/teams/${v.call.teamId}/metrics`).catch(() => null);
      if (m) return { dims: m.team.dimensions, asOf: m.asOf };
    }
    const packs = await api<FeedbackPackList>(`/v1/reps/${v.call.repId}/feedback-packs`).catch(() => null);
    const latest = packs?.items[0];
    if (!latest) return null;
    const p = await api<FeedbackPackResponse>(`/v1/feedback-packs/${latest.id}`).catch(() => null);
    return p
      ? { dims: Object.fromEntries(p.data.radar.map((r) => [r.id, r.team])), asOf: p.data.asOf }
      : null;
  }, [v?.call.teamId, v?.call.repId]);
}

/** The appeals on this call the user may see (all, the team's or their own), per revision. */
export function useCallAppeals(id: string, revision: number | undefined) {
  const { has } = useSession();
  const appealView = has('admin', 'reviewer') ? 'all' : has('manager') ? 'team' : 'mine';
  return useLoad(
    () =>
      api<AppealListPage>('/v1/appeals', { query: { view: appealView, callId: id, limit: 50 } })
        .then((r) => r.items)
        .catch(() => [] as Appeal[]),
    [id, appealView, revision],
  );
}
