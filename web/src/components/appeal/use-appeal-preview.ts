import type { FormInstance } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { ApiError, api } from '../../lib/api';
import type { AppealPreview as GeneratedAppealPreview } from '../../lib/api-shapes';
import { errorText } from '../../lib/errors-zh';

/** POST /v1/calls/:id/appeals/preview: what filing this appeal would change, nothing stored. */
export type AppealPreview = GeneratedAppealPreview;
export type Scores = AppealPreview['preview']['now'];

/** Wait after the last edit before asking for a preview. */
const PREVIEW_DEBOUNCE_MS = 400;

const PREVIEW_ERROR_ZH: Record<number, string> = {
  400: '申诉内容有误',
  403: '无权申诉这通电话',
  404: '找不到这通电话或要申诉的内容',
  409: '这通电话当前不能申诉',
  422: '无法按此申诉计算',
};

/** Why an appeal could not be previewed or filed, in Chinese (appeal-specific where it helps). */
export function appealErrorText(e: unknown): string {
  return (e instanceof ApiError ? PREVIEW_ERROR_ZH[e.status] : undefined) ?? errorText(e);
}

/**
 * Before filing: the evidence and the scores if accepted, for the form as it stands (debounced,
 * only once the form is valid; a stale answer is dropped when a newer request has started).
 * `bodyKey`: the request body as JSON, null while the form cannot make one.
 */
export function useAppealPreview(form: FormInstance, callId: string, bodyKey: string | null, filed: boolean) {
  const [preview, setPreview] = useState<AppealPreview | null>(null);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const seqRef = useRef(0);
  useEffect(() => {
    const seq = ++seqRef.current;
    const current = () => seq === seqRef.current;
    if (filed || bodyKey === null) {
      setPreview(null);
      setError(null);
      setLoading(false);
      return;
    }
    setLoading(true);
    const timer = setTimeout(async () => {
      try {
        await form.validateFields({ validateOnly: true });
      } catch {
        if (current()) {
          setPreview(null);
          setError(null);
          setLoading(false);
        }
        return;
      }
      try {
        const res = await api<AppealPreview>(`/v1/calls/${callId}/appeals/preview`, {
          method: 'POST',
          body: JSON.parse(bodyKey) as unknown,
        });
        if (current()) {
          setPreview(res);
          setError(null);
        }
      } catch (e) {
        if (current()) {
          setPreview(null);
          setError(`无法预估申诉结果：${appealErrorText(e)}`);
        }
      } finally {
        if (current()) setLoading(false);
      }
    }, PREVIEW_DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [bodyKey, filed, form, callId]);
  return { preview, loading, error };
}
