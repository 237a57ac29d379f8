/**
 * The transcriber command protocol. The transcribe worker never loads whisper.cpp itself: it
 * starts a transcriber executable per channel (`WHISPER_BIN`, default: our whisper.host, a
 * Node script around @fugood/whisper.node) and talks to it over pipes:
 *
 * - stdin: one JSON line, the {@link TranscribeRequest}. stdin then stays open; its end means
 *   the worker is gone, and a well-behaved transcriber exits.
 * - stdout: JSON lines, one {@link TranscriberEvent} each: any number of `log` and `progress`
 *   events, then one `result` (exit 0) or one `error` (non-zero exit).
 * - stderr: free text, kept (its tail) for the failure detail.
 *
 * Anything else on stdout is a protocol violation. A signal, a non-zero exit without an
 * `error` event, or running past the timeout ends the attempt; the worker keeps serving.
 *
 * Serving mode (a warm host, see transcriber.pool.ts): a transcriber that supports it is started
 * once with `--serve <model>`, loads the model, and prints one `ready` event (or an `error` and
 * exits). It then reads any number of requests, one line each, one at a time, and answers each
 * with its `log`/`progress` events and one `result` or `error`, staying alive; the end of stdin
 * means the worker is gone (or done with it) and the host exits. A request naming another model
 * makes the host load that one first.
 */
import { z } from 'zod';

export const PROTOCOL_VERSION = 1;

export const ZTranscribeRequest = z.strictObject({
  protocol: z.literal(PROTOCOL_VERSION),
  /** Absolute path of 16 kHz mono signed 16-bit little-endian PCM. */
  pcm: z.string().min(1),
  sampleRate: z.literal(16_000),
  durationMs: z.number().int().nonnegative(),
  /** ggml model file. */
  model: z.string().min(1),
  language: z.string().min(2).max(8),
  /** Initial prompt: style (simplified, punctuated) and vocabulary hints. */
  prompt: z.string().max(2000),
  threads: z.number().int().min(1).max(64),
});
export type TranscribeRequest = z.infer<typeof ZTranscribeRequest>;

export const ZSegment = z.strictObject({
  /** Milliseconds from the start of the channel. */
  start: z.number().finite().nonnegative(),
  end: z.number().finite().nonnegative(),
  text: z.string().max(20_000),
});
export type Segment = z.infer<typeof ZSegment>;

export const ZTranscriberEvent = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('log'), level: z.string().max(16), text: z.string().max(4000) }),
  z.strictObject({ type: z.literal('progress'), percent: z.number().min(0).max(100) }),
  /** Serving mode only: the model is loaded, requests may come. */
  z.strictObject({ type: z.literal('ready'), loadMs: z.number().nonnegative().optional() }),
  z.strictObject({
    type: z.literal('result'),
    segments: z.array(ZSegment).max(200_000),
    language: z.string().max(16).optional(),
    /** Milliseconds spent in whisper.cpp itself (model load excluded). */
    whisperMs: z.number().nonnegative().optional(),
    /** Milliseconds spent loading the model. */
    loadMs: z.number().nonnegative().optional(),
    engine: z.string().max(200).optional(),
  }),
  z.strictObject({
    type: z.literal('error'),
    code: z.enum(['model_missing', 'model_invalid', 'bad_request', 'internal']),
    message: z.string().max(4000),
  }),
]);
export type TranscriberEvent = z.infer<typeof ZTranscriberEvent>;
export type TranscriberResult = Extract<TranscriberEvent, { type: 'result' }>;
