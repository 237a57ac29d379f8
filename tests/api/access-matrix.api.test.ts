import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Express } from 'express';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../bin/config.js';
import { buildService, type Service } from '../../bin/service.js';
import type { Appeal } from '../../models/appeal.repository.js';
import type { Call } from '../../models/call.repository.js';
import type { Role } from '../../models/schema.js';
import type { User } from '../../models/user.repository.js';
import { ENDPOINTS } from '../../services/access/endpoints.js';
import { type Action, decide, type Resources } from '../../services/access/policy.js';
import { transcript } from '../helpers/runtime.js';
import { stopTestService } from '../helpers/services.js';

/**
 * The role × endpoint matrix: every endpoint Express registers must have an entry in ENDPOINTS
 * (services/access/endpoints.ts), and every entry is called here as every role — on its own
 * team's things and on the other team's — on one seeded server. The status must be the one the
 * access policy predicts: its 403 or 404 when it refuses, else the endpoint's own answer (a
 * mutation is sent so that, once allowed, it fails on its own terms or repeats harmlessly).
 */

type Who = 'admin' | 'managerA' | 'reviewer' | 'editor' | 'repA' | 'repB';
const PEOPLE: [Who, Role[], 'A' | 'B' | null][] = [
  ['admin', ['admin'], null],
  ['managerA', ['manager'], 'A'],
  ['reviewer', ['reviewer'], null],
  ['editor', ['lexicon_editor'], null],
  ['repA', ['rep'], 'A'],
  ['repB', ['rep'], 'B'],
];
type Side = 'A' | 'B';

interface Seed {
  users: Record<Who, User>;
  teams: Record<Side, string>;
  calls: Record<Side, Call>;
  appeals: Record<Side, Appeal>;
  packs: Record<Side, string>;
  goals: Record<Side, string>;
  imports: Record<Side, string>;
  findings: Record<Side, string>;
  importDir: string;
}

interface Req {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  path: string;
  body?: unknown;
  type?: string;
}

/** One request of the matrix: what to send, what the policy decides on, what an allowed call answers. */
interface Case<A extends Action = Action> {
  label: string;
  req: Req;
  resource?: Resources[A];
  /** Statuses of an allowed call (the endpoint's own answer). */
  ok: number[];
}

/** How each endpoint is called as `who` on side `side` (its team's rep, call, appeal…). */
type Recipe = (s: Seed, side: Side, who: Who) => Case | Case[];

const person = (u: User) => ({ id: u.id, teamId: u.teamId, roles: u.roles });
const rep = (s: Seed, side: Side) => (side === 'A' ? s.users.repA : s.users.repB);
const appealBody = (s: Seed, side: Side) => ({
  target: 'finding',
  findingId: s.findings[side],
  reason: '这句不是异议',
});

const RECIPES: Record<string, Recipe> = {
  'GET /v1/me': () => ({ label: 'me', req: { method: 'get', path: '/v1/me' }, ok: [200] }),
  'POST /v1/calls': (s, side) => ({
    label: `call of rep ${side}`,
    req: {
      method: 'post',
      path: '/v1/calls',
      body: transcript('saas', [['rep', '您好，我想跟您约个时间聊聊排班系统。']], {
        repId: rep(s, side).id,
        externalId: `matrix-${side}`,
      }),
    },
    resource: { repRef: rep(s, side).id, repTeamId: rep(s, side).teamId },
    ok: [200, 201],
  }),
  'GET /v1/calls': () => ({ label: 'list', req: { method: 'get', path: '/v1/calls' }, ok: [200] }),
  'GET /v1/calls/:id': (s, side) => ({
    label: `call ${side}`,
    req: { method: 'get', path: `/v1/calls/${s.calls[side].id}` },
    resource: s.calls[side],
    ok: [200],
  }),
  // A transcript call has no recording: allowed → 404 "has no stored recording".
  'GET /v1/calls/:id/audio': (s, side) => ({
    label: `call ${side}`,
    req: { method: 'get', path: `/v1/calls/${s.calls[side].id}/audio` },
    resource: s.calls[side],
    ok: [404],
  }),
  // The industry it already has: allowed → 409.
  'PUT /v1/calls/:id/industry': (s, side) => ({
    label: `call ${side}`,
    req: { method: 'put', path: `/v1/calls/${s.calls[side].id}/industry`, body: { industry: 'saas' } },
    resource: s.calls[side],
    ok: [409],
  }),
  // The item was appealed and decided: allowed → 409.
  'POST /v1/calls/:id/appeals': (s, side) => ({
    label: `call ${side}`,
    req: { method: 'post', path: `/v1/calls/${s.calls[side].id}/appeals`, body: appealBody(s, side) },
    resource: s.calls[side],
    ok: [409],
  }),
  'POST /v1/calls/:id/appeals/preview': (s, side) => ({
    label: `call ${side}`,
    req: { method: 'post', path: `/v1/calls/${s.calls[side].id}/appeals/preview`, body: appealBody(s, side) },
    resource: s.calls[side],
    ok: [200],
  }),
  'GET /v1/reps/:id/summary': (s, side) => ({
    label: `rep ${side}`,
    req: { method: 'get', path: `/v1/reps/${rep(s, side).id}/summary` },
    resource: person(rep(s, side)),
    ok: [200],
  }),
  // A moment in the future: allowed → 400.
  'POST /v1/reps/:id/feedback-packs': (s, side) => ({
    label: `rep ${side}`,
    req: {
      method: 'post',
      path: `/v1/reps/${rep(s, side).id}/feedback-packs`,
      body: { at: '2100-01-01T00:00:00Z' },
    },
    resource: person(rep(s, side)),
    ok: [400],
  }),
  'GET /v1/reps/:id/feedback-packs': (s, side) => ({
    label: `rep ${side}`,
    req: { method: 'get', path: `/v1/reps/${rep(s, side).id}/feedback-packs` },
    resource: person(rep(s, side)),
    ok: [200],
  }),
  'GET /v1/feedback-packs/:id': (s, side) => ({
    label: `pack of rep ${side}`,
    req: { method: 'get', path: `/v1/feedback-packs/${s.packs[side]}` },
    resource: person(rep(s, side)),
    ok: [200],
  }),
  'GET /v1/goal-metrics': () => ({
    label: 'metrics',
    req: { method: 'get', path: '/v1/goal-metrics' },
    ok: [200],
  }),
  // A period that has ended: allowed → 400.
  'POST /v1/reps/:id/goals': (s, side) => ({
    label: `rep ${side}`,
    req: {
      method: 'post',
      path: `/v1/reps/${rep(s, side).id}/goals`,
      body: { metric: 'talk_ratio', target: 0.5, period: { from: '2020-01-06', to: '2020-01-12' } },
    },
    resource: person(rep(s, side)),
    ok: [400],
  }),
  'GET /v1/reps/:id/goals': (s, side) => ({
    label: `rep ${side}`,
    req: { method: 'get', path: `/v1/reps/${rep(s, side).id}/goals` },
    resource: person(rep(s, side)),
    ok: [200],
  }),
  'GET /v1/goals/:id': (s, side) => ({
    label: `goal of rep ${side}`,
    req: { method: 'get', path: `/v1/goals/${s.goals[side]}` },
    resource: person(rep(s, side)),
    ok: [200],
  }),
  'DELETE /v1/goals/:id': (s, side) => ({
    label: `goal of rep ${side}`,
    req: { method: 'delete', path: `/v1/goals/${s.goals[side]}` },
    resource: person(rep(s, side)),
    ok: [200, 409],
  }),
  'GET /v1/teams/:id/heatmap': (s, side) => ({
    label: `team ${side}`,
    req: { method: 'get', path: `/v1/teams/${s.teams[side]}/heatmap` },
    resource: { id: s.teams[side] },
    ok: [200],
  }),
  'GET /v1/teams/:id/customer-questions': (s, side) => ({
    label: `team ${side}`,
    req: { method: 'get', path: `/v1/teams/${s.teams[side]}/customer-questions` },
    resource: { id: s.teams[side] },
    ok: [200],
  }),
  'GET /v1/teams/:id/metrics': (s, side) => ({
    label: `team ${side}`,
    req: { method: 'get', path: `/v1/teams/${s.teams[side]}/metrics` },
    resource: { id: s.teams[side] },
    ok: [200],
  }),
  // A folder that does not exist: allowed → 400.
  'POST /v1/imports': (s) => ({
    label: 'missing folder',
    req: { method: 'post', path: '/v1/imports', body: { paths: [join(s.importDir, 'missing')] } },
    ok: [400],
  }),
  'GET /v1/imports/:id': (s, side) => ({
    label: `import of rep ${side}`,
    req: { method: 'get', path: `/v1/imports/${s.imports[side]}` },
    resource: { ownerId: rep(s, side).id },
    ok: [200],
  }),
  'GET /v1/imports/:id/report.csv': (s, side) => ({
    label: `import of rep ${side}`,
    req: { method: 'get', path: `/v1/imports/${s.imports[side]}/report.csv` },
    resource: { ownerId: rep(s, side).id },
    ok: [200],
  }),
  'GET /v1/appeals': () =>
    (['mine', 'assigned', 'team', 'overdue', 'flagged', 'all'] as const).map((view) => ({
      label: `view ${view}`,
      req: { method: 'get', path: `/v1/appeals?view=${view}` },
      resource: { view },
      ok: [200],
    })),
  'GET /v1/appeals/stats': () => ({
    label: 'stats',
    req: { method: 'get', path: '/v1/appeals/stats' },
    ok: [200],
  }),
  'GET /v1/appeals/:id': (s, side) => ({
    label: `appeal ${side}`,
    req: { method: 'get', path: `/v1/appeals/${s.appeals[side].id}` },
    resource: s.appeals[side],
    ok: [200],
  }),
  // The seeded appeals are decided: every allowed move is a 409.
  'POST /v1/appeals/:id/withdraw': (s, side) => ({
    label: `appeal ${side}`,
    req: { method: 'post', path: `/v1/appeals/${s.appeals[side].id}/withdraw` },
    resource: s.appeals[side],
    ok: [409],
  }),
  'POST /v1/appeals/:id/assign': (s, side, who) => [
    {
      label: `appeal ${side} to the reviewer`,
      req: {
        method: 'post',
        path: `/v1/appeals/${s.appeals[side].id}/assign`,
        body: { reviewerId: s.users.reviewer.id },
      },
      resource: { ...s.appeals[side], assignee: s.users.reviewer.id },
      ok: [409],
    },
    {
      label: `appeal ${side} to themselves`,
      req: {
        method: 'post',
        path: `/v1/appeals/${s.appeals[side].id}/assign`,
        body: { reviewerId: s.users[who].id },
      },
      resource: { ...s.appeals[side], assignee: s.users[who].id },
      ok: [409],
    },
  ],
  'POST /v1/appeals/:id/review': (s, side) => ({
    label: `appeal ${side}`,
    req: { method: 'post', path: `/v1/appeals/${s.appeals[side].id}/review` },
    resource: s.appeals[side],
    ok: [409],
  }),
  'POST /v1/appeals/:id/decision': (s, side) => ({
    label: `appeal ${side}`,
    req: {
      method: 'post',
      path: `/v1/appeals/${s.appeals[side].id}/decision`,
      body: { decision: 'accept', note: '复核后同意' },
    },
    resource: s.appeals[side],
    ok: [409],
  }),
  'GET /v1/reviewer-pools': () => ({
    label: 'pools',
    req: { method: 'get', path: '/v1/reviewer-pools' },
    ok: [200],
  }),
  'PUT /v1/reviewer-pools': (s, side) => ({
    label: `pool of team ${side}`,
    req: {
      method: 'put',
      path: '/v1/reviewer-pools',
      body: { teamId: s.teams[side], reviewerIds: [s.users.reviewer.id] },
    },
    resource: { teamId: s.teams[side] },
    ok: [200],
  }),
  'PUT /v1/teams/:id/appeal-sla': (s, side) => ({
    label: `team ${side}`,
    req: { method: 'put', path: `/v1/teams/${s.teams[side]}/appeal-sla`, body: { hours: 48 } },
    resource: { id: s.teams[side] },
    ok: [200],
  }),
  'GET /v1/notifications': () => ({
    label: 'outbox',
    req: { method: 'get', path: '/v1/notifications' },
    ok: [200],
  }),
  'GET /v1/lexicons': () => ({ label: 'list', req: { method: 'get', path: '/v1/lexicons' }, ok: [200] }),
  'GET /v1/lexicons/:industry': () => ({
    label: 'saas',
    req: { method: 'get', path: '/v1/lexicons/saas' },
    ok: [200],
  }),
  'GET /v1/lexicons/:industry/versions': () => ({
    label: 'saas',
    req: { method: 'get', path: '/v1/lexicons/saas/versions' },
    ok: [200],
  }),
  'GET /v1/lexicons/:industry/versions/:ref': () => ({
    label: 'saas v1',
    req: { method: 'get', path: '/v1/lexicons/saas/versions/1' },
    ok: [200],
  }),
  'GET /v1/lexicons/:industry/diff': () => ({
    label: 'saas 1..1',
    req: { method: 'get', path: '/v1/lexicons/saas/diff?from=1&to=1' },
    ok: [200],
  }),
  'GET /v1/lexicons/:industry/lint': () => ({
    label: 'saas',
    req: { method: 'get', path: '/v1/lexicons/saas/lint' },
    ok: [200],
  }),
  'GET /v1/lexicons/:industry/export': () => ({
    label: 'saas',
    req: { method: 'get', path: '/v1/lexicons/saas/export' },
    ok: [200],
  }),
  'GET /v1/lexicons/:industry/change-requests': () => ({
    label: 'saas',
    req: { method: 'get', path: '/v1/lexicons/saas/change-requests' },
    ok: [200],
  }),
  // Without a draft: allowed → 404 (no draft to compare).
  'POST /v1/lexicons/:industry/what-if': () => ({
    label: 'saas',
    req: { method: 'post', path: '/v1/lexicons/saas/what-if?limit=1' },
    ok: [200, 404],
  }),
  'GET /v1/lexicons/:industry/rescores': () => ({
    label: 'saas',
    req: { method: 'get', path: '/v1/lexicons/saas/rescores' },
    ok: [200],
  }),
  'GET /v1/rescores/:id': () => ({
    label: 'unknown run',
    req: { method: 'get', path: '/v1/rescores/rescore-000000000000' },
    ok: [404],
  }),
  // Draft edits of an industry no call uses; each allowed one fails on its own input or is undone.
  'POST /v1/lexicons/:industry/draft': () => ({
    label: 'hr_services',
    req: { method: 'post', path: '/v1/lexicons/hr_services/draft' },
    ok: [201],
  }),
  'POST /v1/lexicons/:industry/draft/terms': () => ({
    label: 'a term without a category',
    req: { method: 'post', path: '/v1/lexicons/hr_services/draft/terms', body: { term: '排班' } },
    ok: [422],
  }),
  'PATCH /v1/lexicons/:industry/draft/terms/:term': () => ({
    label: 'an absent term',
    req: {
      method: 'patch',
      path: `/v1/lexicons/hr_services/draft/terms/${encodeURIComponent('不存在的词')}`,
      body: {},
    },
    ok: [404],
  }),
  'DELETE /v1/lexicons/:industry/draft/terms/:term': () => ({
    label: 'an absent term',
    req: {
      method: 'delete',
      path: `/v1/lexicons/hr_services/draft/terms/${encodeURIComponent('不存在的词')}`,
    },
    ok: [404],
  }),
  'PUT /v1/lexicons/:industry/draft/scorecard': () => ({
    label: 'a malformed overlay',
    req: { method: 'put', path: '/v1/lexicons/hr_services/draft/scorecard', body: { items: 'x' } },
    ok: [422],
  }),
  'POST /v1/lexicons/:industry/draft/import': () => ({
    label: 'an empty upload',
    req: { method: 'post', path: '/v1/lexicons/hr_services/draft/import', body: '', type: 'text/csv' },
    ok: [400],
  }),
  'DELETE /v1/lexicons/:industry/draft': () => ({
    label: 'hr_services',
    req: { method: 'delete', path: '/v1/lexicons/hr_services/draft' },
    // The first allowed role discards it; the next finds none.
    ok: [204, 404],
  }),
  'POST /v1/lexicon-change-requests/:id/decision': () => ({
    label: 'unknown request',
    req: {
      method: 'post',
      path: '/v1/lexicon-change-requests/lcr-000000000000/decision',
      body: { decision: 'decline' },
    },
    ok: [404],
  }),
  // No draft, or one identical to the published version: allowed → 404 or 409.
  'POST /v1/lexicons/:industry/publish': () => ({
    label: 'hr_services without a change',
    req: { method: 'post', path: '/v1/lexicons/hr_services/publish', body: { rescore: false } },
    ok: [404, 409],
  }),
  'POST /v1/lexicons/:industry/rollback': () => ({
    label: 'to a version that does not exist',
    req: {
      method: 'post',
      path: '/v1/lexicons/hr_services/rollback',
      body: { toSequence: 999, rescore: false },
    },
    ok: [404],
  }),
  'POST /v1/lexicons/:industry/rescores': () => ({
    label: 'calls since 2099 (none)',
    req: {
      method: 'post',
      path: '/v1/lexicons/hr_services/rescores',
      body: { since: '2099-01-01T00:00:00Z' },
    },
    ok: [201],
  }),
  'GET /v1/models/second-stage': () => ({
    label: 'versions',
    req: { method: 'get', path: '/v1/models/second-stage' },
    ok: [200],
  }),
  'GET /v1/models/second-stage/:version': () => ({
    label: 'unknown version',
    req: { method: 'get', path: '/v1/models/second-stage/second-stage@999+000000000000' },
    ok: [404],
  }),
  'POST /v1/models/second-stage/drafts': () => ({
    label: 'a malformed request',
    req: { method: 'post', path: '/v1/models/second-stage/drafts', body: { repeat: 0 } },
    ok: [400],
  }),
  'POST /v1/models/second-stage/:version/what-if': () => ({
    label: 'unknown version',
    req: { method: 'post', path: '/v1/models/second-stage/second-stage@999+000000000000/what-if', body: {} },
    ok: [404],
  }),
  'POST /v1/models/second-stage/:version/publish': () => ({
    label: 'unknown version',
    req: { method: 'post', path: '/v1/models/second-stage/second-stage@999+000000000000/publish', body: {} },
    ok: [404],
  }),
  'POST /v1/models/second-stage/:version/discard': () => ({
    label: 'unknown version',
    req: { method: 'post', path: '/v1/models/second-stage/second-stage@999+000000000000/discard' },
    ok: [404],
  }),
  'GET /v1/audit': (s, side) => [
    {
      label: `call ${side}`,
      req: { method: 'get', path: `/v1/audit?entity=call&id=${s.calls[side].id}` },
      resource: { entity: 'call', teamId: s.calls[side].teamId },
      ok: [200],
    },
    {
      label: `appeal ${side}`,
      req: { method: 'get', path: `/v1/audit?entity=appeal&id=${s.appeals[side].id}` },
      resource: { entity: 'appeal', teamId: s.calls[side].teamId },
      ok: [200],
    },
    {
      label: `rep ${side}`,
      req: { method: 'get', path: `/v1/audit?entity=user&id=${rep(s, side).id}` },
      resource: { entity: 'user', teamId: rep(s, side).teamId },
      ok: [200],
    },
    {
      label: 'a lexicon',
      req: { method: 'get', path: '/v1/audit?entity=lexicon&id=saas' },
      resource: { entity: 'lexicon', teamId: null },
      ok: [200],
    },
    {
      label: "rep's token",
      req: { method: 'get', path: `/v1/audit?entity=token&id=${rep(s, side).id}` },
      resource: { entity: 'token', teamId: null },
      ok: [200],
    },
  ],
  'GET /v1/privacy/retention': () => ({
    label: 'the windows',
    req: { method: 'get', path: '/v1/privacy/retention' },
    ok: [200],
  }),
  'POST /v1/privacy/retention/runs': () => ({
    label: 'a dry run',
    req: { method: 'post', path: '/v1/privacy/retention/runs', body: { dryRun: true } },
    ok: [200],
  }),
  'GET /v1/sso/identities': () => ({
    label: 'mappings',
    req: { method: 'get', path: '/v1/sso/identities' },
    ok: [200],
  }),
  'POST /v1/sso/identities': () => ({
    label: 'a mapping without fields',
    req: { method: 'post', path: '/v1/sso/identities', body: {} },
    ok: [400],
  }),
  'DELETE /v1/sso/identities/:id': () => ({
    label: 'an unknown mapping',
    req: { method: 'delete', path: '/v1/sso/identities/sso-id-unknown' },
    ok: [404],
  }),
  'GET /v1/sso/failures': () => ({
    label: 'refused sign-ins',
    req: { method: 'get', path: '/v1/sso/failures?provider=wecom' },
    ok: [200],
  }),
  'POST /v1/privacy/erasures': () => ({
    label: 'a dry run',
    req: { method: 'post', path: '/v1/privacy/erasures', body: { name: '张三' } },
    ok: [200],
  }),
};

/** `METHOD /path` of every route the app registers (regular-expression routes of the web UI aside). */
function registeredEndpoints(app: Express): string[] {
  const out: string[] = [];
  const walk = (stack: unknown[]) => {
    for (const layer of stack as {
      route?: { path: unknown; methods: Record<string, boolean> };
      handle?: { stack?: unknown[] };
    }[]) {
      if (layer.route) {
        if (typeof layer.route.path !== 'string') continue;
        for (const m of Object.keys(layer.route.methods))
          if (m !== '_all') out.push(`${m.toUpperCase()} ${layer.route.path}`);
      } else if (layer.handle?.stack) walk(layer.handle.stack);
    }
  };
  walk((app as unknown as { router: { stack: unknown[] } }).router.stack);
  return [...new Set(out)].sort();
}

describe('role × endpoint access matrix', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tingjian-matrix-'));
  const importDir = join(dir, 'imports');
  mkdirSync(join(importDir, 'empty'), { recursive: true });
  let svc: Service;
  let app: Express;
  const tokens = {} as Record<Who, string>;
  const seed = { importDir } as Seed;
  const send = (r: Req, token?: string) => {
    let t = request(app)[r.method](r.path);
    if (token) t = t.set('Authorization', `Bearer ${token}`);
    if (r.type) t = t.type(r.type);
    return r.body === undefined ? t : t.send(r.body as object);
  };

  beforeAll(async () => {
    svc = await buildService(
      loadConfig({
        DATA_DIR: dir,
        LOG_LEVEL: 'silent',
        WORKER_CONCURRENCY: '1',
        IMPORT_DIRS: importDir,
        // Sign-in through WeCom configured (never called here), so its admin routes are served.
        WECOM_CORP_ID: 'ww-matrix',
        WECOM_AGENT_ID: '1000001',
        WECOM_SECRET: 'matrix-secret',
        WECOM_REDIRECT_URI: 'http://127.0.0.1/v1/auth/wecom/callback',
      }),
      { role: 'all' },
    );
    await svc.startWorkers();
    app = svc.app({ demoUsers: () => [] });
    const teamA = await svc.users.createTeam({ name: '华东组' });
    const teamB = await svc.users.createTeam({ name: '华南组' });
    seed.teams = { A: teamA.id, B: teamB.id };
    seed.users = {} as Seed['users'];
    for (const [who, roles, side] of PEOPLE) {
      const u = await svc.users.createUser({
        name: who,
        roles,
        teamId: side ? seed.teams[side] : null,
        externalId: `ext-${who}`,
      });
      seed.users[who] = u;
      tokens[who] = (await svc.users.issueToken(u.id)).token;
    }
    await svc.appeals.upsertPool({ teamId: null, industry: 'saas', reviewerIds: [seed.users.reviewer.id] });
    const callIds = {} as Record<Side, string>;
    for (const side of ['A', 'B'] as const) {
      const res = await send(
        {
          method: 'post',
          path: '/v1/calls',
          body: transcript(
            'saas',
            [
              ['rep', '张总您好，我是云帆软件的，想跟您聊聊排班系统，您现在方便吗？'],
              ['customer', '可以。我们门店多，排班很乱。'],
              ['rep', '您现在每个月排班大概要花多少时间？'],
              ['customer', '价格太贵了，我们预算不够。'],
              ['rep', '理解，我们可以先从基础版开始，按门店数收费，下周三我把报价发您？'],
            ],
            { repId: rep(seed, side).id },
          ),
        },
        tokens.admin,
      );
      expect(res.status).toBe(201);
      callIds[side] = res.body.call.id;
    }
    await svc.queue.drain();
    seed.calls = {} as Seed['calls'];
    seed.findings = {} as Seed['findings'];
    seed.appeals = {} as Seed['appeals'];
    seed.packs = {} as Seed['packs'];
    seed.goals = {} as Seed['goals'];
    seed.imports = {} as Seed['imports'];
    for (const side of ['A', 'B'] as const) {
      seed.calls[side] = (await svc.calls.find(callIds[side]))!;
      expect(seed.calls[side].status).toBe('scored');
      const view = (await send({ method: 'get', path: `/v1/calls/${callIds[side]}` }, tokens.admin)).body;
      seed.findings[side] = view.analysis.findings[0].id;
      const who = side === 'A' ? 'repA' : 'repB';
      const filed = await send(
        { method: 'post', path: `/v1/calls/${callIds[side]}/appeals`, body: appealBody(seed, side) },
        tokens[who],
      );
      expect(filed.status).toBe(201);
      const decided = await send(
        {
          method: 'post',
          path: `/v1/appeals/${filed.body.appeal.id}/decision`,
          body: { decision: 'reject', note: '录音里客户确实在谈价格' },
        },
        tokens.reviewer,
      );
      expect(decided.status).toBe(200);
      seed.appeals[side] = (await svc.appeals.get(filed.body.appeal.id))!;
      const repId = rep(seed, side).id;
      const pack = await send(
        { method: 'post', path: `/v1/reps/${repId}/feedback-packs`, body: {} },
        tokens.admin,
      );
      expect(pack.status).toBe(201);
      seed.packs[side] = pack.body.pack.id;
      const goal = await send(
        {
          method: 'post',
          path: `/v1/reps/${repId}/goals`,
          body: { metric: 'talk_ratio', target: 0.5, period: 'next_week' },
        },
        tokens.admin,
      );
      expect(goal.status).toBe(201);
      seed.goals[side] = goal.body.id;
      const started = await send(
        { method: 'post', path: '/v1/imports', body: { paths: [join(importDir, 'empty')] } },
        tokens[who],
      );
      expect(started.status).toBe(202);
      seed.imports[side] = started.body.id;
    }
  }, 120_000);

  afterAll(async () => {
    await stopTestService(svc);
    rmSync(dir, { recursive: true, force: true });
  });

  it('has a policy entry for every endpoint the app serves, and a request recipe for every entry', () => {
    const served = registeredEndpoints(app);
    expect(served.filter((e) => !(e in ENDPOINTS))).toEqual([]);
    expect(Object.keys(ENDPOINTS).filter((e) => !served.includes(e))).toEqual([]);
    const guarded = Object.keys(ENDPOINTS).filter((e) => ENDPOINTS[e] !== 'public');
    expect(guarded.filter((e) => !(e in RECIPES))).toEqual([]);
    expect(Object.keys(RECIPES).filter((e) => !guarded.includes(e))).toEqual([]);
  });

  it('answers every endpoint, as every role, with the status the policy predicts', async () => {
    const wrong: string[] = [];
    let requests = 0;
    for (const [endpoint, action] of Object.entries(ENDPOINTS)) {
      if (action === 'public') continue;
      const recipe = RECIPES[endpoint]!;
      // Without a token: always 401.
      const first = [recipe(seed, 'A', 'admin')].flat()[0]!;
      const anonymous = await send(first.req);
      if (anonymous.status !== 401) wrong.push(`${endpoint} anonymous: ${anonymous.status}, expected 401`);
      for (const [who] of PEOPLE) {
        const user = seed.users[who];
        for (const side of ['A', 'B'] as const) {
          for (const c of [recipe(seed, side, who)].flat()) {
            const d = decide(user, action, c.resource as never);
            const res = await send(c.req, tokens[who]);
            requests++;
            const expected = d.allowed ? c.ok : [d.code === 'not_found' ? 404 : 403];
            const code = (res.body as { error?: { code?: string } })?.error?.code;
            const deniedRight = d.allowed ? !['forbidden'].includes(code ?? '') : code === d.code;
            if (!expected.includes(res.status) || !deniedRight)
              wrong.push(
                `${endpoint} [${c.label}] as ${who}: ${res.status} ${code ?? ''} ${JSON.stringify(res.body?.error?.message ?? '')}, expected ${expected.join('|')} (${d.allowed ? 'allowed' : 'refused'})`,
              );
          }
          // Endpoints without a resource answer the same on both sides.
          if (recipe.length < 2) break;
        }
      }
    }
    expect(wrong).toEqual([]);
    expect(requests).toBeGreaterThan(500);
  }, 300_000);

  // The drift this policy fixed: the appeal service let whoever's id was on a call appeal it, while
  // the call routes let only a *rep* read their own calls. A rep promoted to manager of another
  // team no longer sees their old team's call, so they can neither appeal it nor see their appeal.
  it('lets a person appeal a call exactly when they may read it as its rep', async () => {
    const former = await svc.users.createUser({
      name: '周晓',
      roles: ['rep'],
      teamId: seed.teams.A,
      externalId: 'ext-former',
    });
    const token = (await svc.users.issueToken(former.id)).token;
    const submitted = await send(
      {
        method: 'post',
        path: '/v1/calls',
        body: transcript(
          'saas',
          [
            ['rep', '李经理您好，想跟您聊聊门店排班系统。'],
            ['customer', '价格太贵了，我们预算不够。'],
            ['rep', '我们可以先从基础版开始，下周三我把报价发您？'],
          ],
          { repId: former.id },
        ),
      },
      token,
    );
    expect(submitted.status).toBe(201);
    const callId = submitted.body.call.id as string;
    await svc.queue.drain();
    const findings = (await send({ method: 'get', path: `/v1/calls/${callId}` }, token)).body.analysis
      .findings as { id: string }[];
    expect(findings.length).toBeGreaterThanOrEqual(2);
    const body = (i: number) => ({ target: 'finding', findingId: findings[i]!.id, reason: '这句不是异议' });
    const filed = await send({ method: 'post', path: `/v1/calls/${callId}/appeals`, body: body(0) }, token);
    expect(filed.status).toBe(201);
    const appealId = filed.body.appeal.id as string;

    await svc.users.setRoles(former.id, ['manager']);
    await svc.users.moveToTeam(former.id, seed.teams.B);
    const as = (method: Req['method'], path: string, b?: unknown) =>
      send({ method, path, ...(b === undefined ? {} : { body: b }) }, token);
    expect((await as('get', `/v1/calls/${callId}`)).status).toBe(404);
    // Before: 200, 201, 200 and 200 — the appeal service checked only the id on the call.
    const preview = await as('post', `/v1/calls/${callId}/appeals/preview`, body(1));
    expect([preview.status, preview.body.error.message]).toEqual([404, `call ${callId} not found`]);
    expect((await as('post', `/v1/calls/${callId}/appeals`, body(1))).status).toBe(404);
    expect((await as('get', `/v1/appeals/${appealId}`)).status).toBe(404);
    expect((await as('post', `/v1/appeals/${appealId}/withdraw`)).status).toBe(404);
    expect((await svc.appeals.get(appealId))!.status).toBe('open');

    // Their old team's manager still sees both; a rep again, they may appeal again.
    expect((await send({ method: 'get', path: `/v1/appeals/${appealId}` }, tokens.managerA)).status).toBe(
      200,
    );
    await svc.users.setRoles(former.id, ['rep']);
    await svc.users.moveToTeam(former.id, seed.teams.A);
    expect((await as('post', `/v1/calls/${callId}/appeals/preview`, body(1))).status).toBe(200);
    expect((await as('post', `/v1/appeals/${appealId}/withdraw`)).status).toBe(200);
  }, 60_000);
});
