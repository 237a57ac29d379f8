/**
 * npm run eval:asr — character error rate of the transcription path (ffmpeg decode → whisper.cpp
 * host → simplified Chinese → hallucination guards) on the 16 kHz Mandarin clips with reference
 * transcripts in ../shared/eval-data/speech/manifest.tsv. Needs WHISPER_MODEL pointing at a real
 * ggml model; skips with a message otherwise, and when the model turns out to be whisper.cpp's
 * weightless test model (its own load log says so). REQUIRE_SHARED=1 makes missing data an error.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { characterErrorRate } from '../pipeline/audio/cer.js';
import { nodeScript } from '../pipeline/audio/child-process.js';
import { decodeToPcm } from '../pipeline/audio/ffmpeg.runner.js';
import { guardSegments } from '../pipeline/audio/hallucination.guard.js';
import { readEnergyProfile, voicedShare } from '../pipeline/audio/pcm-energy.js';
import { PROTOCOL_VERSION } from '../pipeline/audio/transcriber.protocol.js';
import { runTranscriber } from '../pipeline/audio/transcriber.runner.js';
import { PROMPT_STYLE } from '../pipeline/audio/whisper-prompt.js';
import { toSimplifiedChinese } from '../pipeline/audio/zh-text.js';

function sharedDir(): string | undefined {
  for (const up of [
    ['..', '..'],
    ['..', '..', '..'],
  ]) {
    const d = resolve(import.meta.dirname, ...up, 'shared', 'eval-data');
    if (existsSync(join(d, 'speech', 'manifest.tsv'))) return d;
  }
  return undefined;
}

function skip(message: string): never {
  console.log(`eval:asr skipped: ${message}`);
  process.exit(0);
}

async function main(): Promise<void> {
  const data = sharedDir();
  if (!data) {
    if (process.env.REQUIRE_SHARED === '1') {
      console.error('eval:asr: ../shared/eval-data/speech/manifest.tsv is absent (REQUIRE_SHARED=1)');
      process.exit(1);
    }
    skip('../shared/eval-data/speech is absent');
  }
  const model = process.env.WHISPER_MODEL;
  if (!model) skip('set WHISPER_MODEL to a ggml model (tingjian models pull small) to measure CER');
  if (!existsSync(model)) skip(`WHISPER_MODEL ${model} does not exist`);
  const rows = readFileSync(join(data, 'speech', 'manifest.tsv'), 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((l) => l.split('\t'))
    .map(([path, , , , duration, transcript]) => ({
      path: path!,
      durationS: Number(duration),
      reference: transcript!,
    }));
  const work = mkdtempSync(join(tmpdir(), 'tingjian-eval-asr-'));
  let edits = 0;
  let chars = 0;
  try {
    console.log(`eval:asr  ${rows.length} clips  model ${model}`);
    for (const [i, row] of rows.entries()) {
      const file = join(data, row.path);
      const out = mkdtempSync(join(work, `${i}-`));
      const [pcm] = await decodeToPcm(file, out, 'mix', { timeoutMs: 120_000 });
      const profile = await readEnergyProfile(pcm!);
      const run = await runTranscriber(
        nodeScript('whisper.host'),
        {
          protocol: PROTOCOL_VERSION,
          pcm: pcm!,
          sampleRate: 16_000,
          durationMs: profile.durationMs,
          model,
          language: 'zh',
          prompt: PROMPT_STYLE,
          threads: availableParallelism(),
        },
        { timeoutMs: 600_000 + profile.durationMs * 20 },
      );
      if (run.logs.some((l) => l.text.includes('no tensors loaded'))) {
        skip(`${model} is whisper.cpp's weightless test model (no tensors loaded): CER would be meaningless`);
      }
      const cleaned = guardSegments(
        run.segments.map((s) => ({ ...s, text: toSimplifiedChinese(s.text) })),
        (a, b) => voicedShare(profile, a, b),
        profile.durationMs,
      );
      const hypothesis = cleaned.segments.map((s) => s.text).join('');
      const r = characterErrorRate(row.reference, hypothesis);
      edits += r.edits;
      chars += r.chars;
      console.log(
        `${(r.cer * 100).toFixed(1).padStart(6)} %  ${row.path}\n         参考：${row.reference}\n         识别：${hypothesis}`,
      );
    }
    console.log(
      `\nCER ${((edits / Math.max(1, chars)) * 100).toFixed(1)} % (${edits} edits / ${chars} reference characters)`,
    );
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
