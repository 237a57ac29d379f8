import { Router } from 'express';
import { AppError, ErrorCode } from '../../models/errors.js';
import type { UserRepository } from '../../models/user.repository.js';
import { authorize } from '../../services/access/policy.js';
import { ZGoalBody } from '../../services/feedback/goals.schema.js';
import type { GoalService } from '../../services/feedback/goals.service.js';
import { requireUser } from '../middleware/auth.js';
import { findVisibleRep } from './feedback.routes.js';

export interface GoalRouteDeps {
  goals: GoalService;
  users: Pick<UserRepository, 'findUser' | 'getUser'>;
}

/** Growth goals: HTTP only; the goal service validates, stores and evaluates. */
export function goalsRoutes(deps: GoalRouteDeps): Router {
  const r = Router();

  r.get('/v1/goal-metrics', (_req, res) => {
    res.json(deps.goals.metrics());
  });

  r.post('/v1/reps/:id/goals', async (req, res) => {
    const user = requireUser(req);
    const body = ZGoalBody.parse(req.body ?? {});
    const rep = await findVisibleRep(deps.users, user, req.params.id, 'goal.create');
    res.status(201).json(await deps.goals.create(rep, body, user.id));
  });

  r.get('/v1/reps/:id/goals', async (req, res) => {
    const user = requireUser(req);
    const rep = await findVisibleRep(deps.users, user, req.params.id);
    res.json(await deps.goals.listForRep(rep.id));
  });

  /** The goal and its rep, when `user` may see the rep (else NotFound: existence must not leak). */
  const findVisibleGoal = async (user: ReturnType<typeof requireUser>, id: string) => {
    const goal = await deps.goals.find(id);
    const rep = await findVisibleRep(deps.users, user, goal.repId).catch(() => {
      throw new AppError(ErrorCode.NotFound, `goal ${id} not found`);
    });
    return { goal, rep };
  };

  r.get('/v1/goals/:id', async (req, res) => {
    const { goal } = await findVisibleGoal(requireUser(req), req.params.id);
    res.json(await deps.goals.view(goal));
  });

  r.delete('/v1/goals/:id', async (req, res) => {
    const user = requireUser(req);
    const { goal, rep } = await findVisibleGoal(user, req.params.id);
    authorize(user, 'goal.cancel', rep, `goal ${req.params.id} not found`);
    res.json(await deps.goals.cancel(goal.id));
  });

  return r;
}
