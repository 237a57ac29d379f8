import type { ReactNode } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import type { CallListItem } from '../../lib/api-shapes';
import { DIMENSION_ZH, DIMENSIONS, formatDate, INDUSTRY_ZH, tagName } from '../../lib/labels';
import { Spinner } from '../ui/spinner';
import { Tag } from '../ui/tag';
import { StatusTag, scoreColor } from './call-status';

/** The calls as cards on a phone: company, total, status, the five dimensions, tags. */
export function CallCards({ items, loading }: { items: CallListItem[]; loading: boolean }) {
  const navigate = useNavigate();
  if (items.length === 0)
    return (
      <div className="tj-card tj-card-small tj-empty" data-testid="call-list" aria-busy={loading}>
        {loading ? <Spinner /> : '暂无通话'}
      </div>
    );
  return (
    <ul className="tj-call-cards" data-testid="call-list" aria-busy={loading}>
      {items.map((c) => (
        // The company is the card's link (for the keyboard and screen readers); a tap anywhere on
        // the card opens the call too.
        // biome-ignore lint/a11y/useKeyWithClickEvents: the link inside is the keyboard's way in
        <li
          key={c.id}
          className="tj-card tj-card-small tj-call-card"
          onClick={() => navigate(`/calls/${c.id}`)}
        >
          <div className="tj-call-card-top">
            <div>
              {/* The customer's company and name come from the user's own records: user content. */}
              <Link to={`/calls/${c.id}`} onClick={(e) => e.stopPropagation()} data-user-content>
                {c.customer?.company ?? c.externalId}
              </Link>
              <div className="tj-meta">
                <span data-user-content>{c.customer?.name}</span> · {formatDate(c.occurredAt)}
              </div>
            </div>
            <div style={{ textAlign: 'right' }}>
              <div style={{ fontSize: 22, fontWeight: 700, color: scoreColor(c.total) }}>
                {c.total ?? '—'}
              </div>
              <StatusTag status={c.status} />
            </div>
          </div>
          <div style={{ marginTop: 6 }}>
            {DIMENSIONS.map((d) => (
              <Tag key={d} bordered={false}>
                {DIMENSION_ZH[d].slice(0, 2)} {c.dimensions?.[d] ?? '—'}
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
          {c.snippet && <div className="tj-meta">{c.snippet.text}</div>}
        </li>
      ))}
    </ul>
  );
}

/** One column of the call table: its header, width and cell. */
interface Column {
  title: string;
  width?: number;
  cell: (c: CallListItem) => ReactNode;
}

/**
 * The calls as a table on a desktop; managers get a rep column. A plain table rather than antd's
 * Table: the list neither sorts, filters nor pages in the browser, and antd's Table (with the tree,
 * checkbox, radio and pagination it brings) was a fifth of the first page's scripts.
 */
export function CallTable({
  items,
  loading,
  repName,
}: {
  items: CallListItem[];
  loading: boolean;
  /** Set for managers: the rep column's names. */
  repName?: ((repId: string) => string) | undefined;
}) {
  const navigate = useNavigate();
  const columns: Column[] = [
    { title: '时间', width: 150, cell: (c) => formatDate(c.occurredAt) },
    ...(repName ? [{ title: '销售', width: 100, cell: (c: CallListItem) => repName(c.repId) }] : []),
    {
      title: '客户',
      cell: (c) => (
        <div>
          <Link to={`/calls/${c.id}`} data-user-content>
            {c.customer?.company ?? c.externalId}
          </Link>
          <div className="tj-meta" data-user-content>
            {c.customer?.name}
          </div>
          {c.snippet && (
            <div className="tj-meta" data-user-content>
              {c.snippet.text}
            </div>
          )}
        </div>
      ),
    },
    {
      title: '行业',
      width: 90,
      // A 待确认行业 call's industry is only the best guess so far; null: its transcript will decide.
      cell: (c) =>
        c.status === 'needs_industry'
          ? '待确认'
          : c.industry === null
            ? '待识别'
            : (INDUSTRY_ZH[c.industry] ?? '其他行业'),
    },
    { title: '状态', width: 110, cell: (c) => <StatusTag status={c.status} /> },
    {
      title: '总分',
      width: 70,
      cell: (c) => <b style={{ color: scoreColor(c.total) }}>{c.total ?? '—'}</b>,
    },
    ...DIMENSIONS.map((d) => ({
      title: DIMENSION_ZH[d],
      width: 80,
      cell: (c: CallListItem) => {
        const v = c.dimensions?.[d];
        return <span style={{ color: scoreColor(v) }}>{v === null ? '不适用' : (v ?? '—')}</span>;
      },
    })),
    {
      title: '标签',
      cell: (c) =>
        c.tags.map((t) => (
          <Tag key={t} color="volcano">
            {tagName(t)}
          </Tag>
        )),
    },
  ];
  return (
    <div className="tj-table-wrap">
      <table className="tj-table" data-testid="call-list" aria-busy={loading}>
        <thead>
          <tr>
            {columns.map((col) => (
              <th key={col.title} scope="col" style={col.width ? { width: col.width } : undefined}>
                {col.title}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {items.map((c) => (
            <tr key={c.id} onClick={() => navigate(`/calls/${c.id}`)}>
              {columns.map((col) => (
                <td key={col.title}>{col.cell(c)}</td>
              ))}
            </tr>
          ))}
          {items.length === 0 && (
            <tr>
              <td colSpan={columns.length} className="tj-table-empty">
                {loading ? <Spinner size="small" /> : '暂无通话'}
              </td>
            </tr>
          )}
        </tbody>
      </table>
    </div>
  );
}
