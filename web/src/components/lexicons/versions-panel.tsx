import { Button, Card, Popconfirm, Select, Space, Table, Tag } from 'antd';
import { useState } from 'react';
import { api } from '../../lib/api';
import type { LexiconDiff, LexiconPublished } from '../../lib/api-shapes';
import {
  LEXICON_CATEGORY_ZH as CATEGORY_ZH,
  categoryName,
  formatDate,
  versionName,
  versionNote,
} from '../../lib/labels';
import type { LexiconAction, Run, VersionRow } from './types';

/**
 * The industry's versions with rollback, and the difference between two of them. Keyed by
 * industry on the page, so a comparison never outlives its industry.
 */
export function VersionsPanel({
  industry,
  versions,
  currentSequence,
  hasDraft,
  editor,
  act,
  onRun,
}: {
  industry: string;
  versions: VersionRow[];
  currentSequence: number | undefined;
  hasDraft: boolean;
  editor: boolean;
  act: LexiconAction;
  onRun: (run: Run | null) => void;
}) {
  const [diffPair, setDiffPair] = useState<{ from?: number | 'draft'; to?: number | 'draft' }>({});
  const [diff, setDiff] = useState<LexiconDiff | null>(null);
  const draft = hasDraft;
  const versionOptions = [
    ...(draft ? [{ value: 'draft' as const, label: '草稿' }] : []),
    ...versions
      .filter((v) => v.status !== 'draft')
      .map((v) => ({ value: v.sequence, label: `第 ${v.sequence} 版` })),
  ];
  return (
    <div>
      <Table<VersionRow>
        rowKey="sequence"
        size="small"
        pagination={false}
        dataSource={versions}
        data-testid="versions"
        columns={[
          { title: '版本', dataIndex: 'sequence', width: 60 },
          {
            title: '版本号',
            dataIndex: 'versionId',
            render: (v: string | null) => (v ? <span title={v}>{versionName(v)}</span> : '（草稿）'),
          },
          {
            title: '状态',
            dataIndex: 'status',
            render: (s: string) => <Tag>{s === 'draft' ? '草稿' : s === 'published' ? '已发布' : s}</Tag>,
          },
          { title: '词条数', dataIndex: 'terms', width: 70 },
          { title: '说明', dataIndex: 'note', render: (n: string | null) => versionNote(n) },
          {
            title: '发布时间',
            dataIndex: 'publishedAt',
            render: (t: string | null) => (t ? formatDate(t) : '—'),
          },
          ...(editor
            ? [
                {
                  title: '操作',
                  key: 'ops',
                  render: (_: unknown, v: VersionRow) =>
                    v.status === 'published' && v.sequence !== currentSequence ? (
                      <Popconfirm
                        title={`回滚到第 ${v.sequence} 版并重新评分？`}
                        okText="回滚"
                        cancelText="取消"
                        onConfirm={() =>
                          act(
                            'rollback',
                            async () => {
                              const r = await api<LexiconPublished>(`/v1/lexicons/${industry}/rollback`, {
                                method: 'POST',
                                body: { toSequence: v.sequence, rescore: true },
                              });
                              onRun(r.run);
                            },
                            '已回滚',
                          )
                        }
                      >
                        <Button size="small" type="link">
                          回滚到此版
                        </Button>
                      </Popconfirm>
                    ) : null,
                },
              ]
            : []),
        ]}
      />
      <Space wrap style={{ marginTop: 12 }}>
        <span>比较</span>
        <Select
          style={{ width: 110 }}
          placeholder="从"
          aria-label="比较的起始版本"
          value={diffPair.from}
          onChange={(from) => setDiffPair((p) => ({ ...p, from }))}
          options={versionOptions}
        />
        <Select
          style={{ width: 110 }}
          placeholder="到"
          aria-label="比较的目标版本"
          value={diffPair.to}
          onChange={(to) => setDiffPair((p) => ({ ...p, to }))}
          options={versionOptions}
        />
        <Button
          disabled={diffPair.from === undefined || diffPair.to === undefined}
          onClick={() =>
            act('diff', async () =>
              setDiff(
                await api(`/v1/lexicons/${industry}/diff`, {
                  query: { from: diffPair.from, to: diffPair.to },
                }),
              ),
            )
          }
        >
          查看差异
        </Button>
      </Space>
      {diff && (
        <Card size="small" style={{ marginTop: 12 }} data-testid="diff">
          {diff.terms.added.map((t) => (
            <div key={`+${t.term}`} style={{ color: '#237804' }}>
              + {t.term}（{CATEGORY_ZH[t.category] ?? t.category}）{(t.synonyms ?? []).join('、')}
            </div>
          ))}
          {diff.terms.removed.map((t) => (
            <div key={`-${t.term}`} style={{ color: '#cf1322' }}>
              − {t.term}
            </div>
          ))}
          {diff.terms.changed.map((c) => (
            <div key={`~${c.term}`} style={{ color: '#874d00' }}>
              ~ {c.term}：同义词 {(c.before.synonyms ?? []).join('、') || '无'} →{' '}
              {(c.after.synonyms ?? []).join('、') || '无'}
              {c.before.category !== c.after.category &&
                `；类别 ${categoryName(c.before.category)} → ${categoryName(c.after.category)}`}
            </div>
          ))}
          {diff.terms.added.length + diff.terms.removed.length + diff.terms.changed.length === 0 && '无差异'}
        </Card>
      )}
    </div>
  );
}
