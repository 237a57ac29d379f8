import { useEffect, useState } from 'react';
import { api, type CallStatus, type CallSummary, type CallView, type Dimension } from '../../lib/api';
import { useLoad } from '../../lib/use-api';

const PAGE = 20;

export interface CallFilters {
  status?: CallStatus | undefined;
  tag?: string | undefined;
  q?: string | undefined;
  repId?: string | undefined;
}

/** The team's reps with their names (a manager's rep filter and column); none for anyone else. */
export function useTeamReps(isManager: boolean, teamId: string | null | undefined) {
  return useLoad(
    () =>
      isManager && teamId
        ? api<{ reps: { repId: string; name: string }[] }>(`/v1/teams/${teamId}/metrics`)
            .then((m) => m.reps)
            .catch(() => [])
        : Promise.resolve([] as { repId: string; name: string }[]),
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
      api<{ items: CallSummary[]; nextCursor: string | null }>('/v1/calls', {
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

/**
 * The five dimension scores of the listed scored calls: the list carries only the total, so each
 * scored call's view is read once per revision.
 */
export function useCallDimensions(items: CallSummary[] | undefined) {
  const [dims, setDims] = useState<Record<string, Partial<Record<Dimension, number | null>>>>({});
  useEffect(() => {
    const missing = (items ?? []).filter((c) => c.status === 'scored' && !dims[`${c.id}@${c.revision}`]);
    if (missing.length === 0) return;
    let live = true;
    void Promise.all(
      missing.map((c) =>
        api<CallView>(`/v1/calls/${c.id}`).then(
          (v) => [`${c.id}@${c.revision}`, v.analysis?.dimensions ?? {}] as const,
          () => null,
        ),
      ),
    ).then((rows) => {
      if (!live) return;
      setDims((d) => ({ ...d, ...Object.fromEntries(rows.filter((r) => r !== null)) }));
    });
    return () => {
      live = false;
    };
  }, [items, dims]);
  return (c: CallSummary) => dims[`${c.id}@${c.revision}`];
}
