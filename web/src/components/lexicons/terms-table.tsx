import { Button, Popconfirm, Space, Table, Tag, Typography } from 'antd';
import { LEXICON_CATEGORY_ZH } from '../../lib/labels';
import type { Term, TermRow } from './types';

/** The terms table: own and inherited terms, their source, and (for editors) edit, override, remove. */
export function TermsTable({
  rows,
  nameOf,
  editor,
  onEdit,
  onRemove,
}: {
  rows: TermRow[];
  nameOf: (industry: string) => string;
  editor: boolean;
  onEdit: (editing: { term: Term; override?: string }) => void;
  onRemove: (term: string) => unknown;
}) {
  return (
    <Table<TermRow>
      rowKey={(t) => `${t.inheritedFrom ?? ''}:${t.term}`}
      size="small"
      dataSource={rows}
      pagination={{ pageSize: 20, showSizeChanger: false }}
      data-testid="terms"
      columns={[
        {
          title: '词条',
          dataIndex: 'term',
          render: (t: string) => <span data-user-content>{t}</span>,
        },
        {
          title: '类别',
          dataIndex: 'category',
          render: (c: string) => <Tag>{LEXICON_CATEGORY_ZH[c] ?? c}</Tag>,
          width: 110,
        },
        {
          title: '同义词',
          dataIndex: 'synonyms',
          render: (s?: string[]) => <span data-user-content>{(s ?? []).join('、')}</span>,
        },
        { title: '权重', dataIndex: 'weight', width: 60, render: (w?: number) => w ?? 1 },
        {
          title: '来源',
          key: 'source',
          width: 150,
          render: (_: unknown, t: TermRow) =>
            t.inheritedFrom ? (
              <Tag color="blue">继承自 {nameOf(t.inheritedFrom)}</Tag>
            ) : t.overrides ? (
              <Tag color="orange" title={`覆盖了继承自 ${nameOf(t.overrides)} 的同名词条`}>
                本行业（覆盖 {nameOf(t.overrides)}）
              </Tag>
            ) : (
              <Typography.Text type="secondary">本行业</Typography.Text>
            ),
        },
        ...(editor
          ? [
              {
                title: '操作',
                key: 'ops',
                width: 120,
                render: (_: unknown, t: TermRow) =>
                  t.inheritedFrom ? (
                    <Button
                      size="small"
                      type="link"
                      onClick={() => {
                        const { inheritedFrom: from, overrides: _o, ...term } = t;
                        onEdit({ term, override: nameOf(from ?? '') });
                      }}
                    >
                      在本行业覆盖
                    </Button>
                  ) : (
                    <Space>
                      <Button
                        size="small"
                        type="link"
                        onClick={() => {
                          const { overrides: _o, inheritedFrom: _i, ...term } = t;
                          onEdit({ term });
                        }}
                      >
                        编辑
                      </Button>
                      <Popconfirm
                        title={`从草稿删除「${t.term}」？`}
                        okText="删除"
                        cancelText="取消"
                        onConfirm={() => onRemove(t.term)}
                      >
                        <Button size="small" type="link" danger>
                          删除
                        </Button>
                      </Popconfirm>
                    </Space>
                  ),
              },
            ]
          : []),
      ]}
    />
  );
}
