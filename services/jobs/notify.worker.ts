import { UnrecoverableError } from 'bullmq';
import type { AppealRepository } from '../../models/appeal.repository.js';
import { RETRY_POLICY } from '../../pipeline/queue.js';
import { postWebhook, renderWebhook, type WebhookFormat } from '../appeals/notifier.js';

export interface NotificationDeps {
  appeals: AppealRepository;
  webhookUrl: string;
  format: WebhookFormat;
  timeoutMs?: number;
}

/**
 * Delivers one outbox notification. A failure is rethrown so the queue retries with backoff; the
 * last attempt marks it failed. Already-sent notifications are not sent twice.
 */
export async function sendNotification(deps: NotificationDeps, id: number, attempt: number): Promise<void> {
  const n = await deps.appeals.notification(id);
  if (!n) throw new UnrecoverableError(`notification ${id} not found`);
  if (n.status === 'sent') return;
  try {
    await postWebhook(deps.webhookUrl, renderWebhook(n, deps.format), deps.timeoutMs);
  } catch (err) {
    const final = attempt >= RETRY_POLICY.attempts;
    await deps.appeals.markNotification(id, { sent: false, error: (err as Error).message, final });
    throw err;
  }
  await deps.appeals.markNotification(id, { sent: true });
}
