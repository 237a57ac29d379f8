import { useCallback, useMemo, useRef, useState } from 'react';
import type { CallView, Finding, Utterance } from '../../lib/api';
import { sentencePlaces } from '../../lib/sentence';
import type { AppealTarget } from '../appeal/appeal-body';
import { FindingHoverCard, Turn } from '../transcript';
import { Button } from '../ui/button';
import { Card } from '../ui/card';
import { Segmented } from '../ui/segmented';
import { useAudio } from './use-audio';
import { useFindingHover } from './use-finding-hover';
import type { TranscriptNav } from './use-transcript-nav';

// One empty list for every turn without findings: a new [] per render would defeat Turn's memo,
// and the page renders again as the rep's average, the team average and the appeals arrive.
const NO_FINDINGS: Finding[] = [];

/** The call's findings by turn and by id. */
export function useFindingIndex(v: CallView | undefined) {
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
  return { byUtterance, findingById };
}

/** The player above the transcript (sticky), or why there is none. */
function AudioBar({
  url,
  audioRef,
  onTime,
}: {
  url: string | null | 'unavailable';
  audioRef: React.RefObject<HTMLAudioElement | null>;
  onTime: () => void;
}) {
  return (
    <div className="tj-noprint tj-audio-bar">
      {url === 'unavailable' ? (
        <span className="tj-meta">录音文件不可用（可能已被清理），无法播放</span>
      ) : url ? (
        // biome-ignore lint/a11y/useMediaCaption: the transcript beside the player is the caption
        <audio
          ref={audioRef}
          src={url}
          controls
          style={{ width: '100%' }}
          onTimeUpdate={onTime}
          data-testid="audio"
        />
      ) : (
        <span className="tj-meta">录音加载中…</span>
      )}
    </div>
  );
}

/**
 * 通话记录: the audio (the turn being played follows it, a click on a turn seeks), the turns with
 * their highlighted findings, one hover card for the marks, and the way to appeal from a mark or
 * a turn. Folded on a phone until asked for.
 */
export function TranscriptCard({
  v,
  nav,
  narrow,
  canAppeal,
  pendingAppeals,
  onAppeal,
}: {
  v: CallView;
  nav: TranscriptNav;
  narrow: boolean;
  canAppeal: boolean;
  /** The sentences (utterance ids) with an appeal waiting for a reviewer. */
  pendingAppeals: ReadonlySet<string>;
  onAppeal: (target: AppealTarget) => void;
}) {
  const { byUtterance, findingById } = useFindingIndex(v);
  const { hover, setHover, keepHover, dropHover, showMark, onMarkKey } = useFindingHover();
  const [active, setActive] = useState<string | null>(null);
  const audioRef = useRef<HTMLAudioElement>(null);
  const hasAudio = v.call.source !== 'transcript';
  const audioUrl = useAudio(v.call.id, hasAudio);
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
    if (!a) return;
    const ms = a.currentTime * 1000;
    const u = v.utterances.find((x) => x.start <= ms && ms < x.end);
    if (u && u.id !== active) setActive(u.id);
  };
  const onAppealFinding = useCallback(
    (f: Finding) => {
      setHover(null);
      onAppeal({ kind: 'finding', finding: f });
    },
    [onAppeal, setHover],
  );
  const onAppealUtterance = useCallback(
    (u: Utterance) => onAppeal({ kind: 'utterance', utterance: u }),
    [onAppeal],
  );

  const { filter, setFilter, flash } = nav;
  const places = useMemo(() => sentencePlaces(v.utterances), [v.utterances]);
  const utterances = filter === 'all' ? v.utterances : v.utterances.filter((u) => byUtterance.has(u.id));
  const transcriptShown = !narrow || nav.showTranscript;
  return (
    <Card
      size="small"
      title={`通话记录（${v.utterances.length} 句）`}
      id="tj-transcript"
      extra={
        transcriptShown ? (
          <Segmented
            value={filter}
            onChange={setFilter}
            aria-label="显示哪些句子"
            options={[
              { value: 'all', label: '全部' },
              { value: 'findings', label: '仅含发现' },
            ]}
          />
        ) : null
      }
    >
      {hasAudio && <AudioBar url={audioUrl} audioRef={audioRef} onTime={onTime} />}
      {!transcriptShown ? (
        <Button
          block
          // Wraps on a phone: the count does not fit one line at 375 px.
          style={{ height: 'auto', whiteSpace: 'normal' }}
          onClick={() => nav.setShowTranscript(true)}
          data-testid="transcript-toggle"
        >
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
                index={places.get(u.id)?.utteranceIndex ?? 0}
                findings={byUtterance.get(u.id) ?? NO_FINDINGS}
                active={active === u.id}
                flash={flash === u.id}
                canAppeal={canAppeal}
                appealPending={pendingAppeals.has(u.id)}
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
}
