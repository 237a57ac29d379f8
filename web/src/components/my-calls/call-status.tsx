import type { CallStatus } from '../../lib/api';
import { STATUS_ZH } from '../../lib/labels';
import { Tag } from '../ui/tag';

export function StatusTag({ status }: { status: CallStatus }) {
  const s = STATUS_ZH[status];
  return (
    <Tag color={s.color} data-testid="call-status">
      {s.text}
    </Tag>
  );
}

export function scoreColor(n: number | null | undefined): string {
  if (n === null || n === undefined) return '#8c8c8c';
  return n >= 80 ? '#237804' : n >= 60 ? '#874d00' : '#cf1322';
}
