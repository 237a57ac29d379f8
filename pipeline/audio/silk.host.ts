/**
 * Child-process entry: `silk.host decode <in.silk> <out.wav>`. SILK v3 (WeChat/QQ voice) is
 * decoded with silk-wasm, which computes on the calling thread: running it here keeps that
 * work (and any crash) out of the worker that holds queue locks. Writes a 24 kHz mono WAV that
 * ffmpeg then reads like any other upload; prints `{"durationMs":…}` on success.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { decode, isSilk } from 'silk-wasm';
import { wavFromPcm } from './wav.js';

/** WeChat voice messages are 24 kHz. */
const SILK_RATE = 24_000;

async function main(argv: string[]): Promise<number> {
  const [command, input, output] = argv;
  if (command !== 'decode' || !input || !output) {
    process.stderr.write('usage: silk.host decode <in.silk> <out.wav>\n');
    return 2;
  }
  const data = await readFile(input);
  // WeChat/QQ write one 0x02 byte before the "#!SILK_V3" header and silk-wasm's decoder expects
  // it; plain Skype-style SILK files lack it.
  const body = data[0] === 0x02 ? data : Buffer.concat([Buffer.from([0x02]), data]);
  if (!isSilk(body)) {
    process.stderr.write('not a SILK v3 stream\n');
    return 3;
  }
  const pcm = await decode(body, SILK_RATE);
  if (pcm.data.length === 0) {
    process.stderr.write('SILK stream holds no frames\n');
    return 3;
  }
  await writeFile(
    output,
    wavFromPcm(Buffer.from(pcm.data.buffer, pcm.data.byteOffset, pcm.data.length), SILK_RATE),
  );
  process.stdout.write(`${JSON.stringify({ durationMs: Math.round(pcm.duration) })}\n`);
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(3);
  },
);
