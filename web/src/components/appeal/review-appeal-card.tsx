import { Button, Card, Space, Tag, Typography } from 'antd';
import { Link } from 'react-router-dom';
import { formatDate, industryName, labelName, ruleName, versionName } from '../../lib/labels';
import { sentenceName } from '../../lib/sentence';
import {
  APPEAL_STATUS_ZH,
  type Appeal,
  countdown,
  EffectLine,
  proposalText,
  TARGET_ZH,
} from '../effect-line';

/**
 * One appeal in the review queue: its state and time left, the evidence (the sentence as the
 * transcript numbers it, id on hover; label, rule, term, lexicon version by name), the rep's
 * reason and proposal, its effect on the scores, and 接受 / 驳回 while it waits.
 */
export function ReviewAppealCard({
  appeal: a,
  secondsLeft: s,
  onDecide,
}: {
  appeal: Appeal;
  /** Seconds to the due time now (negative once overdue); null once decided. */
  secondsLeft: number | null;
  onDecide: (decision: 'accept' | 'reject') => void;
}) {
  const overdue = s !== null && s < 0;
  const st = APPEAL_STATUS_ZH[a.status] ?? { text: '未知状态', color: 'default' };
  const live = a.status === 'open' || a.status === 'in_review';
  return (
    <Card size="small" style={{ marginBottom: 10 }} data-testid="appeal-card">
      <Space wrap style={{ width: '100%', justifyContent: 'space-between' }}>
        <Space wrap>
          <Tag color={st.color}>{st.text}</Tag>
          {a.escalatedAt && live ? (
            <Tag color="warning" title="已超过处理时限，已通知团队经理">
              已升级
            </Tag>
          ) : null}
          <Tag>{TARGET_ZH[a.target] ?? '其他申诉'}</Tag>
          <span title={a.industry}>{industryName(a.industry)}</span>
          <Link to={`/calls/${a.callId}`}>查看通话</Link>
        </Space>
        {s !== null && (
          <span className={overdue ? 'tj-overdue' : undefined} data-testid="sla">
            {countdown(s)}
          </span>
        )}
      </Space>
      <div style={{ margin: '8px 0' }}>
        <Typography.Text type="secondary">证据</Typography.Text>
        {a.utteranceId && (
          <Tag style={{ marginLeft: 6 }} title={a.utteranceId} data-testid="appeal-sentence">
            {sentenceName({ utteranceIndex: a.utteranceIndex, startMs: a.utteranceStartMs })}
          </Tag>
        )}
        {a.label && <Tag color="purple">{labelName(a.label)}</Tag>}
        {a.rule && (
          <span className="tj-meta" title={a.rule}>
            规则：{ruleName(a.rule)}{' '}
          </span>
        )}
        {a.term && (
          <span className="tj-meta">
            词条 <span data-user-content>{a.term}</span>{' '}
          </span>
        )}
        {a.lexiconVersion && (
          <span className="tj-meta" title={a.lexiconVersion}>
            词库：{versionName(a.lexiconVersion)}
          </span>
        )}
        {a.quote && (
          <div style={{ background: '#fafafa', padding: 6, borderRadius: 6 }} data-user-content>
            「{a.quote}」
          </div>
        )}
      </div>
      <div>
        <b>理由：</b>
        {a.reason}
      </div>
      <div>
        <b>建议：</b>
        {proposalText(a)}
      </div>
      <div>
        <b>影响：</b>
        <EffectLine preview={a.preview} />
      </div>
      <div className="tj-meta">
        提交于 {formatDate(a.filedAt)} · 截止 {formatDate(a.dueAt)}
        {a.decisionNote && ` · 复核说明：${a.decisionNote}`}
      </div>
      {live && (
        <Space style={{ marginTop: 8 }}>
          <Button type="primary" onClick={() => onDecide('accept')} data-testid="accept">
            接受
          </Button>
          <Button danger onClick={() => onDecide('reject')} data-testid="reject">
            驳回
          </Button>
        </Space>
      )}
    </Card>
  );
}
