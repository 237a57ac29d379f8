import type { JobData } from '../../pipeline/queue.js';
import type { FeedbackService } from '../feedback/feedback.service.js';

export interface AggregateDeps {
  feedback: FeedbackService;
  log: { info: (o: object, m: string) => void };
}

/**
 * The `aggregate` stage: a call was scored or rescored (appeal corrections included), so its
 * facts and its rep's day bucket are replaced and the rep's running goals re-evaluated. A job for
 * a revision the call has left, or for a call no longer scored, is skipped: the newer analysis
 * enqueues its own job.
 */
export async function aggregateStage(deps: AggregateDeps, job: JobData<'aggregate'>): Promise<void> {
  const result = await deps.feedback.updateCall(job.callId, job.revision);
  if (result !== 'updated') {
    deps.log.info({ callId: job.callId, revision: job.revision, result }, 'aggregate job skipped');
  }
}
