import { memo, Suspense, useCallback, useMemo, useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import type { AppealTarget } from '../components/appeal/appeal-body';
import { CallHeader, CallInfoCard, CallStatusAlerts } from '../components/call-detail/call-header';
import { RadarPanel } from '../components/call-detail/radar-panel';
import { TranscriptCard, useFindingIndex } from '../components/call-detail/transcript-card';
import {
  pendingAppealUtterances,
  useCallAppeals,
  useCallView,
  useRepSummary,
  useTeamAverage,
} from '../components/call-detail/use-call-data';
import { type PickedWords, useSelectionAppeal } from '../components/call-detail/use-selection-appeal';
import { useTranscriptNav } from '../components/call-detail/use-transcript-nav';
import { CoachingCard } from '../components/coaching-card';
import { ErrorState } from '../components/error-state';
import { LastChangeCard } from '../components/last-change';
import { lazyWithAntd } from '../components/lazy-with-antd';
import { ScoreItemsCard } from '../components/score-items';
import { Button } from '../components/ui/button';
import { PageSpinner } from '../components/ui/spinner';
import { StatusPage } from '../components/ui/status-page';
import { useToast } from '../components/ui/toast';
import { ApiError, type ScoreItem } from '../lib/api';
import { useSession } from '../lib/session';
import { useNarrow } from '../lib/use-narrow';

// The cards beside the transcript draw again only when their own data changes: unfolding the
// transcript on a phone, a jump to a sentence or a toast changes the page's state, and would
// otherwise render the scores and coaching again and redraw the radar's canvas.
const CallHeaderCard = memo(CallHeader);
const CallInfo = memo(CallInfoCard);
const Coaching = memo(CoachingCard);
const LastChange = memo(LastChangeCard);
const Radar = memo(RadarPanel);
const ScoreItems = memo(ScoreItemsCard);

// The page draws without antd (no antd styles to compute before the first screen of a long
// call). What still uses antd loads with antd's providers when it is shown: the appeal form (its
// preview table, radios and number inputs) when a rep opens it, the appeal list when the call has
// appeals (most have none).
const AppealModal = lazyWithAntd(() => import('../components/appeal-modal').then((m) => m.AppealModal));
const CallAppealsCard = lazyWithAntd(() =>
  import('../components/call-detail/call-appeals').then((m) => m.CallAppealsCard),
);

export default function CallDetailPage() {
  const { id = '' } = useParams();
  const { me, has } = useSession();
  const view = useCallView(id);
  const v = view.data;
  const summary = useRepSummary(v);
  const teamAvg = useTeamAverage(v);
  const appeals = useCallAppeals(id, v?.call.revision);
  const { findingById } = useFindingIndex(v);
  const narrow = useNarrow();
  const nav = useTranscriptNav();
  const [appeal, setAppeal] = useState<AppealTarget | null>(null);
  const pendingAppeals = useMemo(() => pendingAppealUtterances(appeals.data), [appeals.data]);
  // Appeals are the rep's (their own call); the API decides who may file.
  const canAppeal = !!v?.analysis && has('rep', 'admin') && (me?.id === v.call.repId || has('admin'));
  const { picked, setPicked } = useSelectionAppeal(canAppeal, v);
  const [toast, notify] = useToast();
  const reloadView = view.reload;
  const industryChanged = useCallback(
    (notice: string) => {
      notify('success', notice);
      void reloadView();
    },
    [notify, reloadView],
  );
  const appealItem = useCallback((item: ScoreItem) => setAppeal({ kind: 'score_item', item }), []);
  // The skip link: past the transcript (and its hundreds of 申诉 buttons) to the scores.
  const skipToScores = () => {
    const el = document.getElementById('tj-scores');
    el?.focus();
    el?.scrollIntoView({ block: 'start' });
  };

  if (view.loading && !v) return <PageSpinner />;
  if (view.error) {
    if (view.error instanceof ApiError && view.error.status === 404)
      return (
        <StatusPage
          code="404"
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

  const radarCard = a && (
    <Radar analysis={a} summary={summary.data} teamAvg={teamAvg.data} ownCall={me?.id === v.call.repId} />
  );
  const itemsCard = a && (
    <ScoreItems
      analysis={a}
      findingById={findingById}
      utterances={v.utterances}
      canAppeal={canAppeal}
      onAppeal={appealItem}
      onJump={nav.jumpTo}
    />
  );
  const transcriptCard = (
    <TranscriptCard
      v={v}
      nav={nav}
      narrow={narrow}
      canAppeal={canAppeal}
      pendingAppeals={pendingAppeals}
      onAppeal={setAppeal}
    />
  );
  const info = a && <CallInfo analysis={a} />;
  const scores = (
    <div id="tj-scores" tabIndex={-1} data-testid="scores-column">
      {a?.lastChange && <LastChange change={a.lastChange} />}
      {a && <Coaching coaching={a.coaching} onJump={nav.jumpTo} />}
      {narrow ? itemsCard : radarCard}
      {narrow ? radarCard : null}
      {appeals.data && appeals.data.length > 0 && (
        <Suspense fallback={null}>
          <CallAppealsCard view={v} appeals={appeals.data} onJump={nav.jumpTo} />
        </Suspense>
      )}
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
      {toast}
      <CallHeaderCard v={v} narrow={narrow} onChanged={industryChanged} />
      <CallStatusAlerts v={v} onChanged={industryChanged} />
      {narrow ? (
        <>
          {scores}
          {transcriptCard}
          {info}
        </>
      ) : (
        <div className="tj-call-columns">
          <div>{transcriptCard}</div>
          <div>
            {scores}
            {info}
          </div>
        </div>
      )}
      {picked && !appeal && (
        <AppealSelectionButton
          picked={picked}
          onAppeal={() => {
            setAppeal({ kind: 'utterance', utterance: picked.utterance, phrase: picked.phrase });
            setPicked(null);
          }}
        />
      )}
      {appeal && v && (
        <Suspense fallback={null}>
          <AppealModal
            view={v}
            target={appeal}
            onClose={(filed) => {
              setAppeal(null);
              if (filed) {
                // The dialog's own 申诉已提交 goes with it: the page says it again, where the user
                // is, long enough to read, and the sentence shows 申诉中 until a reviewer decides.
                notify('success', '申诉已提交，复核员会在时限内处理；进度见「申诉记录」', 6000);
                void view.reload();
                void appeals.reload();
              }
            }}
          />
        </Suspense>
      )}
    </div>
  );
}

/** 申诉漏识别 over the words a rep selected in one turn. */
function AppealSelectionButton({ picked, onAppeal }: { picked: PickedWords; onAppeal: () => void }) {
  return (
    <Button
      variant="primary"
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
      onClick={onAppeal}
      data-testid="appeal-selection"
    >
      申诉漏识别：「{Array.from(picked.phrase).slice(0, 8).join('')}
      {Array.from(picked.phrase).length > 8 ? '…' : ''}」
    </Button>
  );
}
