import {
  Alert,
  Button,
  Card,
  Col,
  Descriptions,
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
import { AppealModal, type AppealTarget, spanOf } from '../components/appeal-modal';
import { CallIndustry, NeedsIndustryAlert } from '../components/call-industry';
import { CoachingCard } from '../components/coaching-card';
import { APPEAL_STATUS_ZH, type Appeal, EffectLine, proposalText } from '../components/effect-line';
import { ErrorState } from '../components/error-state';
import { LastChangeCard } from '../components/last-change';
import { Radar, type RadarSeries } from '../components/radar';
import { DimensionStrip, ScoreItemsCard } from '../components/score-items';
import { FindingHoverCard, Turn } from '../components/transcript';
import {
  ApiError,
  api,
  type CallView,
  type Dimension,
  type Finding,
  type RepSummary,
  tokenStore,
  type Utterance,
} from '../lib/api';
import { coachingOf } from '../lib/coaching';
import { failureText } from '../lib/errors-zh';
import { type Correction, explainAppealEffect } from '../lib/explain';
import { DIMENSIONS, formatDate, STATUS_ZH, tagName, versionName } from '../lib/labels';
import { useSession } from '../lib/session';
import { useLoad } from '../lib/use-api';
import { useNarrow } from '../lib/use-narrow';

/**
 * Why a filed appeal moves the scores (while it waits), or that the call was rescored with it.
 * After acceptance the view already holds the corrected findings, so the reasons are not redone.
 */
function AppealReasons({ view, appeal }: { view: CallView; appeal: Appeal }) {
  if (appeal.status === 'accepted')
    return <div className="tj-meta">已接受：评分、评分说明和辅导建议已按更正重新计算。</div>;
  if (!['open', 'in_review', 'escalated'].includes(appeal.status)) return null;
  const p = appeal.preview;
  if (!p?.now || !p.ifAccepted) return null;
  const lines = explainAppealEffect(
    view,
    appeal.proposal.correction as Correction | undefined,
    p.now,
    p.ifAccepted,
  );
  return lines.length > 0 ? (
    <ul className="tj-meta" style={{ margin: 0, paddingLeft: 18 }} data-testid="appeal-reasons">
      {lines.map((l) => (
        <li key={l.dimension}>{l.text}</li>
      ))}
    </ul>
  ) : null;
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
  // Live status until the call is scored (a 待确认行业 call waits for a person, not the pipeline).
  useEffect(() => {
    if (!status || status === 'scored' || status === 'failed' || status === 'needs_industry') return;
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

  const narrow = useNarrow();
  const [showTranscript, setShowTranscript] = useState(false);
  const [compare, setCompare] = useState<'rep' | 'team'>('rep');
  const [active, setActive] = useState<string | null>(null);
  const [flash, setFlash] = useState<string | null>(null);
  const [filter, setFilter] = useState<'all' | 'findings'>('all');
  const audioRef = useRef<HTMLAudioElement>(null);
  const hasAudio = !!v && v.call.source !== 'transcript';
  const audioUrl = useAudio(id, hasAudio);

  const jumpTo = useCallback((utteranceId: string) => {
    // On a phone the transcript may be folded (and filtered): unfold it, then scroll once drawn.
    setShowTranscript(true);
    setFilter('all');
    requestAnimationFrame(() =>
      requestAnimationFrame(() =>
        document
          .getElementById(`utt-${utteranceId}`)
          ?.scrollIntoView({ behavior: 'smooth', block: 'center' }),
      ),
    );
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
  const [hover, setHover] = useState<{ ids: string[]; rect: DOMRect; byKey?: boolean } | null>(null);
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
    // A card opened from the keyboard holds the focus: it stays until Escape or the appeal.
    if (!hover || hover.byKey) return;
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
  // Appeals are the rep's (their own call); the API decides who may file.
  const canAppeal = !!v?.analysis && has('rep', 'admin') && (me?.id === v.call.repId || has('admin'));
  const onAppealUtterance = useCallback((u: Utterance) => setAppeal({ kind: 'utterance', utterance: u }), []);
  // Appeal by selecting words: a selection inside one turn offers 申诉 for exactly those words
  // (on a phone: long-press, adjust the handles, tap the button).
  const [picked, setPicked] = useState<{ utterance: Utterance; phrase: string; rect: DOMRect } | null>(null);
  useEffect(() => {
    if (!canAppeal || !v) return;
    const onChange = () => {
      const sel = window.getSelection();
      const text = sel?.toString().trim() ?? '';
      if (!sel || sel.isCollapsed || !text || sel.rangeCount === 0) {
        setPicked(null);
        return;
      }
      const turnOf = (n: Node | null) =>
        (n instanceof Element ? n : n?.parentElement)?.closest?.('.tj-turn') as HTMLElement | null;
      const turn = turnOf(sel.anchorNode);
      if (!turn || turn !== turnOf(sel.focusNode)) {
        setPicked(null);
        return;
      }
      const u = v.utterances.find((x) => `utt-${x.id}` === turn.id);
      if (!u || !spanOf(u.text, text)) {
        setPicked(null);
        return;
      }
      setPicked({ utterance: u, phrase: text, rect: sel.getRangeAt(0).getBoundingClientRect() });
    };
    document.addEventListener('selectionchange', onChange);
    return () => document.removeEventListener('selectionchange', onChange);
  }, [canAppeal, v]);
  // The skip link: past the transcript (and its hundreds of 申诉 buttons) to the scores.
  const skipToScores = () => {
    const el = document.getElementById('tj-scores');
    el?.focus();
    el?.scrollIntoView({ block: 'start' });
  };
  // Keyboard on a highlighted mark: Enter or Space opens its details with the focus on 申诉.
  const onMarkKey = (e: React.KeyboardEvent) => {
    const mark = (e.target as HTMLElement).closest?.('mark[data-finding]') as HTMLElement | null;
    if (!mark) return;
    if (e.key === 'Escape') {
      setHover(null);
      return;
    }
    if (e.key !== 'Enter' && e.key !== ' ') return;
    e.preventDefault();
    e.stopPropagation();
    keepHover();
    setHover({
      ids: (mark.dataset.finding ?? '').split(' '),
      rect: mark.getBoundingClientRect(),
      byKey: true,
    });
  };

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
    return (
      <ErrorState error={view.error} what="这通电话" onRetry={() => void view.reload()} backTo="/calls" />
    );
  }
  if (!v) return null;
  const a = v.analysis;
  const coaching = coachingOf(v);
  const st = STATUS_ZH[v.call.status];
  const ownCall = me?.id === v.call.repId;
  // The comparison is always named: 我的平均 (or 该销售平均) and 团队平均 are different series, and
  // the reader picks one when both exist; nothing switches silently.
  const comparisons: (RadarSeries & { key: 'rep' | 'team'; note: string })[] = [];
  if (summary.data)
    comparisons.push({
      key: 'rep',
      name: ownCall ? '我的平均' : '该销售平均',
      note: `${ownCall ? '我' : '该销售'}全部已评分通话（${summary.data.calls} 通）的平均`,
      values: Object.fromEntries(DIMENSIONS.map((d) => [d, summary.data!.dimensions[d]?.mean ?? null])),
      color: '#595959',
      dashed: true,
    });
  if (teamAvg.data)
    comparisons.push({
      key: 'team',
      name: '团队平均',
      note: `团队平均，截至 ${formatDate(teamAvg.data.asOf).slice(0, 10)}`,
      values: teamAvg.data.dims,
      color: '#d46b08',
      dashed: true,
    });
  const comparison = comparisons.find((c) => c.key === compare) ?? comparisons[0];
  const radar: RadarSeries[] = a
    ? [{ name: '本次通话', values: a.dimensions, color: '#1d5fd6' }, ...(comparison ? [comparison] : [])]
    : [];
  const utterances = filter === 'all' ? v.utterances : v.utterances.filter((u) => byUtterance.has(u.id));
  const transcriptShown = !narrow || showTranscript;

  const header = (
    <Card size="small" style={{ marginBottom: 12 }}>
      <Space wrap style={{ width: '100%', justifyContent: 'space-between' }}>
        <div>
          <Typography.Title level={4} style={{ margin: 0 }}>
            {v.call.customer?.company ?? v.call.externalId}
          </Typography.Title>
          <div className="tj-meta">
            {v.call.customer?.name} · {formatDate(v.call.occurredAt)}
          </div>
          <div className="tj-meta">
            <CallIndustry call={v.call} onChanged={() => void view.reload()} />
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
            <Progress
              type="dashboard"
              percent={a.total ?? 0}
              format={() => a.total ?? '—'}
              size={narrow ? 64 : 84}
              aria-label={`总分 ${a.total ?? '无'}`}
            />
            <div className="tj-meta">总分</div>
          </div>
        )}
      </Space>
      {a && <DimensionStrip dimensions={a.dimensions} />}
    </Card>
  );

  const info = a && (
    <Card size="small" title="通话信息" style={{ marginBottom: 12 }}>
      <Descriptions size="small" column={{ xs: 1, sm: 2, md: 4 }}>
        <Descriptions.Item label="词库版本">
          <span title={a.lexiconVersion}>{versionName(a.lexiconVersion)}</span>
        </Descriptions.Item>
        <Descriptions.Item label="评分卡">
          <span title={a.scorecardVersion}>{versionName(a.scorecardVersion)}</span>
        </Descriptions.Item>
        <Descriptions.Item label="评分次数">第 {a.revision} 次</Descriptions.Item>
        <Descriptions.Item label="销售说话占比">
          {Math.round((a.metrics.talkRatio ?? 0) * 100)}%
        </Descriptions.Item>
      </Descriptions>
    </Card>
  );

  const radarCard = a && (
    <Card
      size="small"
      title="能力雷达"
      style={{ marginBottom: 12 }}
      extra={
        comparisons.length > 1 ? (
          <Segmented
            size="small"
            value={comparison?.key}
            onChange={(x) => setCompare(x as 'rep' | 'team')}
            options={comparisons.map((c) => ({ value: c.key, label: c.name }))}
            aria-label="对比对象"
            data-testid="radar-compare"
          />
        ) : null
      }
    >
      <Radar series={radar} testId="radar" caption="本次通话各维度得分与对比" />
      <div className="tj-meta" data-testid="radar-legend">
        实线：本次通话；
        {comparison ? `虚线：${comparison.note}` : '暂无可对比的平均分（还没有其他已评分通话或团队数据）'}
      </div>
    </Card>
  );

  const appealsCard = (appeals.data ?? []).length > 0 && (
    <Card size="small" title="申诉记录" style={{ marginBottom: 12 }} data-testid="call-appeals">
      <List
        size="small"
        dataSource={appeals.data}
        renderItem={(ap) => (
          <List.Item>
            <div>
              <Tag color={APPEAL_STATUS_ZH[ap.status]?.color}>
                {APPEAL_STATUS_ZH[ap.status]?.text ?? '未知状态'}
              </Tag>
              {ap.utteranceId && (
                <Typography.Link onClick={() => jumpTo(ap.utteranceId!)}>{ap.utteranceId} </Typography.Link>
              )}
              {proposalText(ap)}
              <div className="tj-meta">
                <EffectLine preview={ap.preview} />
              </div>
              <AppealReasons view={v} appeal={ap} />
              {ap.decisionNote && <div className="tj-meta">复核说明：{ap.decisionNote}</div>}
            </div>
          </List.Item>
        )}
      />
    </Card>
  );

  const itemsCard = a && (
    <ScoreItemsCard
      analysis={a}
      findingById={findingById}
      canAppeal={canAppeal}
      onAppeal={(item) => setAppeal({ kind: 'score_item', item })}
      onJump={jumpTo}
    />
  );

  const transcriptCard = (
    <Card
      size="small"
      title={`通话记录（${v.utterances.length} 句）`}
      id="tj-transcript"
      extra={
        transcriptShown ? (
          <Segmented
            size="small"
            value={filter}
            onChange={(x) => setFilter(x as 'all' | 'findings')}
            options={[
              { value: 'all', label: '全部' },
              { value: 'findings', label: '仅含发现' },
            ]}
          />
        ) : null
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
      {!transcriptShown ? (
        <Button block onClick={() => setShowTranscript(true)} data-testid="transcript-toggle">
          展开通话记录（{v.utterances.length} 句，其中 {byUtterance.size} 句有识别结果）
        </Button>
      ) : (
        <>
          {canAppeal && (
            <div className="tj-meta" style={{ marginBottom: 6 }}>
              提示：用制表键（Tab）移到高亮的文字上，按回车或空格可查看并申诉这条识别结果。
            </div>
          )}
          {/* biome-ignore lint/a11y/noStaticElementInteractions: hover, tap and keys on the highlighted marks inside open their details */}
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
            onKeyDown={onMarkKey}
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
        </>
      )}
      {hover && (
        <FindingHoverCard
          anchor={hover.rect}
          findings={hover.ids.map((fid) => findingById.get(fid)).filter((f): f is Finding => !!f)}
          canAppeal={canAppeal}
          onAppeal={onAppealFinding}
          onEnter={keepHover}
          onLeave={dropHover}
          focusFirst={hover.byKey}
          onClose={() => setHover(null)}
        />
      )}
    </Card>
  );

  const statusAlerts = (
    <>
      {v.call.status === 'needs_industry' && (
        <NeedsIndustryAlert call={v.call} onChanged={() => void view.reload()} />
      )}
      {!a && v.call.status !== 'failed' && v.call.status !== 'needs_industry' && (
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
          message={<span title={v.call.failureReason ?? undefined}>{failureText(v.call.failureReason)}</span>}
          style={{ marginBottom: 12 }}
        />
      )}
    </>
  );

  const scores = (
    <div id="tj-scores" tabIndex={-1} data-testid="scores-column">
      {a?.lastChange && <LastChangeCard change={a.lastChange} />}
      {a && <CoachingCard coaching={coaching} onJump={jumpTo} />}
      {narrow ? itemsCard : radarCard}
      {narrow ? radarCard : null}
      {appealsCard}
      {narrow ? null : itemsCard}
    </div>
  );

  return (
    <div data-testid="call-detail">
      {a && (
        <button type="button" className="tj-skip" onClick={skipToScores} data-testid="skip-to-scores">
          跳到评分与辅导建议
        </button>
      )}
      {header}
      {statusAlerts}
      {narrow ? (
        <>
          {scores}
          {transcriptCard}
          {info}
        </>
      ) : (
        <Row gutter={[12, 12]}>
          <Col span={14}>{transcriptCard}</Col>
          <Col span={10}>
            {scores}
            {info}
          </Col>
        </Row>
      )}
      {picked && !appeal && (
        <Button
          type="primary"
          size="small"
          className="tj-pick"
          style={{
            position: 'fixed',
            zIndex: 1001,
            left: Math.max(8, Math.min(picked.rect.left, window.innerWidth - 200)),
            top: picked.rect.top > 48 ? picked.rect.top - 40 : picked.rect.bottom + 8,
          }}
          // Keep the selection: a press on the button must not clear it before the click.
          onMouseDown={(e) => e.preventDefault()}
          onClick={() => {
            setAppeal({ kind: 'utterance', utterance: picked.utterance, phrase: picked.phrase });
            setPicked(null);
          }}
          data-testid="appeal-selection"
        >
          申诉漏识别：「{Array.from(picked.phrase).slice(0, 8).join('')}
          {Array.from(picked.phrase).length > 8 ? '…' : ''}」
        </Button>
      )}
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
