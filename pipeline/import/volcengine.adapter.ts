/**
 * Volcengine (火山引擎·豆包) recording file recognition: the big-model query response
 * (`result.utterances`), the older API's `resp.utterances`, or `result` as a list of candidates
 * (the first is used). Each utterance has `start_time`/`end_time` in milliseconds; with speaker
 * clustering on (`enable_speaker_info`) the speaker is `additions.speaker`.
 */
import {
  importError,
  isRecord,
  pick,
  SentenceCollector,
  toId,
  type VendorTranscript,
} from './vendor-transcript.js';

/** Where the utterances are, and the path to name in errors. */
export function volcengineUtterances(doc: unknown): { list: unknown; path: string } | undefined {
  const result = pick(doc, 'result');
  const first = Array.isArray(result) ? result[0] : result;
  for (const [value, path] of [
    [pick(first, 'utterances'), Array.isArray(result) ? 'result[0].utterances' : 'result.utterances'],
    [pick(doc, 'resp.utterances'), 'resp.utterances'],
    [pick(doc, 'utterances'), 'utterances'],
  ] as const) {
    if (value !== undefined) return { list: value, path };
  }
  return undefined;
}

export function adaptVolcengine(doc: unknown): VendorTranscript {
  if (!isRecord(doc)) throw importError('volcengine', [{ path: '(root)', message: '应为 JSON 对象' }]);
  const code = pick(doc, 'resp.code');
  if (typeof code === 'number' && code !== 1000) {
    throw importError('volcengine', [
      { path: 'resp.code', message: `识别未成功（${code}：${String(pick(doc, 'resp.message'))}）` },
    ]);
  }
  const found = volcengineUtterances(doc);
  if (!found)
    throw importError('volcengine', [{ path: 'result.utterances', message: '缺少分句结果（utterances）' }]);
  if (!Array.isArray(found.list))
    throw importError('volcengine', [{ path: found.path, message: '应为数组' }]);
  const out = new SentenceCollector('volcengine');
  let diarised = false;
  found.list.forEach((u, i) => {
    const path = `${found.path}[${i}]`;
    if (!isRecord(u)) {
      out.invalid(path, '应为对象');
      return;
    }
    const additions = isRecord(u.additions) ? u.additions : {};
    const id = additions.speaker ?? u.speaker ?? additions.channel_id ?? u.channel_id;
    if (id !== undefined) diarised = true;
    out.add(path, toId(id, '0'), u.start_time, u.end_time, u.text, ['start_time', 'end_time', 'text']);
  });
  const id = pick(doc, 'resp.id') ?? pick(doc, 'id') ?? pick(doc, 'reqid');
  return {
    format: 'volcengine',
    speakerKind: diarised ? 'speaker' : 'channel',
    timeUnit: 'auto',
    sentences: out.finish(),
    ...(typeof id === 'string' ? { taskId: id } : {}),
  };
}
