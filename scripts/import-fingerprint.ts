// Developer helper for speed work on the import and the intake: imports N (default 50) generated
// vendor files (Alibaba, Tencent, iFlytek, Volcengine, CSV in turn, industries in turn, the
// industry inferred; made-up phone numbers in some utterances and in every file name) into a
// fresh embedded database with PII masking and keyed hashes on, then writes every stored row
// that intake produces, keyed by what does not change between runs (external id, utterance
// index; random call ids and timestamps left out), as canonical JSON lines. An optimisation must
// leave the output byte-identical: build, run it, run the base's build the same way, `cmp`.
// Usage: npx tsc -p tsconfig.build.json && node dist/scripts/import-fingerprint.js <out.jsonl> [N]
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { GENERATOR_INDUSTRIES, generateCall } from '../bench/call-generator.js';
import { renderVendorFile } from '../bench/vendor-files.js';
import { loadConfig } from '../bin/config.js';
import { buildService } from '../bin/service.js';
import { compileNamePattern } from '../services/import/filename-pattern.js';
import { importSource } from '../services/import/import-folder.service.js';

const out = process.argv[2];
if (!out) throw new Error('usage: import-fingerprint <out.jsonl> [files]');
const n = Number(process.argv[3] ?? 50);
const KINDS = ['alibaba', 'tencent', 'iflytek', 'volcengine', 'csv'] as const;
const REPS = ['rep-0', 'rep-1', 'rep-2'];

const dir = join(process.env.TMPDIR ?? '/tmp', `tingjian-import-fingerprint-${process.pid}`);
const folder = join(dir, 'calls');
mkdirSync(folder, { recursive: true });
for (let i = 0; i < n; i++) {
  const call = generateCall(i + 1, GENERATOR_INDUSTRIES[i % GENERATOR_INDUSTRIES.length]!);
  // Clearly fake numbers (139 0000 xxxx) in every seventh utterance: masking and hashes are checked too.
  const utterances = call.utterances.map((u, k) =>
    k % 7 === 3 ? { ...u, text: `${u.text}，我手机是139 0000 ${String(1000 + k).slice(-4)}` } : u,
  );
  const { ext, bytes } = renderVendorFile({ ...call, utterances }, KINDS[i % KINDS.length]!, `fp-${i}`);
  writeFileSync(
    join(folder, `20260301_${REPS[i % REPS.length]}_1390000${String(i).padStart(4, '0')}${ext}`),
    bytes,
  );
}

const svc = await buildService(
  loadConfig({
    DATA_DIR: join(dir, 'data'),
    LOG_LEVEL: 'silent',
    PII_MASKING: 'on',
    PII_HASH_KEY: 'fingerprint-key-not-a-secret',
  }),
  { role: 'serve' },
);
try {
  for (const rep of REPS) await svc.users.createUser({ name: rep, roles: ['rep'], externalId: rep });
  const summary = await importSource(
    folder,
    {
      lexicons: svc.lexicons,
      findByExternalId: (id) => svc.calls.findByExternalId(id),
      submitTranscript: (body) => svc.service.submitTranscript(body),
      intakeMasksPii: true,
    },
    { pattern: compileNamePattern('{date}_{rep}_{phone}') },
  );
  const lines: string[] = [];
  for (const { callId: _random, ...row } of summary.rows) lines.push(JSON.stringify({ file: row }));
  const rows = async (query: ReturnType<typeof sql>) =>
    (await svc.database.db.execute(query)) as unknown as { rows: Record<string, unknown>[] };
  // input_checksum is left out: it hashes the rep's random id with the fields compared here.
  const calls = await rows(sql`
    select c.external_id, u.external_id as rep, c.customer, c.industry, c.industry_source,
      c.industry_inference, c.occurred_at, c.source, c.search_text, c.status,
      c.revision
    from calls c join users u on u.id = c.rep_id order by c.external_id`);
  for (const r of calls.rows) lines.push(JSON.stringify({ call: r }));
  const utterances = await rows(sql`
    select c.external_id, t.idx, t.id, t.speaker, t.start_ms, t.end_ms, t.text
    from utterances t join calls c on c.id = t.call_id order by c.external_id, t.idx`);
  for (const r of utterances.rows) lines.push(JSON.stringify({ utterance: r }));
  const hashes = await rows(sql`
    select c.external_id, h.* from pii_hashes h join calls c on c.id = h.call_id
    order by c.external_id, h.hash`);
  for (const r of hashes.rows)
    lines.push(JSON.stringify({ hash: { ...r, call_id: undefined, created_at: undefined } }));
  writeFileSync(out, `${lines.join('\n')}\n`);
  console.log(
    `${summary.imported} imported, ${summary.failed} failed; ${calls.rows.length} calls, ${utterances.rows.length} utterances, ${hashes.rows.length} hashes → ${out}`,
  );
} finally {
  await svc.close();
  rmSync(dir, { recursive: true, force: true });
}
