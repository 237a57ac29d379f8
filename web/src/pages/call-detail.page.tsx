import {
  Alert,
  Button,
  Card,
  Col,
  Collapse,
  Descriptions,
  Empty,
  List,
  Progress,
  Result,
  Row,
  Segmented,
  Space,
  Spin,
  Tag,
  Typography,
} from 'antd';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { AppealModal, type AppealTarget } from '../components/appeal-modal';
import { APPEAL_STATUS_ZH, type Appeal, EffectLine, proposalText } from '../components/effect-line';
import { Radar, type RadarSeries } from '../components/radar';
import { FindingHoverCard, Turn } from '../components/transcript';
import {
  ApiError,
  api,
  type CallView,
  type Dimension,
  type Finding,
  type RepSummary,
  type ScoreItem,
  tokenStore,
  type Utterance,
} from '../lib/api';
import {
  DIMENSION_ZH,
  DIMENSIONS,
  formatDate,
  INDUSTRY_ZH,
  labelName,
  STATUS_ZH,
  tagName,
} from '../lib/labels';
import { useSession } from '../lib/session';
import { useLoad } from '../lib/use-api';

interface Coaching {
  kind: 'missed_need' | 'unhandled_objection';
  finding: Finding;
  quote: string;
  detail: string;
}

/** Coaching opportunities, by the analysis' own rule: implicit needs not followed up, objections not handled or not resolved. */
export function coachingOf(view: CallView): Coaching[] {
  const a = view.analysis;
  if (!a) return [];
  const text = new Map(view.utterances.map((u) => [u.id, Array.from(u.text)]));
  const quote = (f: Finding) => (text.get(f.utteranceId) ?? []).slice(f.span[0], f.span[1]).join('');
  const out: Coaching[] = [];
  for (const f of a.findings) {
    if (f.label === 'need.implicit' && f.identified === false) {
      out.push({
        kind: 'missed_need',
        finding: f,
        quote: quote(f),
        detail: `客户提到“${f.term ?? quote(f)}”相关的困难，之后两次发言内未追问或准确复述`,
      });
    } else if (f.label.startsWith('objection.') && !((f.techniques?.length ?? 0) > 0 && f.resolved)) {
      out.push({
        kind: 'unhandled_objection',
        finding: f,
        quote: quote(f),
        detail:
          (f.techniques?.length ?? 0) === 0
            ? `${labelName(f.label)}未使用任何处理技巧`
            : `${labelName(f.label)}已回应但未化解`,
      });
    }
  }
  return out;
}

function itemValue(s: ScoreItem): string {
  if (s.value === null) return '不适用';
  const d = s.detail as { numerator?: number; denominator?: number } | undefined;
  if (d && typeof d.numerator === 'number' && typeof d.denominator === 'number')
    return `${d.numerator}/${d.denominator}`;
  return String(Math.round(s.value * 100) / 100);
}

/** The audio of a call, fetched with the bearer token (an <audio src> cannot send it). */
function useAudio(callId: string, enabled: boolean): string | null | 'unavailable' {
  const [url, setUrl] = useState<string | null | 'unavailable'>(null);
  useEffect(() => {
    if (!enabled) return;
    let objectUrl: string | null = null;
    let live = true;
    const token = tokenStore.get();
    fetch(`/v1/calls/${callId}/audio`, { headers: token ? { authorization: `Bearer ${token}` } : {} })
      .then((r) => (r.ok ? r.blob() : null))
      .then((b) => {
        if (!live) return;
        if (!b) {
          setUrl('unavailable');
          return;
        }
        objectUrl = URL.createObjectURL(b);
        setUrl(objectUrl);
      })
      .catch(() => live && setUrl('unavailable'));
    return () => {
      live = false;
      if (objectUrl) URL.revokeObjectURL(objectUrl);
    };
  }, [callId, enabled]);
  return url;
}

export default function CallDetailPage() {
  const { id = '' } = useParams();
  const { me, has } = useSession();
  const view = useLoad(() => api<CallView>(`/v1/calls/${encodeURIComponent(id)}`), [id]);
  const v = view.data;
  const status = v?.call.status;
  // Live status until the call is scored.
  useEffect(() => {
    if (!status || status === 'scored' || status === 'failed') return;
    const t = setTimeout(() => void view.reload(), 1000);
    return () => clearTimeout(t);
  }, [status, view]);

  const summary = useLoad(
    () => (v ? api<RepSummary>(`/v1/reps/${v.call.repId}/summary`).catch(() => null) : Promise.resolve(null)),
    [v?.call.repId],
  );
  // The team average: the team's metrics for its managers; for a rep, their latest feedback pack
  // (which compares them with the team). No team figures are made up when neither exists.
  const teamAvg = useLoad(async (): Promise<{
    dims: Partial<Record<Dimension, number | null>>;
    asOf: string;
  } | null> => {
    if (!v?.call.teamId) return null;
    if (has('manager', 'admin')) {
      const m = await api<{ asOf: string; team: { dimensions: Record<Dimension, number | null> } }>(
        `/v1/teams/${v.call.teamId}/metrics`,
      ).catch(() => null);
      if (m) return { dims: m.team.dimensions, asOf: m.asOf };
    }
    const packs = await api<{ items: { id: string }[] }>(`/v1/reps/${v.call.repId}/feedback-packs`).catch(
      () => null,
    );
    const latest = packs?.items[0];
    if (!latest) return null;
    const p = await api<{ data: { asOf: string; radar: { id: Dimension; team: number | null }[] } }>(
      `/v1/feedback-packs/${latest.id}`,
    ).catch(() => null);
    return p
      ? { dims: Object.fromEntries(p.data.radar.map((r) => [r.id, r.team])), asOf: p.data.asOf }
      : null;
  }, [v?.call.teamId, v?.call.repId]);

  const appealView = has('admin', 'reviewer') ? 'all' : has('manager') ? 'team' : 'mine';
  const appeals = useLoad(
    () =>
      api<{ items: Appeal[] }>('/v1/appeals', { query: { view: appealView, callId: id, limit: 50 } })
        .then((r) => r.items)
        .catch(() => [] as Appeal[]),
    [id, appealView, v?.call.revision],
  );

  const byUtterance = useMemo(() => {
    const m = new Map<string, Finding[]>();
    for (const f of v?.analysis?.findings ?? []) {
      const list = m.get(f.utteranceId);
      if (list) list.push(f);
      else m.set(f.utteranceId, [f]);
    }
    return m;
  }, [v]);
  const findingById = useMemo(() => new Map((v?.analysis?.findings ?? []).map((f) => [f.id, f])), [v]);

  const [active, setActive] = useState<string | null>(null);
  const [flash, setFlash] = useState<string | null>(null);
  const [filter, setFilter] = useState<'all' | 'findings'>('all');
  const audioRef = useRef<HTMLAudioElement>(null);
  const hasAudio = !!v && v.call.source !== 'transcript';
  const audioUrl = useAudio(id, hasAudio);

  const jumpTo = useCallback((utteranceId: string) => {
    const el = document.getElementById(`utt-${utteranceId}`);
    el?.scrollIntoView({ behavior: 'smooth', block: 'center' });
    setFlash(utteranceId);
    setTimeout(() => setFlash((f) => (f === utteranceId ? null : f)), 1600);
  }, []);
  const seek = useCallback((u: Utterance) => {
    setActive(u.id);
    const a = audioRef.current;
    if (a) {
      a.currentTime = u.start / 1000;
      void a.play().catch(() => undefined);
    }
  }, []);
  const onTime = () => {
    const a = audioRef.current;
    if (!a || !v) return;
    const ms = a.currentTime * 1000;
    const u = v.utterances.find((x) => x.start <= ms && ms < x.end);
    if (u && u.id !== active) setActive(u.id);
  };

  const [appeal, setAppeal] = useState<AppealTarget | null>(null);
  const onAppealFinding = useCallback((f: Finding) => {
    setHover(null);
    setAppeal({ kind: 'finding', finding: f });
  }, []);
  // One hover card for the whole timeline (event delegation on the marks).
  const [hover, setHover] = useState<{ ids: string[]; rect: DOMRect } | null>(null);
  const hideTimer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const keepHover = () => {
    if (hideTimer.current) clearTimeout(hideTimer.current);
    hideTimer.current = null;
  };
  const dropHover = () => {
    keepHover();
    hideTimer.current = setTimeout(() => setHover(null), 250);
  };
  useEffect(() => {
    if (!hover) return;
    const close = () => setHover(null);
    window.addEventListener('scroll', close, { passive: true });
    return () => window.removeEventListener('scroll', close);
  }, [hover]);
  const showMark = (target: EventTarget) => {
    const mark = (target as HTMLElement).closest?.('mark[data-finding]') as HTMLElement | null;
    if (!mark) return false;
    keepHover();
    const ids = (mark.dataset.finding ?? '').split(' ');
    setHover((h) => (h && h.ids.join() === ids.join() ? h : { ids, rect: mark.getBoundingClientRect() }));
    return true;
  };
  const onAppealUtterance = useCallback((u: Utterance) => setAppeal({ kind: 'utterance', utterance: u }), []);
  // Appeals are the rep's (their own call); the API decides who may file.
  const canAppeal = !!v?.analysis && has('rep', 'admin') && (me?.id === v.call.repId || has('admin'));

  if (view.loading && !v) return <Spin style={{ display: 'block', margin: 64 }} size="large" />;
  if (view.error) {
    if (view.error instanceof ApiError && view.error.status === 404)
      return (
        <Result
          status="404"
          title="找不到这通电话"
          subTitle="通话不存在，或你无权查看。"
          extra={<Link to="/calls">返回通话列表</Link>}
          data-testid="call-not-found"
        />
      );
    return <Alert type="error" showIcon message={`加载失败：${(view.error as Error).message}`} />;
  }
  if (!v) return null;
  const a = v.analysis;
  const coaching = coachingOf(v);
  const st = STATUS_ZH[v.call.status];
  const teamDims = teamAvg.data?.dims ?? null;
  const radar: RadarSeries[] = a
    ? [
        { name: '本次通话', values: a.dimensions, color: '#1d5fd6' },
        ...(teamDims ? [{ name: '团队平均', values: teamDims, color: '#fa8c16', dashed: true }] : []),
        ...(summary.data && !teamDims
          ? [
              {
                name: '我的平均',
                values: Object.fromEntries(
                  DIMENSIONS.map((d) => [d, summary.data!.dimensions[d]?.mean ?? null]),
                ),
                color: '#8c8c8c',
                dashed: true,
              },
            ]
          : []),
      ]
    : [];
  const utterances = filter === 'all' ? v.utterances : v.utterances.filter((u) => byUtterance.has(u.id));

  return (
    <div data-testid="call-detail">
      <Card size="small" style={{ marginBottom: 12 }}>
        <Space wrap style={{ width: '100%', justifyContent: 'space-between' }}>
          <div>
            <Typography.Title level={4} style={{ margin: 0 }}>
              {v.call.customer?.company ?? v.call.externalId}
            </Typography.Title>
            <div className="tj-meta">
              {v.call.customer?.name} · {INDUSTRY_ZH[v.call.industry] ?? v.call.industry} ·{' '}
              {formatDate(v.call.occurredAt)}
            </div>
            <div style={{ marginTop: 4 }}>
              <Tag color={st.color} data-testid="call-status">
                {st.text}
              </Tag>
              {(a?.tags ?? v.call.tags).map((t) => (
                <Tag key={t} color="volcano">
                  {tagName(t)}
                </Tag>
              ))}
            </div>
          </div>
          {a && (
            <div style={{ textAlign: 'center' }}>
              <Progress type="dashboard" percent={a.total ?? 0} format={() => a.total ?? '—'} size={84} />
              <div className="tj-meta">总分</div>
            </div>
          )}
        </Space>
        {a && (
          <Descriptions size="small" column={{ xs: 1, sm: 2, md: 4 }} style={{ marginTop: 8 }}>
            <Descriptions.Item label="词库版本">{a.lexiconVersion}</Descriptions.Item>
            <Descriptions.Item label="评分卡">{a.scorecardVersion}</Descriptions.Item>
            <Descriptions.Item label="修订">{a.revision}</Descriptions.Item>
            <Descriptions.Item label="销售说话占比">
              {Math.round((a.metrics.talkRatio ?? 0) * 100)}%
            </Descriptions.Item>
          </Descriptions>
        )}
      </Card>
      {!a && v.call.status !== 'failed' && (
        <Alert
          type="info"
          showIcon
          message={`正在处理：${st.text}，评分完成后自动刷新`}
          style={{ marginBottom: 12 }}
        />
      )}
      {v.call.status === 'failed' && (
        <Alert
          type="error"
          showIcon
          message={`处理失败：${v.call.failureReason ?? '未知原因'}`}
          style={{ marginBottom: 12 }}
        />
      )}
      <Row gutter={[12, 12]}>
        <Col xs={24} lg={14}>
          <Card
            size="small"
            title="通话记录"
            extra={
              <Segmented
                size="small"
                value={filter}
                onChange={(x) => setFilter(x as 'all' | 'findings')}
                options={[
                  { value: 'all', label: '全部' },
                  { value: 'findings', label: '仅含发现' },
                ]}
              />
            }
          >
            {hasAudio && (
              <div
                className="tj-noprint"
                style={{ position: 'sticky', top: 64, zIndex: 2, background: '#fff', paddingBottom: 8 }}
              >
                {audioUrl === 'unavailable' ? (
                  <Typography.Text type="secondary">录音文件不可用（可能已被清理），无法播放</Typography.Text>
                ) : audioUrl ? (
                  // biome-ignore lint/a11y/useMediaCaption: the transcript beside the player is the caption
                  <audio
                    ref={audioRef}
                    src={audioUrl}
                    controls
                    style={{ width: '100%' }}
                    onTimeUpdate={onTime}
                    data-testid="audio"
                  />
                ) : (
                  <Typography.Text type="secondary">录音加载中…</Typography.Text>
                )}
              </div>
            )}
            {/* biome-ignore lint/a11y/noStaticElementInteractions: hover and tap on the highlighted marks inside open their details */}
            <div
              data-testid="timeline"
              onMouseOver={(e) => {
                if (!showMark(e.target)) dropHover();
              }}
              onMouseLeave={dropHover}
              onFocus={(e) => {
                showMark(e.target);
              }}
              onClickCapture={(e) => {
                showMark(e.target);
              }}
            >
              {utterances.map((u) => (
                <Turn
                  key={u.id}
                  u={u}
                  findings={byUtterance.get(u.id) ?? []}
                  active={active === u.id}
                  flash={flash === u.id}
                  canAppeal={canAppeal}
                  onSeek={seek}
                  onAppealUtterance={onAppealUtterance}
                />
              ))}
            </div>
            {hover && (
              <FindingHoverCard
                anchor={hover.rect}
                findings={hover.ids.map((fid) => findingById.get(fid)).filter((f): f is Finding => !!f)}
                canAppeal={canAppeal}
                onAppeal={onAppealFinding}
                onEnter={keepHover}
                onLeave={dropHover}
              />
            )}
          </Card>
        </Col>
        <Col xs={24} lg={10}>
          {a && (
            <Card size="small" title="能力雷达" style={{ marginBottom: 12 }}>
              <Radar series={radar} testId="radar" />
              <div data-testid="dimension-scores">
                {DIMENSIONS.map((d) => (
                  <Tag key={d} style={{ marginBottom: 4 }}>
                    {DIMENSION_ZH[d]} {a.dimensions[d] === null ? '不适用' : (a.dimensions[d] ?? '—')}
                  </Tag>
                ))}
              </div>
            </Card>
          )}
          {a && (
            <Card size="small" title="辅导建议" style={{ marginBottom: 12 }} data-testid="coaching">
              {coaching.length === 0 ? (
                <Empty
                  image={Empty.PRESENTED_IMAGE_SIMPLE}
                  description="无：隐性需求均已跟进，异议均已处理"
                />
              ) : (
                <List
                  size="small"
                  dataSource={coaching}
                  renderItem={(c) => (
                    <List.Item>
                      <div>
                        <Tag color={c.kind === 'missed_need' ? 'purple' : 'red'}>
                          {c.kind === 'missed_need' ? '错过的隐性需求' : '未处理好的异议'}
                        </Tag>
                        <Typography.Link onClick={() => jumpTo(c.finding.utteranceId)}>
                          「{c.quote}」
                        </Typography.Link>
                        <div className="tj-meta">{c.detail}</div>
                      </div>
                    </List.Item>
                  )}
                />
              )}
            </Card>
          )}
          {(appeals.data ?? []).length > 0 && (
            <Card size="small" title="申诉记录" style={{ marginBottom: 12 }} data-testid="call-appeals">
              <List
                size="small"
                dataSource={appeals.data}
                renderItem={(ap) => (
                  <List.Item>
                    <div>
                      <Tag color={APPEAL_STATUS_ZH[ap.status]?.color}>
                        {APPEAL_STATUS_ZH[ap.status]?.text ?? ap.status}
                      </Tag>
                      {ap.utteranceId && (
                        <Typography.Link onClick={() => jumpTo(ap.utteranceId!)}>
                          {ap.utteranceId}{' '}
                        </Typography.Link>
                      )}
                      {proposalText(ap)}
                      <div className="tj-meta">
                        <EffectLine preview={ap.preview} />
                      </div>
                      {ap.decisionNote && <div className="tj-meta">复核说明：{ap.decisionNote}</div>}
                    </div>
                  </List.Item>
                )}
              />
            </Card>
          )}
          {a && (
            <Card size="small" title="评分项" data-testid="score-items">
              <Collapse
                size="small"
                defaultActiveKey={DIMENSIONS.filter((d) => (a.dimensions[d] ?? 100) < 80)}
                items={DIMENSIONS.map((d) => ({
                  key: d,
                  label: (
                    <span>
                      {DIMENSION_ZH[d]}{' '}
                      <b>{a.dimensions[d] === null ? '不适用' : (a.dimensions[d] ?? '—')}</b>
                    </span>
                  ),
                  children: (
                    <List
                      size="small"
                      dataSource={a.scoreItems.filter((s) => s.dimension === d)}
                      renderItem={(s) => (
                        <List.Item
                          actions={
                            canAppeal
                              ? [
                                  <Button
                                    key="appeal"
                                    size="small"
                                    type="link"
                                    onClick={() => setAppeal({ kind: 'score_item', item: s })}
                                    data-testid="appeal-item"
                                  >
                                    申诉
                                  </Button>,
                                ]
                              : []
                          }
                        >
                          <div style={{ width: '100%' }}>
                            <Space wrap>
                              <b>{s.label}</b>
                              <span>{s.score === null ? '不适用' : `${s.score} 分`}</span>
                              <span className="tj-meta">
                                实际 {itemValue(s)} · 目标 {s.target} · 权重 {s.weight}
                              </span>
                            </Space>
                            <div className="tj-meta" title={s.source}>
                              依据：{s.source}
                            </div>
                            {s.findingIds.length > 0 && (
                              <div>
                                证据：
                                {s.findingIds.map((fid) => {
                                  const f = findingById.get(fid);
                                  return f ? (
                                    <Typography.Link
                                      key={fid}
                                      onClick={() => jumpTo(f.utteranceId)}
                                      style={{ marginRight: 8 }}
                                    >
                                      {f.utteranceId} {labelName(f.label)}
                                    </Typography.Link>
                                  ) : null;
                                })}
                              </div>
                            )}
                          </div>
                        </List.Item>
                      )}
                    />
                  ),
                }))}
              />
            </Card>
          )}
        </Col>
      </Row>
      {appeal && v && (
        <AppealModal
          view={v}
          target={appeal}
          onClose={(filed) => {
            setAppeal(null);
            if (filed) {
              void view.reload();
              void appeals.reload();
            }
          }}
        />
      )}
    </div>
  );
}
