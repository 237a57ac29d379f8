import { useState } from 'react';
import { ApiError, api } from '../../lib/api';
import type { FeedbackPackList, GoalList } from '../../lib/api-shapes';
import { useLoad } from '../../lib/use-api';
import type { Clusters, Heatmap, TeamMetrics } from './team-types';

/** The team's heatmap over the last `weeks` weeks (4, 8 or 12). */
export function useHeatmap(teamId: string | null) {
  const [weeks, setWeeks] = useState(4);
  const heatmap = useLoad(
    () =>
      teamId ? api<Heatmap>(`/v1/teams/${teamId}/heatmap`, { query: { weeks } }) : Promise.resolve(null),
    [teamId, weeks],
  );
  return { heatmap, weeks, setWeeks };
}

/** The team's metrics (reps, team and top-quartile averages) and its customers' questions. */
export function useTeamMetrics(teamId: string | null) {
  const metrics = useLoad(
    () => (teamId ? api<TeamMetrics>(`/v1/teams/${teamId}/metrics`) : Promise.resolve(null)),
    [teamId],
  );
  const questions = useLoad(
    () =>
      teamId
        ? api<Clusters>(`/v1/teams/${teamId}/customer-questions`, { query: { limit: 30 } })
        : Promise.resolve(null),
    [teamId],
  );
  return { metrics, questions };
}

/** A role that may not read a rep's goals or packs sees none; any other failure is the page's to show. */
const noneIfForbidden = (e: unknown) => {
  if (e instanceof ApiError && e.status === 403) return { items: [] };
  throw e;
};

/** The picked rep's growth goals and feedback packs. */
export function useRepPlans(rep: string | undefined) {
  const goals = useLoad(
    () =>
      rep ? api<GoalList>(`/v1/reps/${rep}/goals`).catch(noneIfForbidden) : Promise.resolve({ items: [] }),
    [rep],
  );
  const packs = useLoad(
    () =>
      rep
        ? api<FeedbackPackList>(`/v1/reps/${rep}/feedback-packs`).catch(noneIfForbidden)
        : Promise.resolve({ items: [] }),
    [rep],
  );
  return { goals, packs };
}
