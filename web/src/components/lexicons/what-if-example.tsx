import { Link } from 'react-router-dom';
import type { LexiconWhatIfReport } from '../../lib/api-shapes';
import { clock, formatDate, labelName } from '../../lib/labels';

type Example = LexiconWhatIfReport['examples'][number];

/** A sentence as a reader finds it in the call: 第4句（00:22）. */
export function sentenceName(f: { utteranceIndex: number; startMs: number }): string {
  return `第${f.utteranceIndex}句（${clock(f.startMs)}）`;
}

/** The call as the call list names it: customer (company, contact), rep, when. */
export function exampleCallName(x: Example): string {
  const customer = [x.customer?.company, x.customer?.name].filter(Boolean).join(' · ');
  return [customer, x.repName, formatDate(x.occurredAt)].filter(Boolean).join(' · ');
}

/**
 * One call a what-if changes: a link to the call named by customer, rep and time, the total
 * before → after, and the findings it gains (with their words) and loses, by sentence.
 */
export function WhatIfExample({ x }: { x: Example }) {
  return (
    <div data-testid="what-if-example">
      <Link to={`/calls/${encodeURIComponent(x.callId)}`}>{exampleCallName(x)}</Link>
      <span className="tj-meta">
        {' '}
        总分 {x.totalBefore ?? '—'} → <b>{x.totalAfter ?? '—'}</b>
      </span>
      {x.added.map((f) => (
        <div key={`a${f.utteranceId}${f.label}${f.term}`} className="tj-meta">
          + {sentenceName(f)} {labelName(f.label)}
          {f.term ? `（${f.term}）` : ''}「{f.quote}」
        </div>
      ))}
      {x.removed.map((f) => (
        <div key={`r${f.utteranceId}${f.label}${f.term}`} className="tj-meta">
          − {sentenceName(f)} {labelName(f.label)}
          {f.term ? `（${f.term}）` : ''}
        </div>
      ))}
    </div>
  );
}
