import { Tag } from 'antd';
import type { CallView } from '../../lib/api';
import { LIVE_APPEAL_STATUSES } from '../../lib/appeal-status';
import { type Correction, explainAppealEffect } from '../../lib/explain';
import { sentenceName } from '../../lib/sentence';
import { APPEAL_STATUS_ZH, type Appeal, EffectLine, proposalText } from '../effect-line';
import { Card } from '../ui/card';
import { List } from '../ui/list';

/**
 * Why a filed appeal moves the scores (while it waits), or that the call was rescored with it.
 * After acceptance the view already holds the corrected findings, so the reasons are not redone.
 */
function AppealReasons({ view, appeal }: { view: CallView; appeal: Appeal }) {
  if (appeal.status === 'accepted')
    return <div className="tj-meta">已接受：评分、评分说明和辅导建议已按更正重新计算。</div>;
  if (!LIVE_APPEAL_STATUSES.includes(appeal.status)) return null;
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

/**
 * The disputed sentence as the transcript numbers it (第4句（00:22）, a link that jumps there),
 * its id only on hover; a sentence the call no longer has is said so, without a link.
 */
function AppealSentence({ appeal, onJump }: { appeal: Appeal; onJump: (utteranceId: string) => void }) {
  const id = appeal.utteranceId;
  if (!id) return null;
  const name = sentenceName({ utteranceIndex: appeal.utteranceIndex, startMs: appeal.utteranceStartMs });
  if (appeal.utteranceIndex === null)
    return (
      <span className="tj-meta" title={id} data-testid="appeal-sentence" style={{ marginRight: 4 }}>
        {name}
      </span>
    );
  return (
    // A plain button in the link look (as score-item evidence): focusable, and AA contrast on a phone.
    <button
      type="button"
      className="tj-textlink"
      title={id}
      onClick={() => onJump(id)}
      data-testid="appeal-sentence"
      style={{ marginRight: 4 }}
    >
      {name}
    </button>
  );
}

/** 申诉记录: the call's appeals with their state, effect and the reviewer's note. */
export function CallAppealsCard({
  view,
  appeals,
  onJump,
}: {
  view: CallView;
  appeals: Appeal[];
  onJump: (utteranceId: string) => void;
}) {
  if (appeals.length === 0) return null;
  return (
    <Card size="small" title="申诉记录" style={{ marginBottom: 12 }} data-testid="call-appeals">
      <List
        items={appeals}
        itemKey={(ap) => ap.id}
        render={(ap) => (
          <div>
            <Tag color={APPEAL_STATUS_ZH[ap.status]?.color}>
              {APPEAL_STATUS_ZH[ap.status]?.text ?? '未知状态'}
            </Tag>
            <AppealSentence appeal={ap} onJump={onJump} />
            {proposalText(ap)}
            <div className="tj-meta">
              <EffectLine preview={ap.preview} />
            </div>
            <AppealReasons view={view} appeal={ap} />
            {ap.decisionNote && <div className="tj-meta">复核说明：{ap.decisionNote}</div>}
          </div>
        )}
      />
    </Card>
  );
}
