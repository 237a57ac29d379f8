import { mkdtempSync, rmSync } from 'node:fs';
import { get } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { threadId as mainThreadId } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateCall } from '../../bench/call-generator.js';
import { loadConfig } from '../../bin/config.js';
import { buildService, type Service } from '../../bin/service.js';
import type { TranscriptInput } from '../../models/transcript.js';
import { ThreadedAnalysisEngine } from '../../pipeline/analysis-thread/analysis-engine.js';
import { ThreadAnalyzer } from '../../pipeline/analysis-thread/analysis-thread.core.js';
import { prepareIntakeText } from '../../pipeline/intake/intake-text.core.js';
import { createJiebaSegmenter } from '../../pipeline/nlp/jieba.js';

const INDUSTRY = 'medical_devices';
const N = 20_000;

/** Every 1,000th utterance carries personal data in a form the masker must catch. */
const PII_LINES = [
  '我的电话是１３８１２３４５６７８，邮箱 zhang.san@example.com',
  '身份证110101199003071234，您登记一下',
  '号码是一三八一二三四五六七八，报价十五万六，两千套',
];

/** A generated call stretched to N utterances, with PII_LINES among them. */
function hugeCall(externalId: string, repId: string): TranscriptInput {
  const base = generateCall(21, INDUSTRY);
  const turns = base.utterances;
  return {
    ...base,
    externalId,
    repId,
    customer: { name: '张三 13900001111', company: '华康医疗' },
    utterances: Array.from({ length: N }, (_, i) => {
      const u = turns[i % turns.length]!;
      const text = i % 1000 === 0 ? PII_LINES[(i / 1000) % PII_LINES.length]! : u.text;
      return { ...u, id: `u${i + 1}`, text, start: i * 4000, end: i * 4000 + 3000 };
    }),
  };
}

/**
 * GET /healthz on a connection of its own: a kept-alive one may be closed by the server just as
 * it is reused (a reset that says nothing about the server's health).
 */
function healthz(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    get(`${url}/healthz`, { agent: false, timeout: 60_000 }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    }).on('error', reject);
  });
}

describe('masking and search words of a submitted call', () => {
  const cut = createJiebaSegmenter();

  it.each([
    {
      text: PII_LINES[0]!,
      masked: '我的电话是***********，邮箱 *****.***@*******.***',
      kinds: ['mobile', 'email'],
    },
    { text: PII_LINES[1]!, masked: '身份证******************，您登记一下', kinds: ['id_card'] },
    {
      text: PII_LINES[2]!,
      masked: '号码是***********，报价十五万六，两千套',
      kinds: ['mobile'],
    },
    { text: '报价十五万六，两千套，型号 XR-2000', masked: '报价十五万六，两千套，型号 XR-2000', kinds: [] },
  ])('$text → $masked', ({ text, masked, kinds }) => {
    const out = prepareIntakeText({ texts: [text], fields: [], maskPii: true }, cut);
    expect(out.texts).toEqual([masked]);
    expect(out.matches.map((m) => m.kind)).toEqual(kinds);
    // The index holds words of the masked text only: never a digit of a masked number.
    expect(out.searchText).not.toMatch(/138|1381|13812345678|zhang|110101/);
  });

  it('masks the fields without indexing them, and with masking off stores the texts as given', () => {
    const on = prepareIntakeText({ texts: ['发票开好了'], fields: ['张三 13900001111'], maskPii: true }, cut);
    expect(on.fields).toEqual(['张三 ***********']);
    expect(on.searchText.split(' ')).toEqual(['发票', '开好', '了']);
    expect(on.matches.map((m) => m.value)).toEqual(['13900001111']);
    const off = prepareIntakeText(
      { texts: [PII_LINES[0]!], fields: ['张三 13900001111'], maskPii: false },
      cut,
    );
    expect(off.texts).toEqual([PII_LINES[0]]);
    expect(off.fields).toEqual(['张三 13900001111']);
    expect(off.matches).toEqual([]);
  });

  it('a thread answers an intake request with what the pure core computes', () => {
    const thread = new ThreadAnalyzer({ base: { industry: 'base', terms: [] } as never }, cut);
    const input = { texts: PII_LINES, fields: ['张三 13900001111'], maskPii: true };
    const reply = thread.answer({ id: 7, kind: 'intake-text', input });
    expect(reply.ok).toBe(true);
    expect(reply).toMatchObject({ id: 7, intake: prepareIntakeText(input, cut) });
  });
});

describe('a huge submission on the embedded default', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tingjian-intake-thread-'));
  let svc: Service;
  let server: ReturnType<ReturnType<Service['app']>['listen']>;
  let url: string;
  let token: string;

  beforeAll(async () => {
    svc = await buildService(
      loadConfig({ DATA_DIR: dir, LOG_LEVEL: 'silent', ANALYSIS_THREADS: '1', LEXICON_POLL_MS: '600000' }),
      { role: 'all' },
    );
    const rep = await svc.users.createUser({
      name: 'rep',
      roles: ['rep', 'admin'],
      externalId: 'rep-intake',
    });
    token = (await svc.users.issueToken(rep.id)).token;
    // No stage workers: the call stays queued, so only intake runs in the thread (its analysis
    // is another test's subject).
    server = svc.app().listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    // A start takes minutes on a loaded 2-core machine: a generous limit, not a timing.
  }, 600_000);

  afterAll(async () => {
    await new Promise((r) => server?.close(r));
    await svc?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('is masked and segmented in the analysis thread while /healthz answers', async () => {
    if (!(svc.engine instanceof ThreadedAnalysisEngine)) throw new Error('expected analysis threads');
    const { pool } = svc.engine;
    const posted = fetch(`${url}/v1/calls`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(hugeCall('crm-huge-intake', 'rep-intake')),
    });
    let answeredWhileMasking = 0;
    let done = false;
    const answer = posted.finally(() => {
      done = true;
    });
    while (!done) {
      expect(await healthz(url)).toBe(200);
      if (pool.pending > 0) answeredWhileMasking++;
      await new Promise((r) => setTimeout(r, 10));
    }
    const res = await answer;
    expect(res.status).toBe(201);
    const { call } = (await res.json()) as { call: { id: string } };

    // The work ran in a thread, once, and HTTP was served meanwhile.
    const threads = [...pool.stats.intakeByThread.entries()];
    expect(threads).toHaveLength(1);
    expect(threads[0]![0]).not.toBe(mainThreadId);
    expect(threads[0]![1]).toBe(1);
    expect(answeredWhileMasking).toBeGreaterThan(0);

    const stored = await svc.calls.get(call.id);
    expect(stored?.utterances).toHaveLength(N);
    expect(stored?.utterances[0]?.text).toBe('我的电话是***********，邮箱 *****.***@*******.***');
    expect(stored?.utterances[1000]?.text).toBe('身份证******************，您登记一下');
    expect(stored?.utterances[2000]?.text).toBe('号码是***********，报价十五万六，两千套');
    expect(stored?.customer).toEqual({ name: '张三 ***********', company: '华康医疗' });
    // Searchable by its words, not by a masked number.
    const byWord = await svc.calls.list({ words: svc.service.searchWords('登记') });
    expect(byWord.items.map((c) => c.id)).toEqual([call.id]);
    const byPhone = await svc.calls.list({ words: svc.service.searchWords('13812345678') });
    expect(byPhone.items).toEqual([]);

    // A search over HTTP cuts its query in the thread too (the API thread loads no jieba of its
    // own), and finds what the same words find.
    const search = async (q: string) => {
      const res = await fetch(`${url}/v1/calls?q=${encodeURIComponent(q)}`, {
        headers: { authorization: `Bearer ${token}` },
      });
      expect(res.status).toBe(200);
      return ((await res.json()) as { items: { id: string }[] }).items.map((c) => c.id);
    };
    expect(await svc.service.queryWords('您登记一下')).toEqual(svc.service.searchWords('您登记一下'));
    expect(await search('登记')).toEqual([call.id]);
    expect(await search('13812345678')).toEqual([]);
    expect([...pool.stats.intakeByThread.values()].reduce((a, b) => a + b, 0)).toBe(4);
  }, 300_000);
});
