import { useState } from 'react';
import type { CoachingOpportunity } from '../lib/api';
import { COACHING_KIND_ZH } from '../lib/labels';
import { Button } from './ui/button';
import { Card } from './ui/card';
import { List } from './ui/list';
import { Tag } from './ui/tag';

// antd's purple, red and geek-blue chips (ui.css), with text dark enough for 4.5:1.
const KIND_CLASS: Record<CoachingOpportunity['kind'], string> = {
  missed_need: 'tj-tag-purple',
  unhandled_objection: 'tj-tag-error',
  need_without_solution: 'tj-tag-geekblue',
};

/** 辅导建议: the three most important moments, the rest one tap away. */
export function CoachingCard({
  coaching,
  onJump,
  first = 3,
}: {
  /** The analysis' list as the server sends it (most important kinds first). */
  coaching: readonly CoachingOpportunity[];
  onJump: (utteranceId: string) => void;
  first?: number;
}) {
  const [all, setAll] = useState(false);
  const shown = all ? coaching : coaching.slice(0, first);
  return (
    <Card size="small" title="辅导建议" style={{ marginBottom: 12 }} data-testid="coaching">
      {coaching.length === 0 ? (
        <span className="tj-secondary">无：隐性需求均已跟进，需求均有方案回应，异议均已处理。</span>
      ) : (
        <>
          <List
            items={shown}
            itemKey={(c, i) => `${c.utteranceId}-${c.kind}-${i}`}
            render={(c) => (
              <div>
                <Tag className={KIND_CLASS[c.kind]}>{COACHING_KIND_ZH[c.kind]}</Tag>
                <button type="button" className="tj-textlink" onClick={() => onJump(c.utteranceId)}>
                  「<span data-user-content>{c.quote}</span>」
                </button>
                <div className="tj-meta">{c.detailZh}</div>
              </div>
            )}
          />
          {coaching.length > first && (
            <Button variant="link" size="small" onClick={() => setAll(!all)} data-testid="coaching-more">
              {all ? '收起' : `展开其余 ${coaching.length - first} 条`}
            </Button>
          )}
        </>
      )}
    </Card>
  );
}
