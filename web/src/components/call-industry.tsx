import { Alert, App, Button, Divider, Modal, Popover, Radio, Select, Space, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { api, type CallSummary, type IndustryInference } from '../lib/api';
import { errorText } from '../lib/errors-zh';
import { categoryName, INDUSTRY_SOURCE_ZH, INDUSTRY_ZH, industryName, SHARED_LEXICONS } from '../lib/labels';
import { useSession } from '../lib/session';

type IndustryCall = Pick<
  CallSummary,
  'id' | 'repId' | 'industry' | 'status' | 'industrySource' | 'industryInference'
>;

const confidence = (x: number) => x.toFixed(2);
const percent = (x: number) => `${Math.round(x * 100)}%`;

/**
 * The industry of a call as a rep reads it, with where it came from:
 * 医疗器械（推断，置信度 0.87）, 医疗器械（人工选择）, for a 待确认行业 call the best guess only, and for a
 * recording whose industry its transcript will decide, 转写后自动判断.
 */
export function industryText(call: IndustryCall): string {
  const inf = call.industryInference;
  if (call.status === 'needs_industry') {
    const top = inf?.candidates[0];
    return top
      ? `待确认（最可能：${industryName(top.industry)}，置信度 ${confidence(inf.confidence)}）`
      : '待确认';
  }
  const source = call.industrySource ?? 'given';
  // A recording sent without an industry: its transcript decides; until then the stored one is a placeholder.
  if (call.industry === null || (source === 'inferred' && !inf)) return '转写后自动判断';
  const name = industryName(call.industry);
  if (source === 'inferred' && inf) return `${name}（推断，置信度 ${confidence(inf.confidence)}）`;
  return `${name}（${INDUSTRY_SOURCE_ZH[source] ?? '来源未知'}）`;
}

/**
 * The industries a picker offers, in order: the inferred candidates (best first), then every
 * other industry of `all` (as given: the deployment's list, or the known names).
 */
export function industryChoices(
  inference: IndustryInference | null | undefined,
  all: readonly string[],
): { industry: string; probability: number | null; candidate: boolean }[] {
  const candidates = (inference?.candidates ?? []).map((c) => ({
    industry: c.industry,
    probability: c.probability,
    candidate: true,
  }));
  const seen = new Set(candidates.map((c) => c.industry));
  const rest = all
    .filter((i) => !seen.has(i))
    .sort((a, b) => industryName(a).localeCompare(industryName(b), 'zh-CN'))
    .map((industry) => ({ industry, probability: null, candidate: false }));
  return [...candidates, ...rest];
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

/** The choices of the picker: candidates as radio cards with their evidence, then all industries. */
export function IndustryChoices({
  call,
  all,
  value,
  onChange,
}: {
  call: IndustryCall;
  all: readonly string[];
  value: string | null;
  onChange: (industry: string) => void;
}) {
  const choices = industryChoices(call.industryInference, all);
  const candidates = choices.filter((c) => c.candidate);
  const others = choices.filter((c) => !c.candidate);
  const evidence = new Map((call.industryInference?.candidates ?? []).map((c) => [c.industry, c.evidence]));
  const current = call.status === 'needs_industry' ? null : call.industry;
  return (
    <div data-testid="industry-choices">
      {candidates.length > 0 && (
        <>
          <div className="tj-meta" style={{ marginBottom: 6 }}>
            按通话内容推测的行业：
          </div>
          <Radio.Group
            value={value}
            onChange={(e) => onChange(e.target.value as string)}
            style={{ width: '100%' }}
          >
            <Space direction="vertical" style={{ width: '100%' }}>
              {candidates.map((c) => (
                <Radio key={c.industry} value={c.industry} data-testid={`industry-candidate-${c.industry}`}>
                  <b>{industryName(c.industry)}</b>
                  <span className="tj-meta">
                    {' '}
                    可能性 {percent(c.probability ?? 0)}
                    {c.industry === current ? '（当前）' : ''}
                  </span>
                  <div className="tj-meta">
                    {(evidence.get(c.industry) ?? [])
                      .slice(0, 5)
                      .map((e) => e.term)
                      .join('、') || '无行业词'}
                  </div>
                </Radio>
              ))}
            </Space>
          </Radio.Group>
          <Divider plain style={{ margin: '10px 0' }}>
            或选择其他行业
          </Divider>
        </>
      )}
      <Select
        showSearch
        placeholder="全部行业"
        style={{ width: '100%' }}
        value={value && others.some((o) => o.industry === value) ? value : undefined}
        onChange={(v: string) => onChange(v)}
        optionFilterProp="label"
        options={others.map((o) => ({
          value: o.industry,
          label: `${industryName(o.industry)}${o.industry === current ? '（当前）' : ''}`,
        }))}
        data-testid="industry-select"
      />
    </div>
  );
}

/** Who may pick or correct a call's industry (the API decides; this only hides what would be refused). */
export function canChangeIndustry(
  me: { id: string; roles: readonly string[] } | null,
  call: Pick<CallSummary, 'repId'>,
): boolean {
  if (!me) return false;
  if (me.roles.some((r) => r === 'admin' || r === 'reviewer' || r === 'manager')) return true;
  return me.roles.includes('rep') && me.id === call.repId;
}

/** The deployment's industries (GET /v1/lexicons for the roles that may read it), else every known one. */
function useIndustries(enabled: boolean, canList: boolean): string[] {
  const [list, setList] = useState<string[]>(Object.keys(INDUSTRY_ZH).filter((i) => !SHARED_LEXICONS.has(i)));
  useEffect(() => {
    if (!enabled || !canList) return;
    let live = true;
    api<{ items: { industry: string; selectable?: boolean }[] }>('/v1/lexicons').then(
      // a shared base (manufacturing_base) is no industry a call can be analysed with
      (r) => {
        const selectable = r.items.filter((i) => i.selectable !== false).map((i) => i.industry);
        if (live && selectable.length > 0) setList(selectable);
      },
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [enabled, canList]);
  return list;
}

/** The picker: for a 待确认行业 call to start its analysis, for a scored one to rescore it. */
export function IndustryPicker({
  call,
  open,
  onClose,
}: {
  call: IndustryCall;
  open: boolean;
  onClose: (changed: boolean) => void;
}) {
  const { message } = App.useApp();
  const { has } = useSession();
  const all = useIndustries(open, has('admin', 'reviewer', 'manager', 'lexicon_editor'));
  const pick = call.status === 'needs_industry';
  const [value, setValue] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (open) {
      setValue(pick ? (call.industryInference?.candidates[0]?.industry ?? null) : null);
      setError(null);
    }
  }, [open, pick, call.industryInference]);
  const unchanged = !pick && value === call.industry && call.industrySource !== 'inferred';

  const submit = async () => {
    if (!value) return;
    setBusy(true);
    setError(null);
    try {
      await api(`/v1/calls/${encodeURIComponent(call.id)}/industry`, {
        method: 'PUT',
        body: { industry: value },
      });
      message.success(
        pick
          ? `已选择行业：${industryName(value)}，开始分析`
          : `已更正为${industryName(value)}，正在重新评分`,
      );
      onClose(true);
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open={open}
      title={pick ? '选择行业' : '更正行业'}
      okText={pick ? '确定并开始分析' : '更正并重新评分'}
      cancelText="取消"
      onOk={() => void submit()}
      okButtonProps={{ disabled: !value || unchanged, 'data-testid': 'industry-submit' }}
      confirmLoading={busy}
      onCancel={() => onClose(false)}
      destroyOnHidden
      modalRender={(node) => <div data-testid="industry-picker">{node}</div>}
    >
      {!pick && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 12 }}
          message="更正后，这通电话将按新行业的词库和评分卡重新评分，当前的识别结果、分数和辅导建议都会被替换。"
          data-testid="industry-rescore-warning"
        />
      )}
      <IndustryChoices call={call} all={all} value={value} onChange={setValue} />
      {unchanged && <div className="tj-meta">这已经是这通电话的行业。</div>}
      {error && <Alert type="error" showIcon message={error} style={{ marginTop: 12 }} />}
    </Modal>
  );
}

/**
 * 行业 on the call page: where it came from (the evidence on hover or tap), and for those who may
 * change it a discreet 更正行业 on a scored call.
 */
export function CallIndustry({ call, onChanged }: { call: IndustryCall; onChanged: () => void }) {
  const { me } = useSession();
  const [open, setOpen] = useState(false);
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
          <Button type="link" size="small" onClick={() => setOpen(true)} data-testid="correct-industry">
            更正行业
          </Button>
          <IndustryPicker
            call={call}
            open={open}
            onClose={(changed) => {
              setOpen(false);
              if (changed) onChanged();
            }}
          />
        </>
      )}
    </span>
  );
}

/** A 待确认行业 call waits for a person: say so at the top, with a prominent 选择行业. */
export function NeedsIndustryAlert({ call, onChanged }: { call: IndustryCall; onChanged: () => void }) {
  const { me } = useSession();
  const [open, setOpen] = useState(false);
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
          <>
            <Button type="primary" onClick={() => setOpen(true)} data-testid="choose-industry">
              选择行业
            </Button>
            <IndustryPicker
              call={call}
              open={open}
              onClose={(changed) => {
                setOpen(false);
                if (changed) onChanged();
              }}
            />
          </>
        ) : undefined
      }
    />
  );
}
