import { type ReactNode, Suspense, useEffect, useId, useRef, useState } from 'react';
import type { IndustryInference } from '../../lib/api';
import { canChangeIndustry, confidence, type IndustryCall, industryText, percent } from '../../lib/industry';
import { industryEvidenceName, industryName } from '../../lib/labels';
import { useSession } from '../../lib/session';
import { lazyWithAntd } from '../lazy-with-antd';
import { Alert } from '../ui/alert';
import { Button, type ButtonLook } from '../ui/button';
import { Tag } from '../ui/tag';

// The picker (antd's Modal, Radio and Select, with antd's providers) is downloaded when someone
// opens it: the call page itself draws without antd.
const IndustryPicker = lazyWithAntd(() => import('../call-industry').then((m) => m.IndustryPicker));

/** The picker, once opened: for a 待确认行业 call to start its analysis, for a scored one to rescore it. */
function LazyPicker({
  call,
  open,
  onClose,
}: {
  call: IndustryCall;
  open: boolean;
  onClose: (notice: string | null) => void;
}) {
  const [opened, setOpened] = useState(open);
  if (open && !opened) setOpened(true);
  if (!opened) return null;
  return (
    <Suspense fallback={null}>
      <IndustryPicker call={call} open={open} onClose={onClose} />
    </Suspense>
  );
}

/** A button that opens the picker; `onChanged` runs with what was done when the industry was changed. */
function PickerButton({
  call,
  onChanged,
  children,
  ...look
}: {
  call: IndustryCall;
  onChanged: (notice: string) => void;
  children: ReactNode;
  'data-testid'?: string;
} & ButtonLook) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button {...look} onClick={() => setOpen(true)}>
        {children}
      </Button>
      <LazyPicker
        call={call}
        open={open}
        onClose={(notice) => {
          setOpen(false);
          if (notice !== null) onChanged(notice);
        }}
      />
    </>
  );
}

/** Why the machine thought so: each candidate's probability and the terms that spoke for it. */
export function IndustryEvidencePanel({ inference }: { inference: IndustryInference }) {
  return (
    <div style={{ maxWidth: 360 }} data-testid="industry-evidence">
      <div className="tj-meta" style={{ marginBottom: 6 }}>
        {inference.decided
          ? `按通话中的行业词推断，置信度 ${confidence(inference.confidence)}，领先第二名 ${confidence(inference.margin)}。`
          : `证据不足或几个行业太接近（置信度 ${confidence(inference.confidence)}，领先第二名 ${confidence(inference.margin)}），需要人工确认。`}
      </div>
      {inference.candidates.length === 0 && <div>通话中没有找到任何行业词。</div>}
      {inference.candidates.map((c) => (
        <div key={c.industry} style={{ marginBottom: 6 }}>
          <b>{industryName(c.industry)}</b> <span className="tj-meta">可能性 {percent(c.probability)}</span>
          <div>
            {c.evidence.length === 0 ? (
              <span className="tj-meta">无行业词</span>
            ) : (
              c.evidence.map((e) => (
                <Tag
                  key={`${e.category}:${e.term}`}
                  bordered={false}
                  title={industryEvidenceName(e.category)}
                >
                  {e.term}
                  {e.count > 1 ? ` ×${e.count}` : ''}
                </Tag>
              ))
            )}
          </div>
        </div>
      ))}
    </div>
  );
}

/**
 * The industry's name with 行业判断依据 beside it on hover, focus-and-Enter or tap (a tap or click
 * keeps it open until Escape, another tap or a click elsewhere). A plain button and panel: antd's
 * Popover would bring antd to the call page for one line.
 */
function EvidencePopover({ text, inference }: { text: string; inference: IndustryInference }) {
  const [hover, setHover] = useState(false);
  const [pinned, setPinned] = useState(false);
  const box = useRef<HTMLSpanElement>(null);
  const panelId = useId();
  useEffect(() => {
    if (!pinned) return;
    const away = (e: PointerEvent) => {
      if (!box.current?.contains(e.target as Node)) setPinned(false);
    };
    document.addEventListener('pointerdown', away);
    return () => document.removeEventListener('pointerdown', away);
  }, [pinned]);
  const open = hover || pinned;
  return (
    // biome-ignore lint/a11y/noStaticElementInteractions: hover shows the panel; the button inside is the keyboard's way
    <span
      ref={box}
      className="tj-popover-anchor"
      onMouseEnter={() => setHover(true)}
      onMouseLeave={() => setHover(false)}
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          setPinned(false);
          setHover(false);
        }
      }}
    >
      <button
        type="button"
        className="tj-help"
        aria-expanded={open}
        aria-controls={open ? panelId : undefined}
        onClick={() => setPinned(!pinned)}
      >
        {text}
      </button>
      {open && (
        <span id={panelId} className="tj-popover">
          <span className="tj-popover-title">行业判断依据</span>
          <IndustryEvidencePanel inference={inference} />
        </span>
      )}
    </span>
  );
}

/**
 * 行业 on the call page: where it came from (the evidence on hover or tap), and for those who may
 * change it a discreet 更正行业 on a scored call.
 */
export function CallIndustry({
  call,
  onChanged,
}: {
  call: IndustryCall;
  onChanged: (notice: string) => void;
}) {
  const { me } = useSession();
  const canChange = canChangeIndustry(me, call) && (call.status === 'scored' || call.status === 'failed');
  const inf = call.industryInference;
  const text = industryText(call);
  return (
    <span data-testid="call-industry">
      行业：
      {inf ? <EvidencePopover text={text} inference={inf} /> : text}
      {canChange && (
        <>
          {' '}
          <PickerButton
            call={call}
            onChanged={onChanged}
            variant="link"
            size="small"
            data-testid="correct-industry"
          >
            更正行业
          </PickerButton>
        </>
      )}
    </span>
  );
}

/** A 待确认行业 call waits for a person: say so at the top, with a prominent 选择行业. */
export function NeedsIndustryAlert({
  call,
  onChanged,
}: {
  call: IndustryCall;
  onChanged: (notice: string) => void;
}) {
  const { me } = useSession();
  const canChange = canChangeIndustry(me, call);
  const top = call.industryInference?.candidates[0];
  return (
    <Alert
      type="warning"
      style={{ marginBottom: 12 }}
      data-testid="needs-industry"
      message={
        <>
          <div>待确认行业：无法从通话内容判断行业，这通电话在等待选择行业后才会分析和评分。</div>
          <div className="tj-meta">
            {top
              ? `最可能的是${industryName(top.industry)}（可能性 ${percent(top.probability)}），但证据不足或与其他行业太接近。`
              : '通话中没有找到任何行业词。'}
          </div>
        </>
      }
      action={
        canChange ? (
          <PickerButton call={call} onChanged={onChanged} variant="primary" data-testid="choose-industry">
            选择行业
          </PickerButton>
        ) : undefined
      }
    />
  );
}
