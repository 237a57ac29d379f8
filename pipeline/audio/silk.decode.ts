import { readFile } from 'node:fs/promises';
import { AudioError } from './audio-errors.js';
import { nodeScript, runTool } from './child-process.js';

/**
 * Decodes a SILK v3 file into a WAV file in a child process (see silk.host.ts). A stream that
 * is not SILK or holds no frames is `audio_corrupt`; a crash of the decoder is transient.
 */
export async function decodeSilkToWav(input: string, output: string, timeoutMs = 120_000): Promise<number> {
  const { command, args } = nodeScript('silk.host');
  const r = await runTool(command, [...args, 'decode', input, output], { timeoutMs });
  if (r.code === 0) {
    const parsed = JSON.parse(r.stdout.toString('utf8')) as { durationMs: number };
    return parsed.durationMs;
  }
  if (r.code === 3)
    throw new AudioError('audio_corrupt', '微信语音（SILK）文件已损坏，无法解码', r.stderr.trim());
  throw new AudioError(
    'transcriber_crashed',
    '微信语音（SILK）解码进程异常退出',
    `silk.host exited with ${r.signal ?? r.code}: ${r.stderr.trim().slice(-300)}`,
  );
}

/** Duration of a SILK v3 file from its frame headers (cheap: no decoding). */
export async function silkDurationMs(file: string): Promise<number | null> {
  const { getDuration } = await import('silk-wasm');
  const data = await readFile(file);
  try {
    return Math.round(getDuration(data));
  } catch {
    return null;
  }
}
