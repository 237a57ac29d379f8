import { AppError, ErrorCode } from '../../models/errors.js';
import type { Role } from '../../models/schema.js';

/**
 * The one access policy: who may do what to which resource. Routes and services ask
 * {@link can} / {@link authorize} instead of checking roles themselves; {@link ENDPOINTS} maps
 * every HTTP endpoint to the action it asks about (the role × endpoint matrix test is driven
 * from it).
 */

/** What the policy knows of a caller. */
export interface Actor {
  id: string;
  roles: readonly Role[] | readonly string[];
  teamId: string | null;
  externalId?: string | null;
}

/** A call, as far as access goes. */
export interface CallResource {
  repId: string;
  teamId: string | null;
}

/** A person whose figures, packs or goals are asked for. */
export interface PersonResource {
  id: string;
  teamId: string | null;
  roles: readonly string[];
}

export interface AppealResource {
  id: string;
  repId: string;
  teamId: string | null;
  filedBy: string;
  reviewerId: string | null;
}

/** The entity whose audit entries are asked for, with the team it belongs to (undefined: none found). */
export interface AuditSubject {
  entity: AuditEntity;
  teamId: string | null | undefined;
}

export const AUDIT_ENTITIES = [
  'call',
  'appeal',
  'lexicon',
  'lexicon_change_request',
  'rescore_run',
  'user',
  'token',
  'learned_model',
  'customer',
] as const;
export type AuditEntity = (typeof AUDIT_ENTITIES)[number];

/** The resource each action is decided on (`undefined`: a decision on the caller's roles alone). */
export interface Resources {
  'session.read': undefined;
  'call.list': undefined;
  'call.read': CallResource;
  /** `repRef` as sent (id or external id); `repTeamId` the team of that active rep, undefined if none. */
  'call.create': { repRef: unknown; repTeamId: string | null | undefined };
  'call.set_industry': CallResource;
  'call.appeal': CallResource;
  'rep.summary': PersonResource;
  'pack.read': PersonResource;
  'pack.create': PersonResource;
  'goal.create': PersonResource;
  'goal.cancel': PersonResource;
  'goal.metrics': undefined;
  'team.read': { id: string };
  'team.set_sla': { id: string };
  'import.create': undefined;
  'import.read': { ownerId: string };
  'appeal.list': { view: 'mine' | 'assigned' | 'team' | 'overdue' | 'flagged' | 'all' };
  'appeal.read': AppealResource;
  'appeal.stats': undefined;
  'appeal.withdraw': AppealResource;
  'appeal.assign': AppealResource & { assignee: string };
  'appeal.review': AppealResource;
  'appeal.decide': AppealResource;
  'reviewer_pool.read': undefined;
  'reviewer_pool.edit': { teamId: string | null };
  'notification.read': undefined;
  'lexicon.read': undefined;
  'lexicon.edit': undefined;
  'lexicon.publish': undefined;
  'model.read': undefined;
  'model.train': undefined;
  'audit.read': AuditSubject;
  'privacy.erase': undefined;
  'privacy.retention': undefined;
  'sso.admin': undefined;
  'queue.dashboard': undefined;
}
export type Action = keyof Resources;

/** true, or the reason of a refusal (the error message). */
type Verdict = true | string;

interface Rule<A extends Action> {
  /** Refused with this status's code: 404 where existence must not leak. */
  deny: 'forbidden' | 'not_found';
  /** Who may ever do it: checked first, also when no resource is known yet (403). */
  roles?: { only: readonly Role[]; message: string };
  /** Checked after the roles: where this says no, the answer is 404 (the thing stays hidden). */
  hiddenUnless?: (u: Actor, r: Resources[A]) => boolean;
  /** The decision on the resource itself. */
  rule?: (u: Actor, r: Resources[A]) => Verdict;
}

const has = (u: Actor, ...roles: Role[]) => roles.some((r) => (u.roles as readonly string[]).includes(r));
/** A manager of this team (a manager without a team manages nobody). */
const managerOf = (u: Actor, teamId: string | null) =>
  has(u, 'manager') && u.teamId !== null && teamId === u.teamId;
/** The rep whose own work this is. */
const ownRep = (u: Actor, repId: string) => has(u, 'rep') && repId === u.id;

const readCall = (u: Actor, c: CallResource) =>
  has(u, 'admin', 'reviewer', 'lexicon_editor') || managerOf(u, c.teamId) || ownRep(u, c.repId);
const readAppeal = (u: Actor, a: { repId: string; teamId: string | null }) =>
  has(u, 'admin', 'reviewer') || managerOf(u, a.teamId) || ownRep(u, a.repId);
/** Packs and goals are about reps: admins, the rep's team's managers and the rep. */
const readPacks = (u: Actor, p: PersonResource) =>
  p.roles.includes('rep') && (has(u, 'admin') || managerOf(u, p.teamId) || p.id === u.id);
const manageRep = (u: Actor, p: PersonResource): Verdict =>
  (p.roles.includes('rep') && (has(u, 'admin') || managerOf(u, p.teamId))) ||
  'only a manager of your team or an admin may do this';
const reviewable = (u: Actor, a: AppealResource): Verdict => {
  if (a.repId === u.id) return 'a reviewer never decides an appeal on their own call';
  if (a.reviewerId && a.reviewerId !== u.id)
    return `appeal ${a.id} is assigned to another reviewer; ask a manager to reassign it`;
  return true;
};

/** An admin sees every team's appeals, a manager their own team's (none without a team). */
const teamScoped = (u: Actor): Verdict =>
  has(u, 'admin') || u.teamId !== null || 'a manager without a team has no team appeals';

const LEXICON_READERS: readonly Role[] = ['lexicon_editor', 'admin', 'reviewer', 'manager'];
const EVERYONE = undefined;

/** Entities only admins read (tokens; erasure requests). */
const AUDIT_ADMIN_ONLY: ReadonlySet<AuditEntity> = new Set(['token', 'customer']);
/** Entities whose audit concerns one team's people: a manager sees only their own team's. */
const AUDIT_TEAM_SCOPED: ReadonlySet<AuditEntity> = new Set(['call', 'appeal', 'user']);

const RULES: { [A in Action]: Rule<A> } = {
  'session.read': { deny: 'forbidden', roles: EVERYONE },
  'call.list': { deny: 'forbidden' },
  'call.read': { deny: 'not_found', hiddenUnless: readCall },
  'call.create': {
    deny: 'forbidden',
    roles: { only: ['admin', 'manager', 'rep'], message: 'your roles cannot submit calls' },
    rule: (u, { repRef, repTeamId }) => {
      if (!has(u, 'admin', 'manager') && repRef !== u.id && repRef !== u.externalId)
        return 'reps may only submit their own calls';
      if (has(u, 'manager') && !has(u, 'admin') && typeof repRef === 'string' && repTeamId !== undefined) {
        if (repTeamId !== u.teamId) return 'managers may only submit calls of their own team';
      }
      return true;
    },
  },
  'call.set_industry': {
    deny: 'forbidden',
    hiddenUnless: readCall,
    rule: (u) =>
      !has(u, 'lexicon_editor') ||
      has(u, 'admin', 'reviewer', 'manager', 'rep') ||
      "lexicon editors do not change a call's industry",
  },
  // An appeal is filed exactly on a call the rep may read, and only by its rep.
  'call.appeal': {
    deny: 'forbidden',
    hiddenUnless: readCall,
    rule: (u, c) => ownRep(u, c.repId) || "only the call's rep can appeal its results",
  },
  'rep.summary': {
    deny: 'not_found',
    hiddenUnless: (u, p) => has(u, 'admin', 'reviewer') || managerOf(u, p.teamId) || p.id === u.id,
  },
  'pack.read': { deny: 'not_found', hiddenUnless: readPacks },
  // The rep themselves sees a 403 (they know they exist); anyone else who may not see them a 404.
  'pack.create': {
    deny: 'forbidden',
    hiddenUnless: (u, p) => readPacks(u, p) || p.id === u.id,
    rule: manageRep,
  },
  'goal.create': {
    deny: 'forbidden',
    hiddenUnless: (u, p) => readPacks(u, p) || p.id === u.id,
    rule: manageRep,
  },
  'goal.cancel': {
    deny: 'forbidden',
    hiddenUnless: readPacks,
    rule: (u, p) =>
      has(u, 'admin') || managerOf(u, p.teamId) || 'only a manager of the team or an admin may cancel a goal',
  },
  'goal.metrics': { deny: 'forbidden' },
  'team.read': {
    deny: 'not_found',
    hiddenUnless: (u, t) => has(u, 'admin') || (has(u, 'manager') && u.teamId === t.id),
  },
  'team.set_sla': {
    deny: 'forbidden',
    rule: (u, t) =>
      has(u, 'admin') ||
      (has(u, 'manager') && u.teamId === t.id) ||
      "only admins and the team's managers set its appeal SLA",
  },
  'import.create': {
    deny: 'forbidden',
    roles: { only: ['admin', 'manager', 'rep'], message: 'your roles cannot import calls' },
  },
  'import.read': { deny: 'not_found', hiddenUnless: (u, i) => has(u, 'admin') || i.ownerId === u.id },
  'appeal.list': {
    deny: 'forbidden',
    rule: (u, { view }) => {
      switch (view) {
        case 'mine':
          return true;
        case 'assigned':
          return has(u, 'reviewer') || 'only reviewers have assigned appeals';
        case 'team':
          if (!has(u, 'manager', 'admin')) return 'the team list is for managers and admins';
          return teamScoped(u);
        case 'overdue':
        case 'flagged':
          if (has(u, 'admin', 'manager')) return teamScoped(u);
          return has(u, 'reviewer') || `the ${view} list is for reviewers, managers and admins`;
        case 'all':
          return has(u, 'admin', 'reviewer') || 'the full list is for reviewers and admins';
      }
    },
  },
  'appeal.read': { deny: 'not_found', hiddenUnless: readAppeal },
  'appeal.stats': {
    deny: 'forbidden',
    roles: {
      only: ['lexicon_editor', 'reviewer', 'manager', 'admin'],
      message: 'appeal statistics are for lexicon editors, reviewers, managers and admins',
    },
  },
  'appeal.withdraw': {
    deny: 'forbidden',
    hiddenUnless: readAppeal,
    rule: (u, a) => a.filedBy === u.id || 'only the rep who filed an appeal can withdraw it',
  },
  // Managers and admins assign; a reviewer may take an appeal for themselves.
  'appeal.assign': {
    deny: 'forbidden',
    hiddenUnless: readAppeal,
    rule: (u, a) => {
      const self = a.assignee === u.id && has(u, 'reviewer');
      if (!self && !has(u, 'manager', 'admin'))
        return 'only managers and admins assign appeals (reviewers may take one themselves)';
      if (has(u, 'manager') && !has(u, 'admin') && !self && a.teamId !== u.teamId)
        return "a manager assigns their own team's appeals";
      return true;
    },
  },
  // Starting a review: a reviewer, never on their own call, the assigned one if any (an appeal
  // the caller may not see is a 404 first).
  'appeal.review': {
    deny: 'forbidden',
    hiddenUnless: readAppeal,
    rule: (u, a) => (has(u, 'reviewer') ? reviewable(u, a) : 'only reviewers decide appeals'),
  },
  // Deciding: the same, but a caller who is no reviewer is refused before anything is looked up.
  'appeal.decide': {
    deny: 'forbidden',
    roles: { only: ['reviewer'], message: 'only reviewers decide appeals' },
    hiddenUnless: readAppeal,
    rule: reviewable,
  },
  'reviewer_pool.read': {
    deny: 'forbidden',
    roles: { only: ['admin', 'manager', 'reviewer'], message: 'not for your roles' },
  },
  'reviewer_pool.edit': {
    deny: 'forbidden',
    roles: { only: ['admin', 'manager'], message: 'only managers and admins set reviewer pools' },
    rule: (u, p) =>
      has(u, 'admin') ||
      (p.teamId !== null && p.teamId === u.teamId) ||
      "a manager sets their own team's pool",
  },
  'notification.read': {
    deny: 'forbidden',
    roles: { only: ['admin'], message: 'the notification outbox is for admins' },
  },
  'lexicon.read': {
    deny: 'forbidden',
    roles: {
      only: LEXICON_READERS,
      message: 'lexicons are for lexicon editors, reviewers, managers and admins',
    },
  },
  'lexicon.edit': {
    deny: 'forbidden',
    roles: { only: ['lexicon_editor', 'admin'], message: 'only lexicon editors change lexicons' },
  },
  'lexicon.publish': {
    deny: 'forbidden',
    roles: { only: ['lexicon_editor', 'admin'], message: 'only lexicon editors change lexicons' },
  },
  'model.read': {
    deny: 'forbidden',
    roles: {
      only: LEXICON_READERS,
      message: 'model versions are for lexicon editors, reviewers, managers and admins',
    },
  },
  'model.train': {
    deny: 'forbidden',
    roles: {
      only: ['lexicon_editor', 'admin'],
      message: 'only lexicon editors and admins retrain the learned model',
    },
  },
  // Admins read every entry; managers lexicon, rescore and model entries, and those of their own
  // team's calls, appeals and people (anything else of those is a 404, as the entity itself is).
  'audit.read': {
    deny: 'forbidden',
    roles: { only: ['admin', 'manager'], message: 'the audit log is for admins and managers' },
    rule: (u, s) => {
      if (has(u, 'admin')) return true;
      if (AUDIT_ADMIN_ONLY.has(s.entity)) return `${s.entity} audit entries are for admins`;
      return true;
    },
    hiddenUnless: (u, s) =>
      has(u, 'admin') ||
      !AUDIT_TEAM_SCOPED.has(s.entity) ||
      (u.teamId !== null && s.teamId !== undefined && s.teamId === u.teamId),
  },
  'privacy.erase': {
    deny: 'forbidden',
    roles: { only: ['admin'], message: 'only admins erase customer data' },
  },
  'privacy.retention': {
    deny: 'forbidden',
    roles: { only: ['admin'], message: 'only admins read and run retention' },
  },
  'sso.admin': {
    deny: 'forbidden',
    roles: { only: ['admin'], message: 'sign-in mappings are for admins' },
  },
  'queue.dashboard': {
    deny: 'forbidden',
    roles: { only: ['admin'], message: 'the queue dashboard is for admins' },
  },
};

/** The outcome of one decision: allowed, or the error code and message of the refusal. */
export type Decision =
  | { allowed: true }
  | { allowed: false; code: typeof ErrorCode.Forbidden | typeof ErrorCode.NotFound; message: string };

/**
 * Decides one action. Without a resource only the roles are checked (a route asks before it
 * loads anything, so a 403 there says nothing about what exists); with one, in this order: the
 * roles (403), hidden (404), the rule (the action's own code).
 */
export function decide<A extends Action>(user: Actor, action: A, resource?: Resources[A]): Decision {
  const rule = RULES[action] as Rule<A>;
  if (rule.roles && !has(user, ...rule.roles.only))
    return { allowed: false, code: ErrorCode.Forbidden, message: rule.roles.message };
  if (resource !== undefined && rule.hiddenUnless && !rule.hiddenUnless(user, resource))
    return { allowed: false, code: ErrorCode.NotFound, message: 'not found' };
  if (resource !== undefined && rule.rule) {
    const verdict = rule.rule(user, resource);
    if (verdict !== true)
      return {
        allowed: false,
        code: rule.deny === 'not_found' ? ErrorCode.NotFound : ErrorCode.Forbidden,
        message: verdict,
      };
  }
  return { allowed: true };
}

/** May `user` do `action` (to `resource`)? */
export function can<A extends Action>(user: Actor, action: A, resource?: Resources[A]): boolean {
  return decide(user, action, resource).allowed;
}

/**
 * Throws the refusal as an `AppError` (forbidden, or not_found where existence must not leak);
 * `notFound` is the message of a 404 (it names what was asked for, as an absent one would).
 */
export function authorize<A extends Action>(
  user: Actor,
  action: A,
  resource?: Resources[A],
  notFound = 'not found',
): void {
  const d = decide(user, action, resource);
  if (!d.allowed) throw new AppError(d.code, d.code === ErrorCode.NotFound ? notFound : d.message);
}

/** Which calls a caller's list shows: all, their team's, or their own. */
export function callListScope(user: Actor): { teamId?: string; repId?: string } {
  if (has(user, 'admin', 'reviewer', 'lexicon_editor')) return {};
  if (has(user, 'manager')) return { teamId: user.teamId ?? '-none-' };
  return { repId: user.id };
}

/** Which appeals the team, overdue and flagged lists show (call after `appeal.list` allowed them). */
export function appealListScope(
  user: Actor,
  teamId: string | undefined,
): { teamId?: string; reviewerId?: string } {
  if (has(user, 'admin')) return teamId ? { teamId } : {};
  if (has(user, 'manager')) return { teamId: user.teamId ?? '-none-' };
  return { reviewerId: user.id };
}

/** Whose calls a bulk import files by default: a rep's own; admins and managers name them. */
export function defaultImportRep(user: Actor): string | undefined {
  return has(user, 'admin', 'manager') ? undefined : (user.externalId ?? user.id);
}

/** Whether the team of the rep named in a submission matters to the decision (it is looked up then). */
export function submissionNeedsRepTeam(user: Actor, repRef: unknown): boolean {
  return has(user, 'manager') && !has(user, 'admin') && typeof repRef === 'string';
}
