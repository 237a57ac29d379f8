import { Alert, Divider, Modal, Radio, Select, Space } from 'antd';
import { useEffect, useState } from 'react';
import { api } from '../lib/api';
import type { LexiconIndustryList } from '../lib/api-shapes';
import { errorText } from '../lib/errors-zh';
import { type IndustryCall, industryChoices, percent } from '../lib/industry';
import { INDUSTRY_ZH, industryName, SHARED_LEXICONS } from '../lib/labels';
import { useSession } from '../lib/session';

// The industry picker (a modal with radio cards and a searchable select) loads when opened: the
// call page shows only the industry line (components/call-detail/industry-line.tsx).
export { canChangeIndustry, industryChoices, industryText } from '../lib/industry';
export { IndustryEvidencePanel } from './call-detail/industry-line';

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

/** The deployment's industries (GET /v1/lexicons for the roles that may read it), else every known one. */
function useIndustries(enabled: boolean, canList: boolean): string[] {
  const [list, setList] = useState<string[]>(Object.keys(INDUSTRY_ZH).filter((i) => !SHARED_LEXICONS.has(i)));
  useEffect(() => {
    if (!enabled || !canList) return;
    let live = true;
    api<LexiconIndustryList>('/v1/lexicons').then(
      // a shared base (manufacturing_base) is no industry a call can be analysed with
      (r) => {
        const selectable = r.items.filter((i) => i.selectable).map((i) => i.industry);
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
  /** `notice`: what was done, in words, when the industry was changed; null when cancelled. */
  onClose: (notice: string | null) => void;
}) {
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
      // Said by the call page (its own toast): the button that opened this picker, and antd's
      // providers loaded with it, go away as the call's status changes.
      onClose(
        pick
          ? `已选择行业：${industryName(value)}，开始分析`
          : `已更正为${industryName(value)}，正在重新评分`,
      );
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
      onCancel={() => onClose(null)}
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
