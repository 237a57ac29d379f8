import { Avatar, Button, Popover, Tag, Typography } from 'antd';
import { memo, type ReactNode } from 'react';
import type { Finding, Utterance } from '../lib/api';
import { clock, labelColor, labelName, TECHNIQUE_ZH } from '../lib/labels';

interface Piece {
  start: number;
  text: string;
  findings: Finding[];
}

/** Splits an utterance at every finding boundary (spans are code points of the original text). */
export function splitBySpans(text: string, findings: Finding[]): Piece[] {
  const chars = Array.from(text);
  const cuts = new Set<number>([0, chars.length]);
  for (const f of findings) {
    cuts.add(Math.max(0, Math.min(chars.length, f.span[0])));
    cuts.add(Math.max(0, Math.min(chars.length, f.span[1])));
  }
  const points = [...cuts].sort((a, b) => a - b);
  const pieces: Piece[] = [];
  for (let i = 0; i + 1 < points.length; i++) {
    const a = points[i]!;
    const b = points[i + 1]!;
    if (b <= a) continue;
    pieces.push({
      start: a,
      text: chars.slice(a, b).join(''),
      findings: findings.filter((f) => f.span[0] <= a && f.span[1] >= b),
    });
  }
  return pieces;
}

export function FindingDetails({ f }: { f: Finding }) {
  return (
    <div style={{ maxWidth: 300, fontSize: 13 }} data-testid="finding-details">
      <div>
        <Tag color={labelColor(f.label).tag}>{labelName(f.label)}</Tag>
        <Typography.Text type="secondary">置信度 {Math.round(f.confidence * 100)}%</Typography.Text>
      </div>
      <div>规则：{f.rule}</div>
      {f.term && <div>词条：{f.term}</div>}
      <div>词库版本：{f.lexiconVersion}</div>
      {f.identified !== undefined && <div>是否识别：{f.identified ? '已跟进' : '未跟进'}</div>}
      {f.resolved !== undefined && <div>是否化解：{f.resolved ? '已化解' : '未化解'}</div>}
      {f.accurate !== undefined && <div>复述准确：{f.accurate ? '准确' : '不准确'}</div>}
      {Array.isArray(f.techniques) && f.techniques.length > 0 && (
        <div>技巧：{f.techniques.map((t) => TECHNIQUE_ZH[t] ?? t).join('、')}</div>
      )}
      {f.corrected === true && <Tag color="gold">经申诉更正</Tag>}
    </div>
  );
}

interface TurnProps {
  u: Utterance;
  findings: Finding[];
  active: boolean;
  flash: boolean;
  canAppeal: boolean;
  onSeek?: (u: Utterance) => void;
  onAppealFinding?: (f: Finding) => void;
  onAppealUtterance?: (u: Utterance) => void;
}

/** One turn of the timeline, its findings highlighted in place. */
export const Turn = memo(function Turn({
  u,
  findings,
  active,
  flash,
  canAppeal,
  onSeek,
  onAppealFinding,
  onAppealUtterance,
}: TurnProps) {
  const pieces =
    findings.length > 0 ? splitBySpans(u.text, findings) : [{ start: 0, text: u.text, findings: [] }];
  const content: ReactNode[] = pieces.map((p) => {
    if (p.findings.length === 0) return <span key={p.start}>{p.text}</span>;
    // The narrowest finding decides the colour; all of them are listed on hover.
    const top = [...p.findings].sort((a, b) => a.span[1] - a.span[0] - (b.span[1] - b.span[0]))[0]!;
    const c = labelColor(top.label);
    return (
      <Popover
        key={p.start}
        mouseEnterDelay={0.15}
        content={
          <div>
            {p.findings.map((f) => (
              <div key={f.id} style={{ marginBottom: 8 }}>
                <FindingDetails f={f} />
                {canAppeal && (
                  <Button
                    size="small"
                    style={{ marginTop: 4 }}
                    onClick={() => onAppealFinding?.(f)}
                    data-testid="appeal-finding"
                  >
                    申诉此发现
                  </Button>
                )}
              </div>
            ))}
          </div>
        }
      >
        <mark
          className="tj-mark"
          style={{ background: c.bg, borderColor: c.border }}
          data-finding={p.findings.map((f) => f.id).join(' ')}
          data-label={p.findings.map((f) => f.label).join(' ')}
        >
          {p.text}
        </mark>
      </Popover>
    );
  });
  return (
    // biome-ignore lint/a11y/noStaticElementInteractions: a click on a turn seeks the audio; the player has its own keyboard controls
    <div
      id={`utt-${u.id}`}
      className={`tj-turn ${u.speaker}${active ? ' active' : ''}${flash ? ' flash' : ''}`}
      onClick={() => onSeek?.(u)}
      onKeyDown={(e) => {
        if (e.key === 'Enter') onSeek?.(u);
      }}
      data-testid="turn"
      data-speaker={u.speaker}
    >
      <Avatar size="small" style={{ background: u.speaker === 'rep' ? '#1d5fd6' : '#8c8c8c', flex: 'none' }}>
        {u.speaker === 'rep' ? '销' : '客'}
      </Avatar>
      <div className="tj-bubble">
        <div className="tj-meta">
          {u.speaker === 'rep' ? '销售' : '客户'} · {clock(u.start)}–{clock(u.end)} · {u.id}
          {canAppeal && (
            <Button
              type="link"
              size="small"
              style={{ padding: '0 4px', height: 18 }}
              onClick={(e) => {
                e.stopPropagation();
                onAppealUtterance?.(u);
              }}
              data-testid="appeal-utterance"
            >
              申诉
            </Button>
          )}
        </div>
        <div>{content}</div>
        {findings.length > 0 && (
          <div style={{ marginTop: 2 }}>
            {[...new Set(findings.map((f) => f.label))].map((l) => (
              <Tag
                key={l}
                color={labelColor(l).tag}
                style={{ fontSize: 11, lineHeight: '16px', marginTop: 2 }}
              >
                {labelName(l)}
              </Tag>
            ))}
          </div>
        )}
      </div>
    </div>
  );
});
