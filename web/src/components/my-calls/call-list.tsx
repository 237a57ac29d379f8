import { Card, List, Space, Table, Tag, Typography } from 'antd';
import { Link, useNavigate } from 'react-router-dom';
import type { CallStatus, CallSummary, Dimension } from '../../lib/api';
import { DIMENSION_ZH, DIMENSIONS, formatDate, INDUSTRY_ZH, tagName } from '../../lib/labels';
import { StatusTag, scoreColor } from './call-status';

type Dims = (c: CallSummary) => Partial<Record<Dimension, number | null>> | undefined;

/** The calls as cards on a phone: company, total, status, the five dimensions, tags. */
export function CallCards({
  items,
  loading,
  dimsOf,
}: {
  items: CallSummary[];
  loading: boolean;
  dimsOf: Dims;
}) {
  const navigate = useNavigate();
  return (
    <List
      loading={loading}
      dataSource={items}
      data-testid="call-list"
      locale={{ emptyText: '暂无通话' }}
      renderItem={(c) => (
        // A list item (an <li>), so the list holds only list items for screen readers.
        <List.Item className="tj-card-item">
          <Card size="small" style={{ marginBottom: 8 }} onClick={() => navigate(`/calls/${c.id}`)} hoverable>
            <Space style={{ width: '100%', justifyContent: 'space-between' }}>
              <div>
                <Typography.Text strong>{c.customer?.company ?? c.externalId}</Typography.Text>
                <div className="tj-meta">
                  {c.customer?.name} · {formatDate(c.occurredAt)}
                </div>
              </div>
              <div style={{ textAlign: 'right' }}>
                <div style={{ fontSize: 22, fontWeight: 700, color: scoreColor(c.total) }}>
                  {c.total ?? '—'}
                </div>
                <StatusTag status={c.status} />
              </div>
            </Space>
            <div style={{ marginTop: 6 }}>
              {DIMENSIONS.map((d) => (
                <Tag key={d} bordered={false}>
                  {DIMENSION_ZH[d].slice(0, 2)} {dimsOf(c)?.[d] ?? '—'}
                </Tag>
              ))}
            </div>
            <div style={{ marginTop: 4 }}>
              {c.tags.map((t) => (
                <Tag key={t} color="volcano">
                  {tagName(t)}
                </Tag>
              ))}
            </div>
            {c.snippet && <div className="tj-meta">{c.snippet}</div>}
          </Card>
        </List.Item>
      )}
    />
  );
}

/** The calls as a table on a desktop; managers get a rep column. */
export function CallTable({
  items,
  loading,
  dimsOf,
  repName,
}: {
  items: CallSummary[];
  loading: boolean;
  dimsOf: Dims;
  /** Set for managers: the rep column's names. */
  repName?: ((repId: string) => string) | undefined;
}) {
  const navigate = useNavigate();
  return (
    <Table<CallSummary>
      rowKey="id"
      loading={loading}
      dataSource={items}
      pagination={false}
      data-testid="call-list"
      locale={{ emptyText: '暂无通话' }}
      onRow={(c) => ({ onClick: () => navigate(`/calls/${c.id}`), style: { cursor: 'pointer' } })}
      columns={[
        { title: '时间', dataIndex: 'occurredAt', render: (v: string) => formatDate(v), width: 150 },
        ...(repName
          ? [
              {
                title: '销售',
                key: 'rep',
                width: 100,
                render: (_: unknown, c: CallSummary) => repName(c.repId),
              },
            ]
          : []),
        {
          title: '客户',
          render: (_, c) => (
            <div>
              <Link to={`/calls/${c.id}`}>{c.customer?.company ?? c.externalId}</Link>
              <div className="tj-meta">{c.customer?.name}</div>
              {c.snippet && <div className="tj-meta">{c.snippet}</div>}
            </div>
          ),
        },
        {
          title: '行业',
          dataIndex: 'industry',
          // A 待确认行业 call's industry is only the best guess so far.
          render: (v: string, c: CallSummary) =>
            c.status === 'needs_industry' ? '待确认' : (INDUSTRY_ZH[v] ?? '其他行业'),
          width: 90,
        },
        {
          title: '状态',
          dataIndex: 'status',
          render: (v: CallStatus) => <StatusTag status={v} />,
          width: 110,
        },
        {
          title: '总分',
          dataIndex: 'total',
          width: 70,
          render: (v: number | null) => <b style={{ color: scoreColor(v) }}>{v ?? '—'}</b>,
        },
        ...DIMENSIONS.map((d) => ({
          title: DIMENSION_ZH[d],
          key: d,
          width: 80,
          render: (_: unknown, c: CallSummary) => {
            const v = dimsOf(c)?.[d];
            return <span style={{ color: scoreColor(v) }}>{v === null ? '不适用' : (v ?? '—')}</span>;
          },
        })),
        {
          title: '标签',
          dataIndex: 'tags',
          render: (ts: string[]) =>
            ts.map((t) => (
              <Tag key={t} color="volcano">
                {tagName(t)}
              </Tag>
            )),
        },
      ]}
    />
  );
}
