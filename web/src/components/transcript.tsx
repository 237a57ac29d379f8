import { type CSSProperties, memo, type ReactNode, useEffect, useRef } from 'react';
import type { Finding, Utterance } from '../lib/api';
import { clock, labelColor, labelName, ruleName, TECHNIQUE_ZH, versionName } from '../lib/labels';
import { Button } from './ui/button';
import { Tag } from './ui/tag';

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

/** A finding's label as a chip in its highlight colours (the same chip as under each turn). */
function LabelChip({ label }: { label: string }) {
  const c = labelColor(label);
  return (
    <span className="tj-tag" style={{ color: c.text, borderColor: c.border, background: c.bg }}>
      {labelName(label)}
    </span>
  );
}

export function FindingDetails({ f }: { f: Finding }) {
  return (
    <div style={{ maxWidth: 300, fontSize: 13 }} data-testid="finding-details">
      <div>
        <LabelChip label={f.label} />
        <span className="tj-secondary">置信度 {Math.round(f.confidence * 100)}%</span>
      </div>
      <div>
        规则：<span title={f.rule}>{ruleName(f.rule)}</span>
      </div>
      {f.term && <div>词条：{f.term}</div>}
      <div>
        词库版本：<span title={f.lexiconVersion}>{versionName(f.lexiconVersion)}</span>
      </div>
      {f.identified !== undefined && <div>是否识别：{f.identified ? '已跟进' : '未跟进'}</div>}
      {f.resolved !== undefined && <div>是否化解：{f.resolved ? '已化解' : '未化解'}</div>}
      {f.accurate !== undefined && <div>复述准确：{f.accurate ? '准确' : '不准确'}</div>}
      {Array.isArray(f.techniques) && f.techniques.length > 0 && (
        <div>技巧：{f.techniques.map((t) => TECHNIQUE_ZH[t] ?? t).join('、')}</div>
      )}
      {typeof f.overrideId === 'string' && <Tag color="warning">经申诉更正</Tag>}
    </div>
  );
}

interface TurnProps {
  u: Utterance;
  /** The sentence's place in the call, from 1 (shown as 第N句; the id only on hover). */
  index: number;
  findings: Finding[];
  active: boolean;
  flash: boolean;
  canAppeal: boolean;
  /** An appeal on this sentence waits for a reviewer (申诉中). */
  appealPending?: boolean;
  onSeek?: (u: Utterance) => void;
  onAppealUtterance?: (u: Utterance) => void;
}

/**
 * One turn of the timeline, its findings highlighted in place. Plain elements only (no component
 * per mark): a call has hundreds of turns; the hover card is one, shared (see FindingHoverCard).
 */
export const Turn = memo(function Turn({
  u,
  index,
  findings,
  active,
  flash,
  canAppeal,
  appealPending = false,
  onSeek,
  onAppealUtterance,
}: TurnProps) {
  // A turn without findings is its text alone (no element per piece).
  const pieces = findings.length > 0 ? splitBySpans(u.text, findings) : [];
  const content: ReactNode =
    findings.length === 0
      ? u.text
      : pieces.map((p) => {
          if (p.findings.length === 0) return <span key={p.start}>{p.text}</span>;
          // The narrowest finding decides the colour; all of them are listed on hover.
          const top = [...p.findings].sort((a, b) => a.span[1] - a.span[0] - (b.span[1] - b.span[0]))[0]!;
          const c = labelColor(top.label);
          const names = [...new Set(p.findings.map((f) => labelName(f.label)))].join('、');
          return (
            // biome-ignore lint/a11y/useSemanticElements: a <button> cannot flow inside running text the way a <mark> does
            <mark
              key={p.start}
              className="tj-mark"
              style={{ background: c.bg, borderColor: c.border }}
              // biome-ignore-start lint/a11y/noNoninteractiveElementToInteractiveRole: the highlight stays a <mark> in the sentence; to keyboards it is a button (Enter/Space, handled on the timeline, open it for appeal)
              role="button"
              // biome-ignore-end lint/a11y/noNoninteractiveElementToInteractiveRole: as above
              tabIndex={0}
              aria-label={`${names}：${p.text}（按回车查看详情）`}
              data-finding={p.findings.map((f) => f.id).join(' ')}
              data-label={p.findings.map((f) => f.label).join(' ')}
            >
              {p.text}
            </mark>
          );
        });
  const labels = [...new Set(findings.map((f) => f.label))];
  return (
    // biome-ignore lint/a11y/noStaticElementInteractions: a click on a turn seeks the audio; the player has its own keyboard controls
    <div
      id={`utt-${u.id}`}
      className={`tj-turn ${u.speaker}${active ? ' active' : ''}${flash ? ' flash' : ''}`}
      onClick={() => {
        // Selecting words (to appeal them) is not a request to play from here.
        const sel = window.getSelection();
        if (sel && !sel.isCollapsed) return;
        onSeek?.(u);
      }}
      onKeyDown={(e) => {
        if (e.key === 'Enter' && !(e.target as HTMLElement).closest('mark, button')) onSeek?.(u);
      }}
      data-testid="turn"
      data-speaker={u.speaker}
    >
      <span className={`tj-avatar ${u.speaker}`}>{u.speaker === 'rep' ? '销' : '客'}</span>
      <div className="tj-bubble">
        <div className="tj-meta" title={u.id}>
          {/* One text node, not seven: a 300-turn call creates, styles and lays out each of them. */}
          {`${u.speaker === 'rep' ? '销售' : '客户'} · 第${index}句 · ${clock(u.start)}–${clock(u.end)}`}
          {canAppeal && (
            <button
              type="button"
              className="tj-linkbtn"
              onClick={(e) => {
                e.stopPropagation();
                onAppealUtterance?.(u);
              }}
              data-testid="appeal-utterance"
              aria-label={`申诉第${index}句漏识别的内容`}
            >
              申诉
            </button>
          )}
          {appealPending && (
            <span className="tj-appeal-pending" data-testid="appeal-pending">
              申诉中
            </span>
          )}
        </div>
        {/* The speaker's words: user content, left out of the interface-text checks. */}
        <div data-user-content>{content}</div>
        {labels.length > 0 && (
          <div>
            {labels.map((l) => {
              const c = labelColor(l);
              return (
                <span
                  key={l}
                  className="tj-label"
                  style={{ color: c.text, borderColor: c.border, background: c.bg }}
                >
                  {labelName(l)}
                </span>
              );
            })}
          </div>
        )}
      </div>
    </div>
  );
});

/**
 * The one hover card of the timeline: details of the findings under the pointer (or the tapped
 * mark on a phone), with 申诉 for each.
 */
export function FindingHoverCard({
  anchor,
  findings,
  canAppeal,
  onAppeal,
  onEnter,
  onLeave,
  focusFirst = false,
  onClose,
}: {
  anchor: DOMRect;
  findings: Finding[];
  canAppeal: boolean;
  onAppeal: (f: Finding) => void;
  onEnter: () => void;
  onLeave: () => void;
  /** Opened from the keyboard: move the focus into the card (its first 申诉 button). */
  focusFirst?: boolean;
  onClose?: () => void;
}) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (focusFirst) (ref.current?.querySelector<HTMLElement>('button') ?? ref.current)?.focus();
  }, [focusFirst]);
  const width = Math.min(320, window.innerWidth - 16);
  const left = Math.max(8, Math.min(anchor.left, window.innerWidth - width - 8));
  const below = anchor.bottom + 6;
  const style: CSSProperties = { position: 'fixed', left, width, zIndex: 1000 };
  if (below + 200 > window.innerHeight && anchor.top > 220)
    style.bottom = window.innerHeight - anchor.top + 6;
  else style.top = below;
  return (
    <div
      ref={ref}
      className="tj-hovercard"
      style={style}
      onMouseEnter={onEnter}
      onMouseLeave={onLeave}
      onKeyDown={(e) => {
        if (e.key === 'Escape') onClose?.();
      }}
      role="dialog"
      aria-label="识别结果详情"
      tabIndex={-1}
      data-testid="hover-card"
    >
      {findings.map((f) => (
        <div key={f.id} style={{ marginBottom: 8 }}>
          <FindingDetails f={f} />
          {canAppeal && (
            <Button
              size="small"
              style={{ marginTop: 4 }}
              onClick={() => onAppeal(f)}
              data-testid="appeal-finding"
            >
              申诉此发现
            </Button>
          )}
        </div>
      ))}
    </div>
  );
}
