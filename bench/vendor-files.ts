/**
 * Renders a transcript as the file a vendor or a call-centre export would give: Alibaba,
 * Tencent, iFlytek, Volcengine result JSON (envelopes as in tests/fixtures/import), a CSV table,
 * or our own JSON. Used by the import benchmark and the folder-import test to make many files.
 */
import type { TranscriptInput } from '../models/transcript.js';

export const VENDOR_KINDS = ['alibaba', 'tencent', 'iflytek', 'volcengine', 'csv', 'tingjian'] as const;
export type VendorKind = (typeof VENDOR_KINDS)[number];

type Utterance = TranscriptInput['utterances'][number];
const channel = (u: Utterance) => (u.speaker === 'rep' ? 0 : 1);

/** The file's extension and bytes. */
export function renderVendorFile(
  t: TranscriptInput,
  kind: VendorKind,
  id: string,
): { ext: string; bytes: Buffer } {
  const us = t.utterances;
  const json = (v: unknown) => ({ ext: '.json', bytes: Buffer.from(JSON.stringify(v)) });
  switch (kind) {
    case 'alibaba':
      return json({
        TaskId: id,
        StatusText: 'SUCCESS',
        StatusCode: 21050000,
        BizDuration: us.at(-1)?.end ?? 0,
        Result: {
          Sentences: us.map((u) => ({
            BeginTime: u.start,
            EndTime: u.end,
            Text: u.text,
            ChannelId: channel(u),
            SilenceDuration: 0,
            SpeechRate: 200,
            EmotionValue: 5,
          })),
        },
      });
    case 'tencent':
      return json({
        Response: {
          Data: {
            TaskId: id,
            Status: 2,
            StatusStr: 'success',
            ErrorMsg: '',
            ResultDetail: us.map((u) => ({
              FinalSentence: u.text,
              StartMs: u.start,
              EndMs: u.end,
              SpeakerId: channel(u),
              WordsNum: u.text.length,
              Words: [],
            })),
          },
          RequestId: id,
        },
      });
    case 'iflytek':
      return json({
        code: '000000',
        descInfo: 'success',
        content: {
          orderInfo: { orderId: id, failType: 0, status: 4 },
          orderResult: JSON.stringify({
            lattice: us.map((u) => ({
              json_1best: JSON.stringify({
                st: {
                  bg: String(u.start),
                  ed: String(u.end),
                  rl: String(channel(u) + 1),
                  rt: [{ ws: [{ cw: [{ w: u.text, wp: 'n' }] }] }],
                },
              }),
            })),
          }),
        },
      });
    case 'volcengine':
      return json({
        audio_info: { duration: us.at(-1)?.end ?? 0 },
        result: {
          text: us.map((u) => u.text).join(''),
          utterances: us.map((u) => ({
            text: u.text,
            start_time: u.start,
            end_time: u.end,
            definite: true,
            additions: { speaker: String(channel(u) + 1) },
          })),
        },
      });
    case 'csv': {
      const quote = (s: string) => `"${s.replace(/"/g, '""')}"`;
      const rows = us.map((u) =>
        [u.start, u.end, u.speaker === 'rep' ? '销售' : '客户', quote(u.text)].join(','),
      );
      return {
        ext: '.csv',
        bytes: Buffer.from(`\uFEFF开始时间,结束时间,角色,内容\r\n${rows.join('\r\n')}\r\n`),
      };
    }
    case 'tingjian': {
      const { repId: _rep, ...rest } = t;
      return json({ ...rest, externalId: id });
    }
  }
}
