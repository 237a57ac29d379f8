import { useCallback, useEffect, useState } from 'react';
import {
  ApiError,
  api,
  type CallStatus,
  type CallSummary,
  type CallView,
  uploadWithProgress,
} from '../../lib/api';
import { errorText } from '../../lib/errors-zh';
import { useSession } from '../../lib/session';

const AUDIO = /\.(mp3|wav|m4a|aac|ogg|opus|flac|amr|webm)$/i;

/** One file sent through POST /v1/calls, followed until the pipeline settles it. */
export interface Tracked {
  name: string;
  progress: number;
  callId?: string;
  status?: CallStatus;
  error?: string;
  failureReason?: string | null;
}

/** Statuses the pipeline does not leave by itself (待确认行业 waits for a person to pick the industry). */
const settled = (s: CallStatus | undefined) => s === 'scored' || s === 'failed' || s === 'needs_industry';

/**
 * Single-call uploads (a transcript JSON or one recording) with their upload progress, then their
 * live status: each call is polled until it is scored, failed or waits for its industry, and the
 * list reloads when one settles. `notify` shows the short 已上传 / 上传失败 notice.
 */
export function useSingleUploads(
  audioIndustry: string,
  reload: () => void,
  notify: (type: 'success' | 'error', text: string) => void,
) {
  const { me } = useSession();
  const [tracked, setTracked] = useState<Tracked[]>([]);
  const update = useCallback((name: string, patch: Partial<Tracked>) => {
    setTracked((ts) => ts.map((t) => (t.name === name ? { ...t, ...patch } : t)));
  }, []);

  useEffect(() => {
    const pending = tracked.filter((t) => t.callId && !settled(t.status));
    if (pending.length === 0) return;
    const timer = setTimeout(() => {
      void Promise.all(
        pending.map((t) =>
          api<CallView>(`/v1/calls/${t.callId}`).then(
            (v) => {
              update(t.name, { status: v.call.status, failureReason: v.call.failureReason });
              if (settled(v.call.status)) reload();
            },
            () => undefined,
          ),
        ),
      );
    }, 700);
    return () => clearTimeout(timer);
  }, [tracked, update, reload]);

  const upload = async (file: File) => {
    const name = `${file.name}#${Date.now()}`;
    setTracked((ts) => [{ name, progress: 0 }, ...ts]);
    try {
      let res: { call: CallSummary };
      if (AUDIO.test(file.name) || file.type.startsWith('audio/')) {
        const form = new FormData();
        form.append(
          'metadata',
          JSON.stringify({
            externalId: `upload-${Date.now()}`,
            repId: me?.externalId ?? me?.id,
            industry: audioIndustry,
            occurredAt: new Date().toISOString(),
          }),
        );
        form.append('audio', file);
        res = await uploadWithProgress('/v1/calls', { form }, (p) => update(name, { progress: p }));
      } else {
        const text = await file.text();
        let doc: Record<string, unknown>;
        try {
          doc = JSON.parse(text) as Record<string, unknown>;
        } catch {
          throw new ApiError(400, 'invalid_input', '文件不是有效的 JSON');
        }
        // A rep uploads their own calls: fill in the rep when the file leaves it out.
        if (doc.repId === undefined && me) doc.repId = me.externalId ?? me.id;
        res = await uploadWithProgress('/v1/calls', { json: JSON.stringify(doc) }, (p) =>
          update(name, { progress: p }),
        );
      }
      update(name, { progress: 1, callId: res.call.id, status: res.call.status });
      notify('success', `已上传：${file.name}`);
      reload();
    } catch (e) {
      const msg = errorText(e);
      update(name, { error: msg });
      notify('error', `上传失败：${msg}`);
    }
  };

  return { tracked, upload };
}
