import { useState } from 'react';
import { api, type CallListPage, type CallStatus } from '../../lib/api';
import type { TeamMetrics } from '../../lib/api-shapes';
import { useLoad } from '../../lib/use-api';

const PAGE = 20;

export interface CallFilters {
  status?: CallStatus | undefined;
  tag?: string | undefined;
  q?: string | undefined;
  repId?: string | undefined;
}

/** A rep of the manager's team as the call list's filter and column read it. */
export type TeamRep = Pick<TeamMetrics['reps'][number], 'repId' | 'name'>;

/** The team's reps with their names (a manager's rep filter and column); none for anyone else. */
export function useTeamReps(isManager: boolean, teamId: string | null | undefined) {
  return useLoad(
    () =>
      isManager && teamId
        ? api<TeamMetrics>(`/v1/teams/${teamId}/metrics`)
            .then((m): TeamRep[] => m.reps)
            .catch((): TeamRep[] => [])
        : Promise.resolve<TeamRep[]>([]),
    [isManager, teamId],
  );
}

/** One page of the call list under the filters, with cursor paging back and forth. */
export function useCallPages(filters: CallFilters) {
  const [cursors, setCursors] = useState<(string | undefined)[]>([undefined]);
  const cursor = cursors[cursors.length - 1];
  const { status, tag, q, repId } = filters;
  const list = useLoad(
    () =>
      api<CallListPage>('/v1/calls', {
        query: { status, tag, q, repId, limit: PAGE, cursor },
      }),
    [status, tag, q, repId, cursor],
  );
  return {
    list,
    canGoBack: cursors.length > 1,
    back: () => setCursors((c) => c.slice(0, -1)),
    next: () => list.data?.nextCursor && setCursors((c) => [...c, list.data!.nextCursor!]),
    /** Back to the first page (the filters changed). */
    restart: () => setCursors([undefined]),
  };
}
