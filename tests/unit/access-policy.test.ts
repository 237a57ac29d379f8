import { describe, expect, it } from 'vitest';
import { AppError } from '../../models/errors.js';
import {
  type Actor,
  appealListScope,
  authorize,
  callListScope,
  can,
  decide,
} from '../../services/access/policy.js';

const admin: Actor = { id: 'u-admin', roles: ['admin'], teamId: null };
const managerA: Actor = { id: 'u-mgr', roles: ['manager'], teamId: 'team-a' };
const lonelyManager: Actor = { id: 'u-mgr0', roles: ['manager'], teamId: null };
const reviewer: Actor = { id: 'u-rev', roles: ['reviewer'], teamId: null };
const editor: Actor = { id: 'u-ed', roles: ['lexicon_editor'], teamId: null };
const repA: Actor = { id: 'u-rep-a', roles: ['rep'], teamId: 'team-a', externalId: 'rep-a' };
const repB: Actor = { id: 'u-rep-b', roles: ['rep'], teamId: 'team-b' };
/** Was the rep of call A, now manages team B. */
const promoted: Actor = { id: 'u-rep-a', roles: ['manager'], teamId: 'team-b' };

const callA = { repId: 'u-rep-a', teamId: 'team-a' };
const appealA = { id: 'appeal-1', repId: 'u-rep-a', teamId: 'team-a', filedBy: 'u-rep-a', reviewerId: null };

/** The outcome as one word: allowed, 403 or 404. */
const outcome = (d: ReturnType<typeof decide>) =>
  d.allowed ? 'allowed' : d.code === 'not_found' ? '404' : '403';

describe('access policy', () => {
  it.each([
    // who, action, resource, outcome
    [admin, 'call.read', callA, 'allowed'],
    [reviewer, 'call.read', callA, 'allowed'],
    [editor, 'call.read', callA, 'allowed'],
    [managerA, 'call.read', callA, 'allowed'],
    [lonelyManager, 'call.read', { repId: 'x', teamId: null }, '404'],
    [repA, 'call.read', callA, 'allowed'],
    [repB, 'call.read', callA, '404'],
    [promoted, 'call.read', callA, '404'],
    // An appeal: exactly on a call its rep may read.
    [repA, 'call.appeal', callA, 'allowed'],
    [repB, 'call.appeal', callA, '404'],
    [managerA, 'call.appeal', callA, '403'],
    [admin, 'call.appeal', callA, '403'],
    [promoted, 'call.appeal', callA, '404'],
    [editor, 'call.set_industry', callA, '403'],
    [managerA, 'call.set_industry', callA, 'allowed'],
    [repB, 'call.set_industry', callA, '404'],
    [repA, 'appeal.read', appealA, 'allowed'],
    [promoted, 'appeal.read', appealA, '404'],
    [editor, 'appeal.read', appealA, '404'],
    [repA, 'appeal.withdraw', appealA, 'allowed'],
    [managerA, 'appeal.withdraw', appealA, '403'],
    [reviewer, 'appeal.review', appealA, 'allowed'],
    [reviewer, 'appeal.review', { ...appealA, reviewerId: 'u-other' }, '403'],
    [managerA, 'appeal.review', appealA, '403'],
    [repB, 'appeal.review', appealA, '404'],
    // Deciding refuses a non-reviewer before looking: 403 even where the appeal is hidden.
    [repB, 'appeal.decide', appealA, '403'],
    [{ ...repA, roles: ['rep', 'reviewer'] }, 'appeal.decide', appealA, '403'],
    [managerA, 'appeal.assign', { ...appealA, assignee: 'u-rev' }, 'allowed'],
    [{ ...managerA, teamId: 'team-b' }, 'appeal.assign', { ...appealA, assignee: 'u-rev' }, '404'],
    [reviewer, 'appeal.assign', { ...appealA, assignee: 'u-rev' }, 'allowed'],
    [reviewer, 'appeal.assign', { ...appealA, assignee: 'u-other' }, '403'],
    [repA, 'call.create', { repRef: 'rep-a', repTeamId: 'team-a' }, 'allowed'],
    [repA, 'call.create', { repRef: 'u-rep-b', repTeamId: 'team-b' }, '403'],
    [managerA, 'call.create', { repRef: 'u-rep-b', repTeamId: 'team-b' }, '403'],
    [managerA, 'call.create', { repRef: 'new-rep', repTeamId: undefined }, 'allowed'],
    [reviewer, 'call.create', { repRef: 'u-rep-a', repTeamId: 'team-a' }, '403'],
    [managerA, 'team.read', { id: 'team-a' }, 'allowed'],
    [managerA, 'team.read', { id: 'team-b' }, '404'],
    [repA, 'team.read', { id: 'team-a' }, '404'],
    [reviewer, 'team.read', { id: 'team-a' }, '404'],
    [managerA, 'team.set_sla', { id: 'team-b' }, '403'],
    [repA, 'rep.summary', { id: 'u-rep-a', teamId: 'team-a', roles: ['rep'] }, 'allowed'],
    [reviewer, 'rep.summary', { id: 'u-rep-a', teamId: 'team-a', roles: ['rep'] }, 'allowed'],
    [reviewer, 'pack.read', { id: 'u-rep-a', teamId: 'team-a', roles: ['rep'] }, '404'],
    [repA, 'pack.create', { id: 'u-rep-a', teamId: 'team-a', roles: ['rep'] }, '403'],
    [repB, 'pack.create', { id: 'u-rep-a', teamId: 'team-a', roles: ['rep'] }, '404'],
    [managerA, 'goal.cancel', { id: 'u-rep-a', teamId: 'team-a', roles: ['rep'] }, 'allowed'],
    [repA, 'goal.cancel', { id: 'u-rep-a', teamId: 'team-a', roles: ['rep'] }, '403'],
    [repA, 'import.read', { ownerId: 'u-rep-a' }, 'allowed'],
    [managerA, 'import.read', { ownerId: 'u-rep-a' }, '404'],
    [managerA, 'reviewer_pool.edit', { teamId: 'team-a' }, 'allowed'],
    [managerA, 'reviewer_pool.edit', { teamId: null }, '403'],
    [reviewer, 'appeal.list', { view: 'assigned' }, 'allowed'],
    [repA, 'appeal.list', { view: 'overdue' }, '403'],
    [lonelyManager, 'appeal.list', { view: 'team' }, '403'],
    [managerA, 'appeal.list', { view: 'all' }, '403'],
    // Audit entries: admins all; managers their team's calls, appeals and people, and the shared rest.
    [admin, 'audit.read', { entity: 'token', teamId: null }, 'allowed'],
    [managerA, 'audit.read', { entity: 'token', teamId: null }, '403'],
    [managerA, 'audit.read', { entity: 'call', teamId: 'team-a' }, 'allowed'],
    [managerA, 'audit.read', { entity: 'call', teamId: 'team-b' }, '404'],
    [managerA, 'audit.read', { entity: 'user', teamId: undefined }, '404'],
    [managerA, 'audit.read', { entity: 'lexicon', teamId: null }, 'allowed'],
    [reviewer, 'audit.read', { entity: 'lexicon', teamId: null }, '403'],
    [editor, 'lexicon.publish', undefined, 'allowed'],
    [reviewer, 'lexicon.edit', undefined, '403'],
    [reviewer, 'lexicon.read', undefined, 'allowed'],
    [repA, 'model.read', undefined, '403'],
    [editor, 'model.train', undefined, 'allowed'],
    [managerA, 'privacy.erase', undefined, '403'],
  ] as const)('%#: %o %s → %s', (user, action, resource, expected) => {
    expect(outcome(decide(user, action, resource as never))).toBe(expected);
    expect(can(user, action, resource as never)).toBe(expected === 'allowed');
  });

  it('throws the refusal as the error the API answers with, naming what was asked for on a 404', () => {
    const refusal = (fn: () => void) => {
      try {
        fn();
      } catch (err) {
        return err instanceof AppError ? [err.code, err.message] : err;
      }
      return 'allowed';
    };
    expect(refusal(() => authorize(repB, 'call.read', callA, 'call c-1 not found'))).toEqual([
      'not_found',
      'call c-1 not found',
    ]);
    expect(refusal(() => authorize(managerA, 'call.appeal', callA, 'call c-1 not found'))).toEqual([
      'forbidden',
      "only the call's rep can appeal its results",
    ]);
    expect(refusal(() => authorize(repA, 'lexicon.edit'))).toEqual([
      'forbidden',
      'only lexicon editors change lexicons',
    ]);
    expect(refusal(() => authorize(repA, 'call.appeal', callA))).toBe('allowed');
  });

  it('scopes the call and appeal lists by role', () => {
    expect(callListScope(editor)).toEqual({});
    expect(callListScope(managerA)).toEqual({ teamId: 'team-a' });
    expect(callListScope(lonelyManager)).toEqual({ teamId: '-none-' });
    expect(callListScope(repA)).toEqual({ repId: 'u-rep-a' });
    expect(appealListScope(admin, 'team-b')).toEqual({ teamId: 'team-b' });
    expect(appealListScope(managerA, 'team-b')).toEqual({ teamId: 'team-a' });
    expect(appealListScope(reviewer, undefined)).toEqual({ reviewerId: 'u-rev' });
  });
});
