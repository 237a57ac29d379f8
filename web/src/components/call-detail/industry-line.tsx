import { Alert, Button, type ButtonProps, Popover, Tag, Typography } from 'antd';
import { lazy, Suspense, useState } from 'react';
import type { IndustryInference } from '../../lib/api';
import { canChangeIndustry, confidence, type IndustryCall, industryText, percent } from '../../lib/industry';
import { categoryName, industryName } from '../../lib/labels';
import { useSession } from '../../lib/session';

// The picker (antd's Modal, Radio and Select) is downloaded when someone opens it.
const IndustryPicker = lazy(() => import('../call-industry').then((m) => ({ default: m.IndustryPicker })));

/** The picker, once opened: for a 待确认行业 call to start its analysis, for a scored one to rescore it. */
function LazyPicker({
  call,
  open,
  onClose,
}: {
  call: IndustryCall;
  open: boolean;
  onClose: (changed: boolean) => void;
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

/** A button that opens the picker; `onChanged` runs when the industry was changed. */
function PickerButton({
  call,
  onChanged,
  children,
  ...button
}: { call: IndustryCall; onChanged: () => void } & Omit<ButtonProps, 'onClick'>) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button {...button} onClick={() => setOpen(true)}>
        {children}
      </Button>
      <LazyPicker
        call={call}
        open={open}
        onClose={(changed) => {
          setOpen(false);
          if (changed) onChanged();
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
                <Tag key={`${e.category}:${e.term}`} bordered={false} title={categoryName(e.category)}>
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
 * 行业 on the call page: where it came from (the evidence on hover or tap), and for those who may
 * change it a discreet 更正行业 on a scored call.
 */
export function CallIndustry({ call, onChanged }: { call: IndustryCall; onChanged: () => void }) {
  const { me } = useSession();
  const canChange = canChangeIndustry(me, call) && (call.status === 'scored' || call.status === 'failed');
  const inf = call.industryInference;
  const text = industryText(call);
  return (
    <span data-testid="call-industry">
      行业：
      {inf ? (
        <Popover
          content={<IndustryEvidencePanel inference={inf} />}
          title="行业判断依据"
          trigger={['hover', 'click']}
        >
          <Typography.Text style={{ borderBottom: '1px dashed #8c8c8c', cursor: 'help' }} tabIndex={0}>
            {text}
          </Typography.Text>
        </Popover>
      ) : (
        text
      )}
      {canChange && (
        <>
          {' '}
          <PickerButton
            call={call}
            onChanged={onChanged}
            type="link"
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
export function NeedsIndustryAlert({ call, onChanged }: { call: IndustryCall; onChanged: () => void }) {
  const { me } = useSession();
  const canChange = canChangeIndustry(me, call);
  const top = call.industryInference?.candidates[0];
  return (
    <Alert
      type="warning"
      showIcon
      style={{ marginBottom: 12 }}
      data-testid="needs-industry"
      message="待确认行业：无法从通话内容判断行业，这通电话在等待选择行业后才会分析和评分。"
      description={
        top
          ? `最可能的是${industryName(top.industry)}（可能性 ${percent(top.probability)}），但证据不足或与其他行业太接近。`
          : '通话中没有找到任何行业词。'
      }
      action={
        canChange ? (
          <PickerButton call={call} onChanged={onChanged} type="primary" data-testid="choose-industry">
            选择行业
          </PickerButton>
        ) : undefined
      }
    />
  );
}
