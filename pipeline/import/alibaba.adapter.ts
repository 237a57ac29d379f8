/**
 * Alibaba Cloud file transcription (阿里云智能语音交互·录音文件识别): the GetTaskResult response
 * or the callback body. Sentences sit in `Result.Sentences` with `BeginTime`/`EndTime` in
 * milliseconds, `ChannelId` (0, 1 for a two-track recording) and, when speaker separation
 * (diarisation) was on for a mono recording, `SpeakerId`.
 */
import {
  importError,
  isRecord,
  SentenceCollector,
  toId,
  type VendorTranscript,
} from './vendor-transcript.js';

/** StatusText values that carry a result (an empty one for SUCCESS_WITH_NO_VALID_FRAGMENT). */
const DONE = new Set(['SUCCESS', 'SUCCESS_WITH_NO_VALID_FRAGMENT']);

/** Where the sentences are: `Result.Sentences` (poll and callback), or at the top level. */
export function alibabaSentences(doc: unknown): unknown {
  if (!isRecord(doc)) return undefined;
  if (isRecord(doc.Result) && 'Sentences' in doc.Result) return doc.Result.Sentences;
  return doc.Sentences;
}

export function adaptAlibaba(doc: unknown): VendorTranscript {
  if (!isRecord(doc)) throw importError('alibaba', [{ path: '(root)', message: '应为 JSON 对象' }]);
  const status = typeof doc.StatusText === 'string' ? doc.StatusText : undefined;
  if (status !== undefined && !DONE.has(status)) {
    throw importError('alibaba', [
      {
        path: 'StatusText',
        message: `识别任务未成功（${status}${doc.StatusCode ? `，${doc.StatusCode}` : ''}）`,
      },
    ]);
  }
  const raw = alibabaSentences(doc);
  if (raw === undefined || raw === null) {
    if (status === 'SUCCESS_WITH_NO_VALID_FRAGMENT') return empty(doc);
    throw importError('alibaba', [{ path: 'Result.Sentences', message: '缺少识别结果句子列表' }]);
  }
  if (!Array.isArray(raw)) throw importError('alibaba', [{ path: 'Result.Sentences', message: '应为数组' }]);
  // Diarisation on a mono recording labels speakers; otherwise the channel is the speaker.
  const diarised = raw.some((s) => isRecord(s) && s.SpeakerId !== undefined && s.SpeakerId !== null);
  const out = new SentenceCollector('alibaba');
  raw.forEach((s, i) => {
    const path = `Result.Sentences[${i}]`;
    if (!isRecord(s)) {
      out.invalid(path, '应为对象');
      return;
    }
    const speaker = diarised ? toId(s.SpeakerId, '?') : toId(s.ChannelId, '0');
    out.add(path, speaker, s.BeginTime, s.EndTime, s.Text, ['BeginTime', 'EndTime', 'Text']);
  });
  return {
    format: 'alibaba',
    speakerKind: diarised ? 'speaker' : 'channel',
    timeUnit: 'auto',
    sentences: out.finish(),
    ...(typeof doc.TaskId === 'string' ? { taskId: doc.TaskId } : {}),
  };
}

function empty(doc: Record<string, unknown>): VendorTranscript {
  return {
    format: 'alibaba',
    speakerKind: 'channel',
    timeUnit: 'ms',
    sentences: [],
    ...(typeof doc.TaskId === 'string' ? { taskId: doc.TaskId } : {}),
  };
}
