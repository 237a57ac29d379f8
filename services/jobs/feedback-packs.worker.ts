import { UnrecoverableError } from 'bullmq';
import type { UserRepository } from '../../models/user.repository.js';
import { type JobData, JobName, type JobQueue } from '../../pipeline/queue.js';
import type { FeedbackService } from '../feedback/feedback.service.js';
import { localDateTime } from '../feedback/time.js';

export interface FeedbackPacksDeps {
  feedback: FeedbackService;
  users: Pick<UserRepository, 'getTeam' | 'listTeams'>;
  queue: JobQueue;
  log: { info: (o: object, m: string) => void };
}

/** Key of a scheduled run: its local minute, e.g. 20260601-0800 (job ids may not contain ':'). */
export function runKeyOf(at: Date, timeZone: string): string {
  return localDateTime(at, timeZone).replace(/[-:]/g, '').replace(' ', '-');
}

/**
 * The `feedback-packs` stage. Without a team (the repeatable schedule) it fans out one job per
 * team, all for the same moment; with a team it stores one pack per active rep of the team. A
 * run's packs carry its key, so a retried or duplicated job replaces them instead of adding more.
 */
export async function feedbackPacksStage(
  deps: FeedbackPacksDeps,
  job: JobData<'feedback-packs'>,
): Promise<void> {
  const at = job.at ? new Date(job.at) : new Date();
  const runKey = runKeyOf(at, deps.feedback.timeZone);
  if (job.teamId === null) {
    const teams = await deps.users.listTeams();
    for (const team of teams) {
      await deps.queue.enqueue(
        JobName.FeedbackPacks,
        { teamId: team.id, at: at.toISOString() },
        `${JobName.FeedbackPacks}-${team.id}-${runKey}`,
      );
    }
    deps.log.info({ teams: teams.length, runKey }, 'feedback pack run planned');
    return;
  }
  const team = await deps.users.getTeam(job.teamId);
  if (!team) throw new UnrecoverableError(`team ${job.teamId} not found`);
  await deps.feedback.generateTeamPacks(team.id, { at, trigger: 'schedule', runKey });
}

/** The `goals-evaluate` stage: goals of a team (or all) evaluated and stored (daily). */
export async function goalsEvaluateStage(
  deps: Pick<FeedbackPacksDeps, 'feedback' | 'log'>,
  job: JobData<'goals-evaluate'>,
): Promise<void> {
  const at = job.at ? new Date(job.at) : new Date();
  const n = await deps.feedback.evaluateGoals(job.teamId === null ? {} : { teamId: job.teamId }, at);
  deps.log.info({ teamId: job.teamId, goals: n }, 'growth goals evaluated');
}
