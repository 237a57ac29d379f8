import { InboxOutlined, UploadOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Card,
  Grid,
  Input,
  List,
  Progress,
  Select,
  Space,
  Steps,
  Table,
  Tag,
  Typography,
  Upload,
} from 'antd';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import {
  ApiError,
  api,
  type CallStatus,
  type CallSummary,
  type CallView,
  type Dimension,
  uploadWithProgress,
} from '../lib/api';
import { errorText, failureText } from '../lib/errors-zh';
import { DIMENSION_ZH, DIMENSIONS, formatDate, INDUSTRY_ZH, STATUS_ZH, tagName } from '../lib/labels';
import { useSession } from '../lib/session';
import { useLoad } from '../lib/use-api';

const PAGE = 20;
const AUDIO = /\.(mp3|wav|m4a|aac|ogg|opus|flac|amr|webm)$/i;

interface Tracked {
  name: string;
  progress: number;
  callId?: string;
  status?: CallStatus;
  error?: string;
  failureReason?: string | null;
}

const STEPS: CallStatus[] = ['received', 'queued', 'analyzing', 'scored'];
/** Statuses the pipeline does not leave by itself (待确认行业 waits for a person to pick the industry). */
const settled = (s: CallStatus | undefined) => s === 'scored' || s === 'failed' || s === 'needs_industry';

function StatusTag({ status }: { status: CallStatus }) {
  const s = STATUS_ZH[status];
  return (
    <Tag color={s.color} data-testid="call-status">
      {s.text}
    </Tag>
  );
}

function scoreColor(n: number | null | undefined): string {
  if (n === null || n === undefined) return '#8c8c8c';
  return n >= 80 ? '#389e0d' : n >= 60 ? '#d48806' : '#cf1322';
}

export default function MyCallsPage() {
  const { me, has } = useSession();
  const screens = Grid.useBreakpoint();
  const mobile = !screens.md;
  const navigate = useNavigate();
  const { message } = App.useApp();
  const [status, setStatus] = useState<CallStatus | undefined>();
  const [tag, setTag] = useState<string | undefined>();
  const [q, setQ] = useState<string | undefined>();
  // Managers see their team's calls: a rep filter (from the address too: the team heatmap links
  // here with ?rep=) and a rep column, with the reps' names from the team's metrics.
  const [params, setParams] = useSearchParams();
  const repFilter = params.get('rep') ?? undefined;
  const isManager = has('manager', 'admin') && !has('rep');
  const teamReps = useLoad(
    () =>
      isManager && me?.teamId
        ? api<{ reps: { repId: string; name: string }[] }>(`/v1/teams/${me.teamId}/metrics`)
            .then((m) => m.reps)
            .catch(() => [])
        : Promise.resolve([] as { repId: string; name: string }[]),
    [isManager, me?.teamId],
  );
  const repName = (id: string) => teamReps.data?.find((r) => r.repId === id)?.name ?? id;
  const [cursors, setCursors] = useState<(string | undefined)[]>([undefined]);
  const cursor = cursors[cursors.length - 1];
  const list = useLoad(
    () =>
      api<{ items: CallSummary[]; nextCursor: string | null }>('/v1/calls', {
        query: { status, tag, q, repId: repFilter, limit: PAGE, cursor },
      }),
    [status, tag, q, repFilter, cursor],
  );
  // The list carries the total; the five dimension scores come from each scored call's view.
  const [dims, setDims] = useState<Record<string, Partial<Record<Dimension, number | null>>>>({});
  useEffect(() => {
    const missing = (list.data?.items ?? []).filter(
      (c) => c.status === 'scored' && !dims[`${c.id}@${c.revision}`],
    );
    if (missing.length === 0) return;
    let live = true;
    void Promise.all(
      missing.map((c) =>
        api<CallView>(`/v1/calls/${c.id}`).then(
          (v) => [`${c.id}@${c.revision}`, v.analysis?.dimensions ?? {}] as const,
          () => null,
        ),
      ),
    ).then((rows) => {
      if (!live) return;
      setDims((d) => ({ ...d, ...Object.fromEntries(rows.filter((r) => r !== null)) }));
    });
    return () => {
      live = false;
    };
  }, [list.data, dims]);

  const [tracked, setTracked] = useState<Tracked[]>([]);
  // A recording carries no industry of its own: the uploader names it (a transcript JSON has one).
  const [audioIndustry, setAudioIndustry] = useState('medical_devices');
  const trackedRef = useRef(tracked);
  trackedRef.current = tracked;
  const update = useCallback((name: string, patch: Partial<Tracked>) => {
    setTracked((ts) => ts.map((t) => (t.name === name ? { ...t, ...patch } : t)));
  }, []);

  // Live status: poll each uploaded call until it is scored, failed or waits for its industry,
  // then refresh the list.
  useEffect(() => {
    const pending = tracked.filter((t) => t.callId && !settled(t.status));
    if (pending.length === 0) return;
    const timer = setTimeout(() => {
      void Promise.all(
        pending.map((t) =>
          api<CallView>(`/v1/calls/${t.callId}`).then(
            (v) => {
              update(t.name, { status: v.call.status, failureReason: v.call.failureReason });
              if (settled(v.call.status)) void list.reload();
            },
            () => undefined,
          ),
        ),
      );
    }, 700);
    return () => clearTimeout(timer);
  }, [tracked, update, list]);

  const upload = async (file: File) => {
    const name = `${file.name}#${Date.now()}`;
    setTracked((ts) => [{ name, progress: 0 }, ...ts]);
    try {
      let res: { call: CallSummary };
      if (AUDIO.test(file.name) || file.type.startsWith('audio/')) {
        const form = new FormData();
        form.append(
          'metadata',
          JSON.stringify({
            externalId: `upload-${Date.now()}`,
            repId: me?.externalId ?? me?.id,
            industry: audioIndustry,
            occurredAt: new Date().toISOString(),
          }),
        );
        form.append('audio', file);
        res = await uploadWithProgress('/v1/calls', { form }, (p) => update(name, { progress: p }));
      } else {
        const text = await file.text();
        let doc: Record<string, unknown>;
        try {
          doc = JSON.parse(text) as Record<string, unknown>;
        } catch {
          throw new ApiError(400, 'invalid_input', '文件不是有效的 JSON');
        }
        // A rep uploads their own calls: fill in the rep when the file leaves it out.
        if (doc.repId === undefined && me) doc.repId = me.externalId ?? me.id;
        res = await uploadWithProgress('/v1/calls', { json: JSON.stringify(doc) }, (p) =>
          update(name, { progress: p }),
        );
      }
      update(name, { progress: 1, callId: res.call.id, status: res.call.status });
      message.success(`已上传：${file.name}`);
      void list.reload();
    } catch (e) {
      const msg = errorText(e);
      update(name, { error: msg });
      message.error(`上传失败：${msg}`);
    }
  };

  const items = list.data?.items ?? [];
  const dimsOf = (c: CallSummary) => dims[`${c.id}@${c.revision}`];
  const allTags = useMemo(() => [...new Set(items.flatMap((c) => c.tags))], [items]);

  // On a phone the upload is one row (a button, not a third of the screen): the list comes first.
  const accept = '.json,application/json,audio/*,.mp3,.wav,.m4a';
  const compactUploader = (
    <Upload
      multiple
      accept={accept}
      showUploadList={false}
      customRequest={({ file }) => {
        void upload(file as File);
      }}
      data-testid="upload"
    >
      <Button icon={<UploadOutlined />}>上传通话（转写稿或录音）</Button>
    </Upload>
  );
  const uploader = (
    <Upload.Dragger
      multiple
      accept={accept}
      showUploadList={false}
      customRequest={({ file }) => {
        void upload(file as File);
      }}
      data-testid="upload"
    >
      <p className="ant-upload-drag-icon">
        <InboxOutlined />
      </p>
      <p className="ant-upload-text">拖拽通话文件到这里，或点击选择</p>
      <p className="ant-upload-hint">支持转写稿 JSON 与录音（mp3、wav、m4a 等）</p>
    </Upload.Dragger>
  );

  const uploads = tracked.length > 0 && (
    <List
      size="small"
      style={{ marginTop: 12 }}
      dataSource={tracked}
      data-testid="uploads"
      renderItem={(t) => (
        <List.Item>
          <div style={{ width: '100%' }}>
            <Space wrap>
              <Typography.Text strong>{t.name.replace(/#\d+$/, '')}</Typography.Text>
              {t.status && <StatusTag status={t.status} />}
              {t.callId && t.status === 'scored' && <Link to={`/calls/${t.callId}`}>查看详情</Link>}
            </Space>
            {t.error ? (
              <Alert type="error" showIcon message={t.error} style={{ marginTop: 6 }} />
            ) : (
              <>
                <Progress
                  percent={Math.round(t.progress * 100)}
                  size="small"
                  status={t.progress < 1 ? 'active' : 'success'}
                />
                {t.status === 'needs_industry' && t.callId && (
                  <Alert
                    type="warning"
                    showIcon
                    style={{ marginTop: 6 }}
                    message="无法从通话内容判断行业：选择行业后才会分析和评分"
                    action={<Link to={`/calls/${t.callId}`}>选择行业</Link>}
                    data-testid="upload-needs-industry"
                  />
                )}
                {t.status && t.status !== 'failed' && t.status !== 'needs_industry' && (
                  <Steps
                    size="small"
                    responsive={false}
                    current={Math.max(
                      0,
                      STEPS.indexOf(
                        t.status === 'transcribing'
                          ? 'analyzing'
                          : t.status === 'rescoring'
                            ? 'analyzing'
                            : t.status,
                      ),
                    )}
                    status={t.status === 'scored' ? 'finish' : 'process'}
                    items={STEPS.map((s) => ({ title: mobile ? undefined : STATUS_ZH[s].text }))}
                  />
                )}
                {t.status === 'failed' && (
                  <Alert
                    type="error"
                    showIcon
                    message={<span title={t.failureReason ?? undefined}>{failureText(t.failureReason)}</span>}
                  />
                )}
              </>
            )}
          </div>
        </List.Item>
      )}
    />
  );

  const filters = (
    <Space wrap style={{ marginBottom: 12 }}>
      <Select
        allowClear
        placeholder="状态"
        style={{ width: 120 }}
        value={status}
        onChange={(v) => {
          setStatus(v);
          setCursors([undefined]);
        }}
        options={Object.entries(STATUS_ZH).map(([k, v]) => ({ value: k, label: v.text }))}
      />
      <Select
        allowClear
        placeholder="标签"
        style={{ width: 120 }}
        value={tag}
        onChange={(v) => {
          setTag(v);
          setCursors([undefined]);
        }}
        options={allTags.map((t) => ({ value: t, label: tagName(t) }))}
      />
      {isManager && (
        <Select
          allowClear
          showSearch
          optionFilterProp="label"
          placeholder="销售（可搜索）"
          style={{ width: 150 }}
          value={repFilter}
          onChange={(v?: string) => {
            const next = new URLSearchParams(params);
            if (v) next.set('rep', v);
            else next.delete('rep');
            setParams(next, { replace: true });
            setCursors([undefined]);
          }}
          options={(teamReps.data ?? []).map((r) => ({ value: r.repId, label: r.name }))}
          aria-label="按销售筛选"
          data-testid="rep-filter"
        />
      )}
      <Input.Search
        allowClear
        placeholder="搜索通话内容"
        style={{ width: mobile ? 200 : 240 }}
        onSearch={(v) => {
          setQ(v.trim() || undefined);
          setCursors([undefined]);
        }}
      />
    </Space>
  );

  const pager = (
    <Space style={{ marginTop: 12 }}>
      <Button disabled={cursors.length <= 1} onClick={() => setCursors((c) => c.slice(0, -1))}>
        上一页
      </Button>
      <Button
        disabled={!list.data?.nextCursor}
        onClick={() => list.data?.nextCursor && setCursors((c) => [...c, list.data!.nextCursor!])}
      >
        下一页
      </Button>
    </Space>
  );

  return (
    <div>
      <Typography.Title level={4} style={{ marginTop: 0 }}>
        {has('rep') ? '我的通话' : '通话'}
      </Typography.Title>
      {has('rep', 'manager', 'admin') && (
        <Card size="small" style={{ marginBottom: mobile ? 8 : 16 }}>
          {mobile ? compactUploader : uploader}
          <Space wrap style={{ marginTop: 8 }}>
            <Typography.Text type="secondary">录音所属行业</Typography.Text>
            <Select
              size="small"
              style={{ width: 130 }}
              value={audioIndustry}
              onChange={setAudioIndustry}
              options={Object.entries(INDUSTRY_ZH).map(([value, label]) => ({ value, label }))}
            />
          </Space>
          {uploads}
        </Card>
      )}
      {filters}
      {list.error ? (
        <Alert
          type="error"
          showIcon
          message={`通话列表加载失败：${errorText(list.error)}`}
          action={
            <Button size="small" onClick={() => void list.reload()}>
              重试
            </Button>
          }
          data-testid="load-error"
        />
      ) : null}
      {mobile ? (
        <List
          loading={list.loading}
          dataSource={items}
          data-testid="call-list"
          locale={{ emptyText: '暂无通话' }}
          renderItem={(c) => (
            <Card
              size="small"
              style={{ marginBottom: 8 }}
              onClick={() => navigate(`/calls/${c.id}`)}
              hoverable
            >
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
          )}
        />
      ) : (
        <Table<CallSummary>
          rowKey="id"
          loading={list.loading}
          dataSource={items}
          pagination={false}
          data-testid="call-list"
          locale={{ emptyText: '暂无通话' }}
          onRow={(c) => ({ onClick: () => navigate(`/calls/${c.id}`), style: { cursor: 'pointer' } })}
          columns={[
            { title: '时间', dataIndex: 'occurredAt', render: (v: string) => formatDate(v), width: 150 },
            ...(isManager
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
      )}
      {pager}
    </div>
  );
}
