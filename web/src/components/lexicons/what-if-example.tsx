import { Link } from 'react-router-dom';
import type { LexiconWhatIfReport } from '../../lib/api-shapes';
import { formatDate, labelName } from '../../lib/labels';
import { sentenceName } from '../../lib/sentence';

type Example = LexiconWhatIfReport['examples'][number];

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
      {/* Each line quotes a speaker and names a lexicon term (user content); its label and place
          come from checked tables (labelName, sentenceName). */}
      {x.added.map((f) => (
        <div
          key={`a${f.utteranceId}${f.label}${f.term}`}
          className="tj-meta"
          title={f.utteranceId}
          data-user-content
        >
          + {sentenceName(f)} {labelName(f.label)}
          {f.term ? `（${f.term}）` : ''}「{f.quote}」
        </div>
      ))}
      {x.removed.map((f) => (
        <div
          key={`r${f.utteranceId}${f.label}${f.term}`}
          className="tj-meta"
          title={f.utteranceId}
          data-user-content
        >
          − {sentenceName(f)} {labelName(f.label)}
          {f.term ? `（${f.term}）` : ''}
        </div>
      ))}
    </div>
  );
}
