/**
 * Tencent Cloud ASR recording recognition (腾讯云语音识别·录音文件识别): the DescribeTaskStatus
 * response (`Response.Data`), or its `Data` alone. `ResultDetail` (when the task asked for
 * ResTextFormat >= 1) holds sentences with `StartMs`/`EndMs` and `SpeakerId`; without it the
 * plain `Result` text has one line per sentence, `[0:1.020,0:3.540,0]  text` (minutes:seconds,
 * then the speaker or channel).
 */
import {
  importError,
  isRecord,
  pick,
  SentenceCollector,
  toId,
  type VendorTranscript,
} from './vendor-transcript.js';

/** The task object: `Response.Data`, `Data`, or the document itself. */
export function tencentData(doc: unknown): Record<string, unknown> | undefined {
  for (const candidate of [pick(doc, 'Response.Data'), pick(doc, 'Data'), doc]) {
    if (isRecord(candidate) && ('ResultDetail' in candidate || 'StatusStr' in candidate)) return candidate;
  }
  return undefined;
}

const LINE = /^\[(\d+):(\d+(?:\.\d+)?),(\d+):(\d+(?:\.\d+)?)(?:,(\d+))?\]\s*(.*)$/;

export function adaptTencent(doc: unknown): VendorTranscript {
  const error = pick(doc, 'Response.Error');
  if (isRecord(error)) {
    throw importError('tencent', [
      { path: 'Response.Error', message: `接口返回错误（${String(error.Code)}：${String(error.Message)}）` },
    ]);
  }
  const data = tencentData(doc);
  if (!data) throw importError('tencent', [{ path: 'Response.Data', message: '缺少识别任务数据' }]);
  const base =
    pick(doc, 'Response.Data') === data ? 'Response.Data' : pick(doc, 'Data') === data ? 'Data' : '';
  const at = (field: string) => (base ? `${base}.${field}` : field);
  if (typeof data.StatusStr === 'string' && data.StatusStr !== 'success') {
    throw importError('tencent', [
      {
        path: at('StatusStr'),
        message: `识别任务未成功（${data.StatusStr}${data.ErrorMsg ? `：${String(data.ErrorMsg)}` : ''}）`,
      },
    ]);
  }
  const taskId = data.TaskId === undefined ? {} : { taskId: String(data.TaskId) };
  const out = new SentenceCollector('tencent');
  if (Array.isArray(data.ResultDetail)) {
    data.ResultDetail.forEach((s, i) => {
      const path = at(`ResultDetail[${i}]`);
      if (!isRecord(s)) {
        out.invalid(path, '应为对象');
        return;
      }
      out.add(path, toId(s.SpeakerId, '0'), s.StartMs, s.EndMs, s.FinalSentence, [
        'StartMs',
        'EndMs',
        'FinalSentence',
      ]);
    });
    return {
      format: 'tencent',
      speakerKind: 'speaker',
      timeUnit: 'auto',
      sentences: out.finish(),
      ...taskId,
    };
  }
  if (typeof data.Result !== 'string') {
    throw importError('tencent', [
      { path: at('ResultDetail'), message: '缺少识别结果（ResultDetail 或 Result）' },
    ]);
  }
  data.Result.split(/\r?\n/).forEach((line, i) => {
    if (line.trim() === '') return;
    const m = LINE.exec(line.trim());
    if (!m) {
      out.invalid(`${at('Result')} 第 ${i + 1} 行`, `无法识别的行：${line.slice(0, 40)}`);
      return;
    }
    const start = Math.round((Number(m[1]) * 60 + Number(m[2])) * 1000);
    const end = Math.round((Number(m[3]) * 60 + Number(m[4])) * 1000);
    out.add(`${at('Result')} 第 ${i + 1} 行`, m[5] ?? '0', start, end, m[6]);
  });
  return { format: 'tencent', speakerKind: 'speaker', timeUnit: 'ms', sentences: out.finish(), ...taskId };
}
