import { useEffect, useState } from 'react';
import { api } from '../../lib/api';
import type {
  LexiconChangeRequestList,
  LexiconOverview,
  LexiconVersionList,
  RescoreRunList,
  RescoreRunProgress,
} from '../../lib/api-shapes';
import { useLoad } from '../../lib/use-api';
import type { Run } from './types';

/** One industry's lexicon as the page shows it: the current and draft versions, all versions, change requests, rescore runs. */
export function useLexicon(industry: string) {
  const detail = useLoad(() => api<LexiconOverview>(`/v1/lexicons/${industry}`), [industry]);
  const versions = useLoad(() => api<LexiconVersionList>(`/v1/lexicons/${industry}/versions`), [industry]);
  const crs = useLoad(
    () => api<LexiconChangeRequestList>(`/v1/lexicons/${industry}/change-requests`),
    [industry],
  );
  const runs = useLoad(() => api<RescoreRunList>(`/v1/lexicons/${industry}/rescores`), [industry]);
  return { detail, versions, crs, runs };
}

/** The rescore run the page follows (after a publish or a rollback), polled until it is done. */
export function useRescoreRun(reloadRuns: () => unknown) {
  const [run, setRun] = useState<Run | null>(null);
  // Rescore progress: poll the run until it is done.
  useEffect(() => {
    if (!run || run.status === 'done' || run.status === 'failed') return;
    const t = setTimeout(() => {
      api<RescoreRunProgress>(`/v1/rescores/${run.id}`).then(
        (r) => {
          setRun(r.run);
          if (r.run.status === 'done') void reloadRuns();
        },
        () => undefined,
      );
    }, 800);
    return () => clearTimeout(t);
  }, [run, reloadRuns]);
  return [run, setRun] as const;
}
