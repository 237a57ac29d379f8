import type { Notification } from '../../models/appeal.repository.js';

export type WebhookFormat = 'wecom' | 'json';

/** What each notification kind says, in Chinese (the people reading live in WeCom groups). */
const TITLES: Record<string, string> = {
  'appeal.filed': '新的申诉待复核',
  'appeal.assigned': '申诉已分配给您',
  'appeal.decided': '申诉已有复核结论',
  'appeal.overdue': '申诉复核已超时',
  'appeal.override_flagged': '复核结论与新词库结果仍不一致',
  'lexicon.change_request': '新的词库变更请求',
};

/** Renders the request body of a notification: WeCom group-robot markdown, or plain JSON. */
export function renderWebhook(n: Notification, format: WebhookFormat): unknown {
  if (format === 'json') {
    return { id: n.id, kind: n.kind, recipients: n.recipients, ...n.payload, createdAt: n.createdAt };
  }
  const p = n.payload as Record<string, unknown>;
  const lines = [`### ${TITLES[n.kind] ?? n.kind}`];
  const add = (label: string, value: unknown) => {
    if (value !== undefined && value !== null && value !== '') lines.push(`> ${label}：${String(value)}`);
  };
  add('申诉编号', p.appealId);
  add('通话', p.callId);
  add('销售', p.repName ?? p.repId);
  add('申诉内容', p.summary);
  add('原文', p.quote);
  add('理由', p.reason);
  add('复核人', p.reviewerName ?? p.reviewerId);
  add(
    '结论',
    p.decision === 'accepted'
      ? '<font color="info">采纳</font>'
      : p.decision === 'rejected'
        ? '<font color="warning">驳回</font>'
        : p.decision,
  );
  add('复核说明', p.note);
  add('截止时间', p.dueAt ? formatShanghai(String(p.dueAt)) : undefined);
  add('行业', p.industry);
  add('变更', p.change);
  add('说明', p.message);
  return {
    msgtype: 'markdown',
    markdown: {
      content: lines.join('\n'),
      ...(n.recipients.length > 0 ? { mentioned_list: n.recipients } : {}),
    },
  };
}

function formatShanghai(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return new Intl.DateTimeFormat('zh-CN', {
    timeZone: 'Asia/Shanghai',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hour12: false,
  }).format(d);
}

/**
 * Posts a notification to the webhook. Throws on a network error, a non-2xx answer, or a WeCom
 * error code in a 200 answer (`errcode` ≠ 0), so the job is retried.
 */
export async function postWebhook(
  url: string,
  body: unknown,
  timeoutMs = 5000,
  fetchImpl: typeof fetch = fetch,
): Promise<void> {
  const res = await fetchImpl(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(timeoutMs),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`webhook answered ${res.status}: ${text.slice(0, 200)}`);
  try {
    const json = JSON.parse(text) as { errcode?: unknown; errmsg?: unknown };
    if (typeof json.errcode === 'number' && json.errcode !== 0) {
      throw new Error(`webhook error ${json.errcode}: ${String(json.errmsg ?? '')}`);
    }
  } catch (err) {
    if (err instanceof SyntaxError) return; // not JSON: a 2xx is enough
    throw err;
  }
}
