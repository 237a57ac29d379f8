import { Card, Empty, List, Tag } from 'antd';
import { useMemo } from 'react';
import { WordCloud } from '../word-cloud';
import type { Clusters } from './team-types';

/** 客户最常问的问题: clusters of customers' questions with counts, concepts and two examples. */
export function CustomerQuestionsCard({ clusters }: { clusters: Clusters['clusters'] }) {
  return (
    <Card size="small" title="客户最常问的问题（近 30 天）" data-testid="customer-questions">
      <List
        size="small"
        dataSource={clusters}
        locale={{ emptyText: '暂无客户提问' }}
        renderItem={(c) => (
          <List.Item>
            <div>
              <b>{c.label}</b> <Tag>{c.count} 次</Tag> <span className="tj-meta">{c.calls} 通电话</span>
              {c.concepts.map((x) => (
                <Tag key={x} color="purple">
                  {x}
                </Tag>
              ))}
              <div className="tj-meta">
                {c.examples
                  .slice(0, 2)
                  .map((e) => `「${e.text}」`)
                  .join(' ')}
              </div>
            </div>
          </List.Item>
        )}
      />
    </Card>
  );
}

/** 客户关注词云: the questions' terms weighted by how often they were asked. */
export function ConcernsCloudCard({ clusters }: { clusters: Clusters['clusters'] }) {
  const cloud = useMemo(() => {
    const counts = new Map<string, number>();
    for (const c of clusters) {
      // Terms, not sentences: a cluster without concepts is named by its label only when that is short.
      const words = c.concepts.length > 0 ? c.concepts : Array.from(c.label).length <= 8 ? [c.label] : [];
      for (const w of words) counts.set(w, (counts.get(w) ?? 0) + c.count);
    }
    return [...counts].map(([name, value]) => ({ name, value }));
  }, [clusters]);
  return (
    <Card size="small" title="客户关注词云">
      {cloud.length > 0 ? <WordCloud words={cloud} testId="word-cloud" /> : <Empty description="暂无数据" />}
    </Card>
  );
}
