import type { ScoreChange } from '../lib/api';
import { DIMENSION_ZH, formatDate } from '../lib/labels';
import { Alert } from './ui/alert';
import { List } from './ui/list';
import { Tag } from './ui/tag';

const score = (s: number | null) => (s === null ? '不适用' : `${s} 分`);

/**
 * What the last rescore of this call changed (an accepted appeal, a new lexicon or learned model,
 * a corrected industry): the summary the server wrote, each dimension that moved and each score
 * item with the reason in words. Folded (a native disclosure: the card sits in a phone's first
 * screen, which carries no antd); shown only when the call was scored more than once.
 */
export function LastChangeCard({ change }: { change: ScoreChange }) {
  const fell = change.total.from !== null && change.total.to !== null && change.total.to < change.total.from;
  return (
    <Alert
      type={fell ? 'warning' : 'info'}
      style={{ marginBottom: 12 }}
      data-testid="last-change"
      message={
        <>
          <span>
            {change.summary}
            <span className="tj-meta">（{formatDate(change.at)}）</span>
          </span>
          {(change.items.length > 0 || change.dimensions.length > 0) && (
            <details className="tj-disclosure">
              <summary>逐项变化（{change.items.length} 项）</summary>
              {change.dimensions.length > 0 && (
                <div style={{ marginBottom: 6 }}>
                  {change.dimensions.map((d) => (
                    <Tag key={d.dimension} data-testid="last-change-dimension">
                      {DIMENSION_ZH[d.dimension] ?? '其他维度'} {score(d.from)} → {score(d.to)}
                    </Tag>
                  ))}
                </div>
              )}
              <List
                items={change.items}
                itemKey={(i, n) => `${i.dimension}-${i.label}-${n}`}
                render={(i) => (
                  <div data-testid="last-change-item">
                    <strong>{i.label}</strong>（{DIMENSION_ZH[i.dimension] ?? '其他维度'}）：{i.reason}
                  </div>
                )}
              />
            </details>
          )}
        </>
      }
    />
  );
}
