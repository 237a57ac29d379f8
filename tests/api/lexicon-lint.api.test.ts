import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../bin/config.js';
import { buildService, type Service } from '../../bin/service.js';
import { defaultLexiconDir } from '../../lexicons/lexicon.registry.js';
import { lintLexicons, loadLintInput } from '../../lexicons/lexicon-lint.js';
import { packageRoot } from '../../models/package-root.js';
import { readSetAside } from '../../pipeline/eval/set-aside.js';
import { normalizeText } from '../../pipeline/nlp/normalize.js';
import { ZLexiconLintReport } from '../../services/lexicon-admin/lexicon-lint.service.js';
import { stopTestService } from '../helpers/services.js';

/**
 * GET /v1/lexicons/{industry}/lint: the warnings of `tingjian lexicons lint` for the editor's
 * page, on the version the editor shows (the draft once there is one).
 */
describe('lexicon lint through the API', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tingjian-lint-api-'));
  let svc: Service;
  let app: ReturnType<Service['app']>;
  const tokens: Record<string, string> = {};
  const auth = (who: string) => ({ Authorization: `Bearer ${tokens[who]}` });
  const lint = (industry: string, who = 'editor') =>
    request(app).get(`/v1/lexicons/${industry}/lint`).set(auth(who));

  beforeAll(async () => {
    svc = await buildService(loadConfig({ DATA_DIR: dir, LOG_LEVEL: 'silent', SECOND_STAGE_MODEL: 'off' }), {
      role: 'serve',
    });
    app = svc.app();
    for (const [name, roles] of [
      ['editor', ['lexicon_editor']],
      ['rep', ['rep']],
    ] as const) {
      const u = await svc.users.createUser({ name, roles: [...roles] });
      tokens[name] = (await svc.users.issueToken(u.id)).token;
    }
  }, 120_000);

  afterAll(async () => {
    await stopTestService(svc);
    rmSync(dir, { recursive: true, force: true });
  });

  it('the published finance lexicon: the same findings and counts as the CLI, in Chinese', async () => {
    const res = await lint('finance');
    expect(res.status).toBe(200);
    const report = ZLexiconLintReport.parse(res.body);
    expect(report).toMatchObject({ industry: 'finance', sequence: 1, draft: false, failed: false });

    const root = packageRoot();
    const cli = lintLexicons(
      loadLintInput({
        lexiconDir: defaultLexiconDir(),
        callDirs: [join(root, 'training', 'calls'), join(root, 'tests', 'fixtures', 'calls')],
        skipCalls: readSetAside(),
      }),
      { industry: 'finance', normalize: (t) => normalizeText(t).text },
    );
    expect(report.counts).toEqual(cli.counts);
    expect(report.findings.map((f) => [f.kind, f.surface, f.category, f.count])).toEqual(
      cli.findings.map((f) => [f.kind, f.surface, f.category, f.count]),
    );
    expect(report.unexercised.unexercised).toBe(cli.unexercised[0]!.unexercised);

    // 平安 is an adjective first, 老板 a word of any conversation.
    expect(report.findings).toContainEqual(
      expect.objectContaining({ kind: 'brand-ordinary-word', surface: '平安', category: 'competitor' }),
    );
    const boss = report.findings.find((f) => f.kind === 'common-word' && f.surface === '老板');
    expect(boss?.detail).toMatch(/^结巴词典词频 \d+ ≥ 2000（名词）$/);
    // Details are the Chinese half of the CLI's bilingual text: no English word, file name or key.
    expect(report.findings.filter((f) => /[A-Za-z]/.test(f.detail.replace(/「[^」]*」/g, '')))).toEqual([]);
  });

  it("lints the draft once there is one: a common word added to it is flagged, the published version's findings stay", async () => {
    const before = (await lint('saas')).body;
    expect(before.findings.some((f: { surface: string }) => f.surface === '院长')).toBe(false);
    const added = await request(app)
      .post('/v1/lexicons/saas/draft/terms')
      .set(auth('editor'))
      .send({ term: '院长', category: 'approver' });
    expect(added.status).toBe(201);

    const after = ZLexiconLintReport.parse((await lint('saas')).body);
    expect(after).toMatchObject({ industry: 'saas', sequence: 2, draft: true });
    expect(after.findings).toContainEqual(
      expect.objectContaining({ kind: 'common-word', surface: '院长', term: '院长', category: 'approver' }),
    );
    expect(after.counts['common-word']).toBe(before.counts['common-word'] + 1);
    // A term no labelled saas call says: one more unexercised approver.
    expect(after.unexercised.byCategory.approver).toEqual([
      before.unexercised.byCategory.approver[0] + 1,
      before.unexercised.byCategory.approver[1] + 1,
    ]);
  });

  it("a child's own copy of an inherited term is an inherited duplicate", async () => {
    const res = await request(app)
      .post('/v1/lexicons/auto_parts/draft/terms')
      .set(auth('editor'))
      .send({
        term: '精度保持性好',
        category: 'benefit',
        synonyms: ['精度长期稳定', '精度保持久', '长期不用调', '半年不用调', '十年精度不掉', '长期精度稳定'],
      });
    expect(res.status).toBe(201);
    const report = ZLexiconLintReport.parse((await lint('auto_parts')).body);
    expect(report.findings).toContainEqual(
      expect.objectContaining({
        kind: 'inherited-duplicate',
        surface: '精度保持性好',
        detail: '与继承自制造业通用（共享基底）的词条完全相同，可删除',
      }),
    );
  });

  it('refuses an unknown industry by name, a bad id as 400, and a rep (no lexicon access)', async () => {
    const unknown = await lint('aerospace');
    expect([unknown.status, unknown.body.error.message]).toEqual([404, expect.stringMatching(/aerospace/)]);
    const bad = await lint('Not-An-Id');
    expect(bad.status).toBe(400);
    expect((await lint('finance', 'rep')).status).toBe(403);
    expect((await request(app).get('/v1/lexicons/finance/lint')).status).toBe(401);
  });
});
