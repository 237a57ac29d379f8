import { Button, Empty, List, Tag } from 'antd';
import { api } from '../../lib/api';
import { formatDate, LEXICON_CATEGORY_ZH } from '../../lib/labels';
import type { ChangeRequest, LexiconAction } from './types';

/** A change request's edit in words. */
function changeText(c: Record<string, unknown>): string {
  const op = String(c.op);
  if (op === 'add_synonym') return `给「${String(c.term)}」加同义词「${String(c.synonym)}」`;
  if (op === 'add_term')
    return `新增词条「${String(c.term)}」（${LEXICON_CATEGORY_ZH[String(c.category)] ?? String(c.category)}）`;
  if (op === 'remove_term') return `删除词条「${String(c.term)}」`;
  return `修改词条「${String(c.term)}」`;
}

/** The change requests of an industry (from appeals), accepted into the draft or declined by an editor. */
export function ChangeRequests({
  items,
  editor,
  busy,
  act,
}: {
  items: ChangeRequest[];
  editor: boolean;
  busy: string | null;
  act: LexiconAction;
}) {
  return (
    <List
      data-testid="change-requests"
      dataSource={items}
      locale={{ emptyText: <Empty description="没有变更请求" /> }}
      renderItem={(c) => (
        <List.Item
          actions={
            editor && c.status === 'pending'
              ? [
                  <Button
                    key="a"
                    type="primary"
                    size="small"
                    loading={busy === c.id}
                    data-testid="accept-cr"
                    onClick={() =>
                      act(
                        c.id,
                        () =>
                          api(`/v1/lexicon-change-requests/${c.id}/decision`, {
                            method: 'POST',
                            body: { decision: 'accept', note: '接受申诉中的词库建议' },
                          }),
                        '已接受，修改已写入草稿',
                      )
                    }
                  >
                    接受到草稿
                  </Button>,
                  <Button
                    key="d"
                    size="small"
                    onClick={() =>
                      act(
                        c.id,
                        () =>
                          api(`/v1/lexicon-change-requests/${c.id}/decision`, {
                            method: 'POST',
                            body: { decision: 'decline', note: '不采纳' },
                          }),
                        '已拒绝',
                      )
                    }
                  >
                    拒绝
                  </Button>,
                ]
              : []
          }
        >
          <div>
            <Tag color={c.status === 'pending' ? 'blue' : c.status === 'accepted' ? 'green' : 'default'}>
              {c.status === 'pending' ? '待处理' : c.status === 'accepted' ? '已接受' : '已拒绝'}
            </Tag>
            {changeText(c.change)}
            <div className="tj-meta">
              {c.appealId ? <span title={c.appealId}>来自已接受的申诉</span> : '由词库专家提出'} ·{' '}
              {formatDate(c.createdAt)}
            </div>
          </div>
        </List.Item>
      )}
    />
  );
}
