import { UploadOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Card,
  Descriptions,
  Empty,
  Form,
  Input,
  InputNumber,
  List,
  Modal,
  Popconfirm,
  Progress,
  Select,
  Space,
  Statistic,
  Table,
  Tabs,
  Tag,
  Typography,
  Upload,
} from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { Link } from 'react-router-dom';
import { LearnedModelsPanel } from '../components/learned-models';
import { PendingApi } from '../components/pending-api';
import { ApiError, api, download, isMissingRoute, tokenStore } from '../lib/api';
import type { LexiconWhatIfReport } from '../lib/api-shapes';
import { errorText } from '../lib/errors-zh';
import {
  categoryName,
  DIMENSION_ZH,
  formatDate,
  INDUSTRY_ZH,
  LEXICON_CATEGORY_ZH,
  labelName,
  versionName,
  versionNote,
} from '../lib/labels';
import { useSession } from '../lib/session';
import { useLoad } from '../lib/use-api';

interface Term {
  term: string;
  category: string;
  synonyms?: string[];
  weight?: number;
  tag?: string;
  note?: string;
}
/** A term of an ancestor lexicon (`extends:`), as the API marks it. */
interface InheritedTerm extends Term {
  inheritedFrom: string;
}
/** The inherited side of a version: parents, their terms, the own terms overriding one. */
interface Inheritance {
  extends: string | null;
  ancestors: { industry: string; name: string; sequence: number }[];
  inherited: InheritedTerm[];
  overrides: { term: string; inheritedFrom: string }[];
  children: string[];
}
/** A row of the terms table: an own term (maybe overriding an inherited one) or an inherited one. */
type TermRow = Term & { inheritedFrom?: string; overrides?: string };
interface IndustryRow {
  industry: string;
  name?: string;
  extends?: string | null;
  selectable?: boolean;
  sequence: number;
  versionId: string | null;
  hasDraft: boolean;
}
interface Version {
  industry: string;
  sequence: number;
  versionId: string | null;
  status: string;
  lexicon: { name?: string; terms?: Term[] };
  note: string | null;
  createdAt: string;
  publishedAt: string | null;
  rollbackOf?: number | null;
}
interface VersionRow extends Omit<Version, 'lexicon'> {
  terms: number;
}
interface ChangeRequest {
  id: string;
  appealId: string | null;
  status: string;
  change: Record<string, unknown>;
  note?: string | null;
  createdAt: string;
}
type WhatIf = LexiconWhatIfReport;
interface Run {
  id: string;
  versionId: string;
  status: string;
  total: number;
  done: number;
  changed: number;
  failed: number;
  percent?: number;
}

export const CATEGORY_ZH = LEXICON_CATEGORY_ZH;

/** The draft's inline validation, before the server's (which has the last word). */
const TERM_RULE = /^[\p{Script=Han}A-Za-z0-9+\-·.%]+$/u;
function termProblem(s: string): string | null {
  if (!s) return '不能为空';
  if (Array.from(s).length > 24) return '最多 24 个字';
  if (!TERM_RULE.test(s)) return '只能包含汉字、英文字母、数字和 + - · . %';
  return null;
}

function changeText(c: Record<string, unknown>): string {
  const op = String(c.op);
  if (op === 'add_synonym') return `给「${String(c.term)}」加同义词「${String(c.synonym)}」`;
  if (op === 'add_term')
    return `新增词条「${String(c.term)}」（${CATEGORY_ZH[String(c.category)] ?? String(c.category)}）`;
  if (op === 'remove_term') return `删除词条「${String(c.term)}」`;
  return `修改词条「${String(c.term)}」`;
}

/**
 * A lexicon request's failure in Chinese. The server's problems are English sentences for
 * operators; the editor gets the code's message and the terms the problems name.
 */
function problemsOf(e: unknown): string {
  const problems = (e instanceof ApiError ? e.details : undefined) as
    | { problems?: { path?: string; message: string }[] }
    | undefined;
  const terms = [
    ...new Set(
      (problems?.problems ?? []).flatMap((p) => [...p.message.matchAll(/"([^"]+)"/g)].map((m) => m[1]!)),
    ),
  ];
  const count = problems?.problems?.length ?? 0;
  return [
    errorText(e),
    count > 0 ? `共 ${count} 处问题` : '',
    terms.length > 0 ? `涉及：${terms.map((t) => `「${t}」`).join('、')}` : '',
  ]
    .filter(Boolean)
    .join('；');
}

function TermEditor({
  open,
  initial,
  override,
  categories,
  onCancel,
  onSave,
}: {
  open: boolean;
  initial: Term | null;
  /** Name of the parent lexicon whose term `initial` overrides in this industry. */
  override?: string | undefined;
  categories: string[];
  onCancel: () => void;
  onSave: (t: Term) => Promise<void>;
}) {
  const [form] = Form.useForm();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (open) {
      form.setFieldsValue({
        term: initial?.term ?? '',
        category: initial?.category ?? 'need',
        synonyms: initial?.synonyms ?? [],
        weight: initial?.weight,
        note: initial?.note,
      });
      setError(null);
    }
  }, [open, initial, form]);
  return (
    <Modal
      open={open}
      title={
        override && initial
          ? `在本行业覆盖「${initial.term}」（继承自 ${override}，父词库不变）`
          : initial
            ? `编辑词条「${initial.term}」`
            : '新增词条'
      }
      okText="保存"
      cancelText="取消"
      confirmLoading={busy}
      onCancel={onCancel}
      onOk={async () => {
        const v = (await form.validateFields()) as Term;
        setBusy(true);
        setError(null);
        try {
          await onSave({
            term: v.term.trim(),
            category: v.category,
            ...(v.synonyms?.length ? { synonyms: v.synonyms.map((s) => s.trim()) } : {}),
            ...(v.weight ? { weight: v.weight } : {}),
            ...(v.note ? { note: v.note } : {}),
            // the form has no tag-label field: an overridden tag term keeps its label
            ...(override && v.category === 'tag' && initial?.tag ? { tag: initial.tag } : {}),
          });
        } catch (e) {
          setError(problemsOf(e));
        } finally {
          setBusy(false);
        }
      }}
    >
      <Form form={form} layout="vertical">
        <Form.Item
          name="term"
          label="词条"
          rules={[
            {
              validator: (_, v: string) =>
                termProblem(v ?? '') ? Promise.reject(new Error(termProblem(v ?? '')!)) : Promise.resolve(),
            },
          ]}
        >
          <Input disabled={!!initial} data-testid="term-input" />
        </Form.Item>
        <Form.Item name="category" label="类别" rules={[{ required: true }]}>
          <Select options={categories.map((c) => ({ value: c, label: CATEGORY_ZH[c] ?? c }))} />
        </Form.Item>
        <Form.Item
          name="synonyms"
          label="同义词（回车添加）"
          rules={[
            {
              validator: (_, v: string[] | undefined) => {
                const bad = (v ?? []).map((s) => [s, termProblem(s)] as const).find(([, p]) => p);
                return bad ? Promise.reject(new Error(`「${bad[0]}」${bad[1]}`)) : Promise.resolve();
              },
            },
          ]}
        >
          <Select mode="tags" tokenSeparators={[',', '，', '、']} open={false} data-testid="synonyms-input" />
        </Form.Item>
        <Form.Item name="weight" label="权重（0.1-5，默认 1）">
          <InputNumber min={0.1} max={5} step={0.5} />
        </Form.Item>
        <Form.Item name="note" label="备注">
          <Input maxLength={200} />
        </Form.Item>
      </Form>
      {error && <Alert type="error" showIcon message={error} data-testid="term-error" />}
    </Modal>
  );
}

export default function LexiconsPage() {
  const { has } = useSession();
  const { message } = App.useApp();
  const editor = has('lexicon_editor', 'admin');
  const industries = useLoad(() => api<{ items: IndustryRow[] }>('/v1/lexicons'), []);
  const [industry, setIndustry] = useState<string>('medical_devices');
  const detail = useLoad(
    () =>
      api<{
        industry: string;
        current: Version;
        draft: Version | null;
        inheritance?: Inheritance;
        pendingChangeRequests: number;
      }>(`/v1/lexicons/${industry}`),
    [industry],
  );
  const versions = useLoad(
    () => api<{ items: VersionRow[] }>(`/v1/lexicons/${industry}/versions`),
    [industry],
  );
  const crs = useLoad(
    () => api<{ items: ChangeRequest[] }>(`/v1/lexicons/${industry}/change-requests`),
    [industry],
  );
  const runs = useLoad(() => api<{ items: Run[] }>(`/v1/lexicons/${industry}/rescores`), [industry]);
  const [search, setSearch] = useState('');
  const [category, setCategory] = useState<string | undefined>();
  const [editing, setEditing] = useState<{ term: Term | null; override?: string } | null>(null);
  const [whatIf, setWhatIf] = useState<WhatIf | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [run, setRun] = useState<Run | null>(null);
  const [diffPair, setDiffPair] = useState<{ from?: number | 'draft'; to?: number | 'draft' }>({});
  const [diff, setDiff] = useState<{
    terms: { added: Term[]; removed: Term[]; changed: { term: string; before: Term; after: Term }[] };
  } | null>(null);
  const [publishNote, setPublishNote] = useState('');

  const draft = detail.data?.draft ?? null;
  const shown = draft ?? detail.data?.current ?? null;
  const terms = shown?.lexicon.terms ?? [];
  const inheritance = detail.data?.inheritance;
  const nameOf = (id: string) =>
    inheritance?.ancestors.find((a) => a.industry === id)?.name ??
    industries.data?.items.find((i) => i.industry === id)?.name ??
    INDUSTRY_ZH[id] ??
    id;
  // Own terms first, then what the parents give (read-only here: edited on the parent's page).
  const rows: TermRow[] = useMemo(() => {
    const overrides = new Map((inheritance?.overrides ?? []).map((o) => [o.term, o.inheritedFrom]));
    return [
      ...terms.map((t) => (overrides.has(t.term) ? { ...t, overrides: overrides.get(t.term)! } : t)),
      ...(inheritance?.inherited ?? []),
    ];
  }, [terms, inheritance]);
  const categories = useMemo(() => {
    const set = new Set([...Object.keys(CATEGORY_ZH).slice(0, 8), ...rows.map((t) => t.category)]);
    return [...set];
  }, [rows]);
  const filtered = rows.filter(
    (t) =>
      (!category || t.category === category) &&
      (!search || t.term.includes(search) || (t.synonyms ?? []).some((s) => s.includes(search))),
  );

  // Rescore progress: poll the run until it is done.
  useEffect(() => {
    if (!run || run.status === 'done' || run.status === 'failed') return;
    const t = setTimeout(() => {
      api<{ run: Run }>(`/v1/rescores/${run.id}`).then(
        (r) => {
          setRun(r.run);
          if (r.run.status === 'done') void runs.reload();
        },
        () => undefined,
      );
    }, 800);
    return () => clearTimeout(t);
  }, [run, runs]);

  if (industries.error && isMissingRoute(industries.error)) return <PendingApi what="词库管理" />;

  const reloadAll = () => {
    void detail.reload();
    void versions.reload();
    void crs.reload();
    void industries.reload();
  };
  const act = async (key: string, f: () => Promise<unknown>, ok?: string) => {
    setBusy(key);
    try {
      await f();
      if (ok) message.success(ok);
      reloadAll();
    } catch (e) {
      message.error(problemsOf(e));
    } finally {
      setBusy(null);
    }
  };
  const ensureDraft = async () => {
    if (!draft) await api(`/v1/lexicons/${industry}/draft`, { method: 'POST' });
  };
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
  const importFile = async (file: File) => {
    await act('import', async () => {
      await ensureDraft();
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
      message.success(`已导入 ${body.imported ?? 0} 个词条到草稿`);
    });
  };

  const termsTab = (
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
          options={categories.map((c) => ({ value: c, label: CATEGORY_ZH[c] ?? c }))}
        />
        {editor && (
          <Button type="primary" onClick={() => setEditing({ term: null })} data-testid="add-term">
            新增词条
          </Button>
        )}
        <Typography.Text type="secondary">
          {draft
            ? `草稿（基于第 ${draft.sequence - 1} 版）`
            : `当前发布版：${versionName(detail.data?.current.versionId)}（编辑时自动创建草稿）`}{' '}
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
      <Table<TermRow>
        rowKey={(t) => `${t.inheritedFrom ?? ''}:${t.term}`}
        size="small"
        dataSource={filtered}
        pagination={{ pageSize: 20, showSizeChanger: false }}
        data-testid="terms"
        columns={[
          { title: '词条', dataIndex: 'term' },
          {
            title: '类别',
            dataIndex: 'category',
            render: (c: string) => <Tag>{CATEGORY_ZH[c] ?? c}</Tag>,
            width: 110,
          },
          { title: '同义词', dataIndex: 'synonyms', render: (s?: string[]) => (s ?? []).join('、') },
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
                          setEditing({ term, override: nameOf(from ?? '') });
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
                            setEditing({ term });
                          }}
                        >
                          编辑
                        </Button>
                        <Popconfirm
                          title={`从草稿删除「${t.term}」？`}
                          okText="删除"
                          cancelText="取消"
                          onConfirm={() =>
                            act(
                              'remove',
                              async () => {
                                await ensureDraft();
                                await api(
                                  `/v1/lexicons/${industry}/draft/terms/${encodeURIComponent(t.term)}`,
                                  { method: 'DELETE' },
                                );
                              },
                              '已从草稿删除',
                            )
                          }
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
    </div>
  );

  const crTab = (
    <List
      data-testid="change-requests"
      dataSource={crs.data?.items ?? []}
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
              来自申诉 {c.appealId ?? '—'} · {formatDate(c.createdAt)}
            </div>
          </div>
        </List.Item>
      )}
    />
  );

  const publishTab = (
    <div>
      {!draft && (
        <Alert
          type="info"
          showIcon
          message="没有草稿：先编辑词条或接受变更请求"
          style={{ marginBottom: 12 }}
        />
      )}
      <Space wrap>
        <Button
          disabled={!draft}
          loading={busy === 'whatif'}
          data-testid="what-if"
          onClick={() =>
            act('whatif', async () =>
              setWhatIf(await api<WhatIf>(`/v1/lexicons/${industry}/what-if`, { method: 'POST' })),
            )
          }
        >
          预览影响（假设发布）
        </Button>
        <Input
          placeholder="发布说明"
          value={publishNote}
          onChange={(e) => setPublishNote(e.target.value)}
          style={{ width: 220 }}
        />
        {editor && (
          <Popconfirm
            title="发布草稿并重新评分该行业的通话？"
            okText="发布"
            cancelText="取消"
            onConfirm={() =>
              act('publish', async () => {
                const r = await api<{ version: { versionId: string }; run: Run | null }>(
                  `/v1/lexicons/${industry}/publish`,
                  {
                    method: 'POST',
                    body: { ...(publishNote ? { note: publishNote } : {}), rescore: true },
                  },
                );
                setRun(r.run);
                setWhatIf(null);
                message.success(`已发布：${versionName(r.version.versionId)}`);
              })
            }
          >
            <Button type="primary" disabled={!draft} loading={busy === 'publish'} data-testid="publish">
              发布
            </Button>
          </Popconfirm>
        )}
      </Space>
      {whatIf && (
        <Card size="small" style={{ marginTop: 12 }} data-testid="what-if-result">
          <Space wrap size="large">
            <Statistic title="比较通话" value={whatIf.calls} />
            <Statistic title="结果变化" value={whatIf.callsChanged} />
            <Statistic title="分数变化" value={whatIf.scoresChanged} />
            <Statistic title="新增发现" value={whatIf.findingsAdded} />
            <Statistic title="减少发现" value={whatIf.findingsRemoved} />
            <Statistic title="平均总分变化" value={whatIf.meanTotalDelta} precision={1} />
          </Space>
          <div>
            {Object.entries(whatIf.dimensionsChanged).map(([d, n]) => (
              <Tag key={d}>
                {DIMENSION_ZH[d as keyof typeof DIMENSION_ZH] ?? d} 变化 {n} 通
              </Tag>
            ))}
          </div>
          <List
            size="small"
            header="示例"
            dataSource={whatIf.examples.slice(0, 10)}
            renderItem={(x) => (
              <List.Item>
                <div>
                  <Link to={`/calls/${x.callId}`}>{x.callId}</Link> 总分 {x.totalBefore ?? '—'} →{' '}
                  <b>{x.totalAfter ?? '—'}</b>
                  {x.added.map((f) => (
                    <div key={`a${f.utteranceId}${f.label}`} className="tj-meta">
                      + {f.utteranceId} {labelName(f.label)} {f.term ? `（${f.term}）` : ''}「{f.quote}」
                    </div>
                  ))}
                  {x.removed.map((f) => (
                    <div key={`r${f.utteranceId}${f.label}`} className="tj-meta">
                      − {f.utteranceId} {labelName(f.label)} {f.term ? `（${f.term}）` : ''}
                    </div>
                  ))}
                </div>
              </List.Item>
            )}
          />
        </Card>
      )}
      {(run ?? runs.data?.items[0]) && (
        <Card size="small" title="重新评分进度" style={{ marginTop: 12 }} data-testid="rescore">
          {(() => {
            const r = run ?? runs.data!.items[0]!;
            const pct =
              r.percent ??
              (r.total > 0
                ? Math.round(((r.done + r.failed) / r.total) * 100)
                : r.status === 'done'
                  ? 100
                  : 0);
            return (
              <div>
                <Progress
                  percent={pct}
                  status={r.status === 'done' ? 'success' : r.status === 'failed' ? 'exception' : 'active'}
                />
                <div className="tj-meta">
                  <span title={r.versionId}>{versionName(r.versionId)}</span> ·{' '}
                  {r.status === 'done' ? '已完成' : '进行中'} · 共 {r.total} 通，完成 {r.done}
                  ，变化 {r.changed}，失败 {r.failed}
                </div>
              </div>
            );
          })()}
        </Card>
      )}
    </div>
  );

  const versionOptions = [
    ...(draft ? [{ value: 'draft' as const, label: '草稿' }] : []),
    ...(versions.data?.items ?? [])
      .filter((v) => v.status !== 'draft')
      .map((v) => ({ value: v.sequence, label: `第 ${v.sequence} 版` })),
  ];
  const versionsTab = (
    <div>
      <Table<VersionRow>
        rowKey="sequence"
        size="small"
        pagination={false}
        dataSource={versions.data?.items ?? []}
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
                    v.status === 'published' && v.sequence !== detail.data?.current.sequence ? (
                      <Popconfirm
                        title={`回滚到第 ${v.sequence} 版并重新评分？`}
                        okText="回滚"
                        cancelText="取消"
                        onConfirm={() =>
                          act(
                            'rollback',
                            async () => {
                              const r = await api<{ run: Run | null }>(`/v1/lexicons/${industry}/rollback`, {
                                method: 'POST',
                                body: { toSequence: v.sequence, rescore: true },
                              });
                              setRun(r.run);
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

  return (
    <div>
      <Typography.Title level={4} style={{ marginTop: 0 }}>
        词库管理
      </Typography.Title>
      <Space wrap style={{ marginBottom: 12 }}>
        <Select
          style={{ width: 180 }}
          aria-label="行业词库"
          value={industry}
          onChange={(i) => {
            setIndustry(i);
            setWhatIf(null);
            setRun(null);
            setDiff(null);
          }}
          options={(industries.data?.items ?? []).map((i) => ({
            value: i.industry,
            // names and parents come from the server (a shared base is edited, never picked for a call)
            label: `${i.name ?? INDUSTRY_ZH[i.industry] ?? i.industry}${i.selectable === false ? '（共享基底）' : ''}${
              i.extends ? ` ← ${nameOf(i.extends)}` : ''
            }${i.hasDraft ? '（有草稿）' : ''}`,
          }))}
          data-testid="industry"
        />
        {detail.data && (
          <Descriptions size="small" column={{ xs: 1, sm: 3 }}>
            <Descriptions.Item label="当前版本">
              <span title={detail.data.current.versionId ?? undefined}>
                {versionName(detail.data.current.versionId)}
              </span>
            </Descriptions.Item>
            <Descriptions.Item label="草稿">{draft ? `第 ${draft.sequence} 版` : '无'}</Descriptions.Item>
            <Descriptions.Item label="待处理变更">{detail.data.pendingChangeRequests}</Descriptions.Item>
          </Descriptions>
        )}
      </Space>
      {detail.error ? (
        <Alert
          type="error"
          showIcon
          message={`词库加载失败：${problemsOf(detail.error)}`}
          action={
            <Button size="small" onClick={() => void detail.reload()}>
              重试
            </Button>
          }
        />
      ) : null}
      <Tabs
        items={[
          { key: 'terms', label: draft ? '词条（草稿）' : '词条', children: termsTab },
          {
            key: 'crs',
            label: `变更请求${detail.data?.pendingChangeRequests ? `（${detail.data.pendingChangeRequests}）` : ''}`,
            children: crTab,
          },
          { key: 'publish', label: '预览与发布', children: publishTab },
          { key: 'versions', label: '版本与回滚', children: versionsTab },
          // Not per industry: one learned model serves every industry.
          { key: 'models', label: '学习模型', children: <LearnedModelsPanel canTrain={editor} /> },
        ]}
      />
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
