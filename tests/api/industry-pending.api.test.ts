import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ZCallListPage, ZCallView } from '../../api/routes/calls.schema.js';
import { loadConfig } from '../../bin/config.js';
import { buildService, type Service } from '../../bin/service.js';
import { placeholderIndustry } from '../../services/intake/industry-decision.js';
import { stopTestService } from '../helpers/services.js';

/**
 * A recording sent without an industry waits for its transcript to decide one. The column holds a
 * placeholder meanwhile (the registry's first industry); the API must never pass it off as the
 * call's industry: `industry` is null in the call view and the list, a filter on the
 * placeholder's id does not find the call, and once the transcript decides, the real one shows.
 */
describe('a recording whose industry is not decided yet', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tingjian-industry-pending-'));
  let svc: Service;
  let app: ReturnType<Service['app']>;
  let token = '';
  let repId = '';
  let placeholder = '';
  const get = (path: string) =>
    request(app)
      .get(path)
      .set({ Authorization: `Bearer ${token}` });

  beforeAll(async () => {
    svc = await buildService(loadConfig({ DATA_DIR: dir, LOG_LEVEL: 'silent', SECOND_STAGE_MODEL: 'off' }), {
      role: 'serve',
    });
    app = svc.app();
    const admin = await svc.users.createUser({ name: 'admin', roles: ['admin'] });
    repId = (await svc.users.createUser({ name: '张敏', roles: ['rep'], externalId: 'rep-zhang' })).id;
    token = (await svc.users.issueToken(admin.id)).token;
    placeholder = placeholderIndustry(svc.lexicons);
  }, 120_000);

  afterAll(async () => {
    await stopTestService(svc);
    rmSync(dir, { recursive: true, force: true });
  });

  /** As services/intake/call.service.ts submitAudio stores a recording without an industry. */
  const storeRecording = async (id: string) =>
    (
      await svc.calls.create({
        id,
        repId,
        industry: placeholder,
        industrySource: 'inferred',
        occurredAt: '2026-11-20T10:00:00+08:00',
        source: 'audio',
        inputChecksum: `sha-${id}`,
        utterances: [],
        status: 'queued',
      })
    ).call;

  it('says null, not the placeholder, in the view and the list; a filter on the placeholder skips it', async () => {
    await storeRecording('call-pending-1');
    // A call that really is of the placeholder's industry, named at intake.
    await svc.calls.create({
      id: 'call-given-1',
      repId,
      industry: placeholder,
      occurredAt: '2026-11-19T10:00:00+08:00',
      source: 'audio',
      inputChecksum: 'sha-given-1',
      utterances: [],
      status: 'queued',
    });

    const view = ZCallView.parse((await get('/v1/calls/call-pending-1')).body);
    expect(view.call).toMatchObject({
      industry: null,
      industrySource: 'inferred',
      industryInference: null,
      status: 'queued',
    });

    const list = ZCallListPage.parse((await get('/v1/calls')).body);
    expect(list.items.map((c) => [c.id, c.industry])).toEqual([
      ['call-pending-1', null],
      ['call-given-1', placeholder],
    ]);
    const filtered = ZCallListPage.parse((await get(`/v1/calls?industry=${placeholder}`)).body);
    expect(filtered.items.map((c) => c.id)).toEqual(['call-given-1']);
  });

  it('shows the industry its transcript decided, with the evidence', async () => {
    const call = await storeRecording('call-pending-2');
    const transcribing = await svc.calls.setStatus(call.id, 'transcribing');
    const record = {
      decided: true,
      industry: 'new_energy',
      confidence: 0.91,
      margin: 0.8,
      thresholds: { minScore: 9, minMargin: 0.03 },
      candidates: [
        {
          industry: 'new_energy',
          name: '新能源',
          score: 20,
          probability: 0.91,
          evidence: [{ term: '工商业储能柜', category: 'product', count: 1 }],
        },
      ],
    };
    await svc.calls.completeTranscription(
      call.id,
      transcribing.revision,
      [
        {
          id: 'u1',
          speaker: 'rep',
          start: 0,
          end: 2000,
          text: '我们主要做工商业储能柜。',
          speakerConfidence: 0.9,
        },
      ],
      '工商业 储能柜',
      {},
      { industry: 'new_energy', decided: true, record },
    );
    const view = ZCallView.parse((await get(`/v1/calls/${call.id}`)).body);
    expect(view.call).toMatchObject({
      industry: 'new_energy',
      industrySource: 'inferred',
      status: 'analyzing',
    });
    expect(view.call.industryInference?.industry).toBe('new_energy');
    const filtered = ZCallListPage.parse((await get('/v1/calls?industry=new_energy')).body);
    expect(filtered.items.map((c) => c.id)).toEqual([call.id]);
  });
});
