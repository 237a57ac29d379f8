/**
 * Why an audio call could not be transcribed. `permanent` problems (the recording itself is
 * unusable) fail the call at once; the others are retried by the queue. Messages are what a
 * sales user reads on the failed call, so they are Simplified Chinese; codes stay English.
 */
export type AudioProblem =
  | 'audio_empty'
  | 'audio_corrupt'
  | 'audio_silent'
  | 'audio_too_long'
  | 'audio_unsupported'
  | 'audio_missing'
  /** An encrypted recording this server cannot decrypt (no key, another key, a damaged file). */
  | 'audio_key'
  | 'no_speech'
  | 'model_unavailable'
  | 'transcriber_crashed'
  | 'transcriber_timeout'
  | 'transcriber_output'
  | 'transcriber_failed'
  | 'tool_missing';

const PERMANENT: ReadonlySet<AudioProblem> = new Set([
  'audio_empty',
  'audio_corrupt',
  'audio_silent',
  'audio_too_long',
  'audio_unsupported',
  'audio_missing',
  'audio_key',
  'no_speech',
  'model_unavailable',
  'transcriber_output',
]);

export class AudioError extends Error {
  override readonly name = 'AudioError';
  readonly permanent: boolean;
  constructor(
    readonly code: AudioProblem,
    message: string,
    readonly detail?: string,
  ) {
    super(`${code}: ${message}`);
    this.permanent = PERMANENT.has(code);
  }
}
