/**
 * iFlytek long-form transcription (讯飞录音文件转写): the getResult response. Its
 * `content.orderResult` is a JSON string; inside, every `lattice` entry's `json_1best` is again a
 * JSON string (an object in `lattice2`) holding `st` with `bg`/`ed` (milliseconds, as strings),
 * `rl` (the separated role, "0" when separation was off) and the words in `rt[].ws[].cw[].w`.
 * The older API (`{"ok":0,"data":"[{\"bg\":…,\"onebest\":…,\"speaker\":…}]"}`) is read too.
 */
import {
  importError,
  isRecord,
  parseNestedJson,
  pick,
  SentenceCollector,
  toId,
  type VendorTranscript,
} from './vendor-transcript.js';

/** The decoded order result: `content.orderResult` (string or object), or a bare `lattice` document. */
export function iflytekOrderResult(doc: unknown): unknown {
  const nested = pick(doc, 'content.orderResult') ?? pick(doc, 'orderResult');
  if (typeof nested === 'string') return parseNestedJson('iflytek', 'content.orderResult', nested);
  if (nested !== undefined) return nested;
  return doc;
}

export function adaptIflytek(doc: unknown): VendorTranscript {
  if (!isRecord(doc)) throw importError('iflytek', [{ path: '(root)', message: '应为 JSON 对象' }]);
  if (typeof doc.code === 'string' && doc.code !== '000000') {
    throw importError('iflytek', [
      {
        path: 'code',
        message: `接口返回错误（${doc.code}${doc.descInfo ? `：${String(doc.descInfo)}` : ''}）`,
      },
    ]);
  }
  const failType = pick(doc, 'content.orderInfo.failType');
  if (typeof failType === 'number' && failType !== 0 && failType !== 11) {
    throw importError('iflytek', [
      { path: 'content.orderInfo.failType', message: `转写失败（failType ${failType}）` },
    ]);
  }
  const orderId = pick(doc, 'content.orderInfo.orderId');
  const taskId = typeof orderId === 'string' ? { taskId: orderId } : {};
  if (typeof doc.data === 'string' && 'err_no' in doc) return adaptLegacy(doc, doc.data);
  const result = iflytekOrderResult(doc);
  const lattice = isRecord(result) ? result.lattice : undefined;
  if (lattice === undefined || lattice === null) {
    // An order with no speech at all has an empty orderResult.
    if (isRecord(result) && Object.keys(result).length === 0)
      return { format: 'iflytek', speakerKind: 'speaker', timeUnit: 'ms', sentences: [], ...taskId };
    throw importError('iflytek', [
      { path: 'content.orderResult.lattice', message: '缺少识别结果（lattice）' },
    ]);
  }
  if (!Array.isArray(lattice))
    throw importError('iflytek', [{ path: 'content.orderResult.lattice', message: '应为数组' }]);
  const out = new SentenceCollector('iflytek');
  lattice.forEach((entry, i) => {
    const path = `lattice[${i}].json_1best`;
    const raw = isRecord(entry) ? entry.json_1best : undefined;
    const best = typeof raw === 'string' ? parseNestedJson('iflytek', path, raw) : raw;
    const st = isRecord(best) ? best.st : undefined;
    if (!isRecord(st)) {
      out.invalid(`${path}.st`, '缺少句子对象 st');
      return;
    }
    out.add(`${path}.st`, toId(st.rl, '0'), st.bg, st.ed, wordsOf(st.rt), ['bg', 'ed', 'rt']);
  });
  return { format: 'iflytek', speakerKind: 'speaker', timeUnit: 'auto', sentences: out.finish(), ...taskId };
}

/** The sentence text: every candidate word in order, except segment markers (`wp` "g"). */
function wordsOf(rt: unknown): string {
  if (!Array.isArray(rt)) return '';
  let text = '';
  for (const r of rt) {
    const ws = isRecord(r) ? r.ws : undefined;
    if (!Array.isArray(ws)) continue;
    for (const w of ws) {
      const cw = isRecord(w) && Array.isArray(w.cw) ? w.cw[0] : undefined;
      if (isRecord(cw) && typeof cw.w === 'string' && cw.wp !== 'g') text += cw.w;
    }
  }
  return text;
}

function adaptLegacy(doc: Record<string, unknown>, data: string): VendorTranscript {
  if (doc.ok !== 0 && doc.ok !== undefined) {
    throw importError('iflytek', [
      { path: 'ok', message: `转写失败（err_no ${String(doc.err_no)}：${String(doc.failed)}）` },
    ]);
  }
  const list = parseNestedJson('iflytek', 'data', data);
  if (!Array.isArray(list))
    throw importError('iflytek', [{ path: 'data', message: '应为数组的 JSON 字符串' }]);
  const out = new SentenceCollector('iflytek');
  list.forEach((s, i) => {
    const path = `data[${i}]`;
    if (!isRecord(s)) {
      out.invalid(path, '应为对象');
      return;
    }
    out.add(path, toId(s.speaker, '0'), s.bg, s.ed, s.onebest, ['bg', 'ed', 'onebest']);
  });
  return { format: 'iflytek', speakerKind: 'speaker', timeUnit: 'auto', sentences: out.finish() };
}
