import type { Appeal } from './api-shapes';

/**
 * Appeals still waiting for a decision (escalation past the SLA keeps the status, see
 * escalatedAt). Kept apart from components/effect-line.tsx, which loads antd: the call page's
 * first screen reads this list and must not pull antd in with it.
 */
export const LIVE_APPEAL_STATUSES: readonly Appeal['status'][] = ['open', 'in_review'];
