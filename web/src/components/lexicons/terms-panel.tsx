import { UploadOutlined } from '@ant-design/icons';
import { Alert, App, Button, Input, Popconfirm, Select, Space, Typography, Upload } from 'antd';
import { useMemo, useState } from 'react';
import { ApiError, api, download, tokenStore } from '../../lib/api';
import { LEXICON_CATEGORY_ZH, versionName } from '../../lib/labels';
import { TermEditor } from './term-editor';
import { TermsTable } from './terms-table';
import type { Inheritance, LexiconAction, Term, TermRow, Version } from './types';

/** Merges a CSV or JSON file of terms into the draft; the number of terms imported. */
async function importIntoDraft(industry: string, file: File): Promise<number> {
  const json = file.name.toLowerCase().endsWith('.json');
  const token = tokenStore.get();
  const res = await fetch(
    `/v1/lexicons/${industry}/draft/import?format=${json ? 'json' : 'csv'}&mode=merge`,
    {
      method: 'POST',
      headers: {
        'content-type': json ? 'application/json' : 'text/csv',
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      body: await file.arrayBuffer(),
    },
  );
  const body = (await res.json()) as {
    imported?: number;
    error?: { code: string; message: string; details?: unknown };
  };
  if (!res.ok)
    throw new ApiError(
      res.status,
      body.error?.code ?? 'error',
      body.error?.message ?? '',
      body.error?.details,
    );
  return body.imported ?? 0;
}

/** Own terms first, then what the parents give (read-only here: edited on the parent's page). */
function termRows(terms: Term[], inheritance: Inheritance | undefined): TermRow[] {
  const overrides = new Map((inheritance?.overrides ?? []).map((o) => [o.term, o.inheritedFrom]));
  return [
    ...terms.map((t) => (overrides.has(t.term) ? { ...t, overrides: overrides.get(t.term)! } : t)),
    ...(inheritance?.inherited ?? []),
  ];
}

/**
 * The terms of the shown version (the draft when there is one): own terms first, then what the
 * parents give (read-only here), with search, category filter, the term editor, import and
 * export.
 */
export function TermsPanel({
  industry,
  draft,
  shown,
  inheritance,
  nameOf,
  editor,
  busy,
  act,
  ensureDraft,
  reloadAll,
}: {
  industry: string;
  draft: Version | null;
  shown: Version | null;
  inheritance: Inheritance | undefined;
  nameOf: (industry: string) => string;
  editor: boolean;
  busy: string | null;
  act: LexiconAction;
  ensureDraft: () => Promise<void>;
  reloadAll: () => void;
}) {
  const { message } = App.useApp();
  const terms = shown?.lexicon.terms ?? [];
  const [search, setSearch] = useState('');
  const [category, setCategory] = useState<string | undefined>();
  const [editing, setEditing] = useState<{ term: Term | null; override?: string } | null>(null);

  const rows = useMemo(() => termRows(terms, inheritance), [terms, inheritance]);
  const categories = useMemo(() => {
    const set = new Set([...Object.keys(LEXICON_CATEGORY_ZH).slice(0, 8), ...rows.map((t) => t.category)]);
    return [...set];
  }, [rows]);
  const filtered = rows.filter(
    (t) =>
      (!category || t.category === category) &&
      (!search || t.term.includes(search) || (t.synonyms ?? []).some((s) => s.includes(search))),
  );

  const saveTerm = async (t: Term) => {
    await ensureDraft();
    if (editing?.term && !editing.override) {
      const { term, ...patch } = t;
      await api(`/v1/lexicons/${industry}/draft/terms/${encodeURIComponent(term)}`, {
        method: 'PATCH',
        body: patch,
      });
    } else {
      await api(`/v1/lexicons/${industry}/draft/terms`, { method: 'POST', body: t });
    }
    message.success('已保存到草稿');
    setEditing(null);
    reloadAll();
  };

  const importFile = (file: File) =>
    act('import', async () => {
      await ensureDraft();
      message.success(`已导入 ${await importIntoDraft(industry, file)} 个词条到草稿`);
    });

  return (
    <div>
      <Space wrap style={{ marginBottom: 12 }}>
        <Input.Search
          placeholder="搜索词条或同义词"
          allowClear
          onSearch={setSearch}
          onChange={(e) => setSearch(e.target.value)}
          style={{ width: 220 }}
          data-testid="term-search"
        />
        <Select
          allowClear
          placeholder="按类别筛选"
          aria-label="按类别筛选"
          style={{ width: 150 }}
          value={category}
          onChange={setCategory}
          options={categories.map((c) => ({ value: c, label: LEXICON_CATEGORY_ZH[c] ?? c }))}
        />
        {editor && (
          <Button type="primary" onClick={() => setEditing({ term: null })} data-testid="add-term">
            新增词条
          </Button>
        )}
        <Typography.Text type="secondary">
          {draft
            ? `草稿（基于第 ${draft.sequence - 1} 版）`
            : `当前发布版：${versionName(shown?.versionId)}（编辑时自动创建草稿）`}{' '}
          · 本行业 {terms.length} 个词条
          {inheritance?.inherited.length
            ? ` · 继承 ${inheritance.inherited.length} 个（来自 ${inheritance.ancestors.map((a) => a.name).join(' → ')}）`
            : ''}
        </Typography.Text>
      </Space>
      {inheritance && (inheritance.extends || inheritance.children.length > 0) && (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 12 }}
          data-testid="inheritance"
          message={[
            inheritance.extends
              ? `本词库继承自 ${inheritance.ancestors.map((a) => `${a.name}（第 ${a.sequence} 版）`).join(' → ')}：继承的词条在此只读，可点「在本行业覆盖」改写本行业的类别或同义词，父词库不受影响。`
              : '',
            inheritance.children.length > 0
              ? `被 ${inheritance.children.map(nameOf).join('、')} 继承：发布本词库后，这些行业的通话也会重新评分。`
              : '',
          ]
            .filter(Boolean)
            .join(' ')}
        />
      )}
      <TermsTable
        rows={filtered}
        nameOf={nameOf}
        editor={editor}
        onEdit={setEditing}
        onRemove={(term) =>
          act(
            'remove',
            async () => {
              await ensureDraft();
              await api(`/v1/lexicons/${industry}/draft/terms/${encodeURIComponent(term)}`, {
                method: 'DELETE',
              });
            },
            '已从草稿删除',
          )
        }
      />
      <Space wrap style={{ marginTop: 8 }}>
        <Button
          onClick={() =>
            void download(
              `/v1/lexicons/${industry}/export?format=csv&version=${draft ? 'draft' : 'current'}`,
              `${industry}.csv`,
            )
          }
        >
          导出 CSV
        </Button>
        <Button
          onClick={() =>
            void download(
              `/v1/lexicons/${industry}/export?format=json&version=${draft ? 'draft' : 'current'}`,
              `${industry}.json`,
            )
          }
        >
          导出 JSON
        </Button>
        {editor && (
          <Upload
            accept=".csv,.json"
            showUploadList={false}
            customRequest={({ file }) => void importFile(file as File)}
          >
            <Button icon={<UploadOutlined />} loading={busy === 'import'}>
              导入 CSV/JSON 到草稿
            </Button>
          </Upload>
        )}
        {editor && draft && (
          <Popconfirm
            title="放弃草稿中的全部修改？"
            okText="放弃"
            cancelText="取消"
            onConfirm={() =>
              act('discard', () => api(`/v1/lexicons/${industry}/draft`, { method: 'DELETE' }), '草稿已放弃')
            }
          >
            <Button danger>放弃草稿</Button>
          </Popconfirm>
        )}
      </Space>
      <TermEditor
        open={!!editing}
        initial={editing?.term ?? null}
        override={editing?.override}
        categories={categories}
        onCancel={() => setEditing(null)}
        onSave={saveTerm}
      />
    </div>
  );
}
