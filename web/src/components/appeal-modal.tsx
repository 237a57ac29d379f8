import {
  Alert,
  App,
  Checkbox,
  Form,
  Input,
  InputNumber,
  Modal,
  Radio,
  Select,
  Space,
  Spin,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useEffect, useMemo, useRef, useState } from 'react';
import { ApiError, api, type CallView, type Finding, type ScoreItem, type Utterance } from '../lib/api';
import { errorText } from '../lib/errors-zh';
import { type Correction, explainAppealEffect } from '../lib/explain';
import {
  categoryName,
  DIMENSION_ZH,
  DIMENSIONS,
  LABEL_ZH,
  LEXICON_CATEGORY_ZH,
  labelName,
  versionName,
} from '../lib/labels';
import { APPEAL_STATUS_ZH, EffectLine } from './effect-line';
import { FindingDetails } from './transcript';

export type AppealTarget =
  | { kind: 'finding'; finding: Finding }
  /** `phrase`: the words the rep selected in the transcript, filled in for them. */
  | { kind: 'utterance'; utterance: Utterance; phrase?: string }
  | { kind: 'score_item'; item: ScoreItem };

/** Categories a new term may take (the industry categories; lexicons/lexicon.schema.ts). */
const LEXICON_CATEGORIES = Object.keys(LEXICON_CATEGORY_ZH);

type Scores = { total: number | null; dimensions: Record<string, number | null> };
interface Effect {
  preview: { now?: Scores; ifAccepted?: Scores } | null;
}

/** POST /v1/calls/:id/appeals/preview: what filing this appeal would change, nothing stored. */
interface AppealPreview {
  itemKey: string;
  quote: string;
  correction: Record<string, unknown>;
  preview: { now: Scores; ifAccepted: Scores; lexiconVersion: string };
  existingAppeal: { id: string; status: string } | null;
}

/** Wait after the last edit before asking for a preview. */
const PREVIEW_DEBOUNCE_MS = 400;
const LIVE_STATUSES = ['open', 'in_review', 'escalated'];

const PREVIEW_ERROR_ZH: Record<number, string> = {
  400: '申诉内容有误',
  403: '无权申诉这通电话',
  404: '找不到这通电话或要申诉的内容',
  409: '这通电话当前不能申诉',
  422: '无法按此申诉计算',
};

/** Why an appeal could not be previewed or filed, in Chinese (appeal-specific where it helps). */
function appealErrorText(e: unknown): string {
  return (e instanceof ApiError ? PREVIEW_ERROR_ZH[e.status] : undefined) ?? errorText(e);
}

/** The labels a speaker's utterance can carry (spec/behaviours.md: rep behaviours, customer behaviours). */
function labelsOf(speaker: 'rep' | 'customer'): string[] {
  const all = Object.keys(LABEL_ZH);
  const customer = (l: string) => l.startsWith('objection.') || l.startsWith('need.') || l === 'question';
  return speaker === 'customer' ? all.filter(customer) : all.filter((l) => !customer(l));
}

/** Code-point span of the first occurrence of `phrase` in `text`, or null. */
export function spanOf(text: string, phrase: string): [number, number] | null {
  const i = text.indexOf(phrase);
  if (!phrase || i < 0) return null;
  const start = Array.from(text.slice(0, i)).length;
  return [start, start + Array.from(phrase).length];
}

/** 申诉: reason, proposed correction, optional lexicon change, and what the score would be if accepted. */
export function AppealModal({
  view,
  target,
  onClose,
}: {
  view: CallView;
  target: AppealTarget;
  onClose: (filed: boolean) => void;
}) {
  const { message } = App.useApp();
  const callId = view.call.id;
  const [form] = Form.useForm();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [effect, setEffect] = useState<Effect | null>(null);
  const values = Form.useWatch([], form) as Record<string, unknown> | undefined;
  const utterance =
    target.kind === 'utterance'
      ? target.utterance
      : target.kind === 'finding'
        ? view.utterances.find((u) => u.id === target.finding.utteranceId)
        : undefined;

  const body = useMemo(() => buildBody(target, values ?? {}, utterance), [target, values, utterance]);
  const bodyKey = body.ok ? JSON.stringify(body.value) : null;

  // Before filing: the evidence and the scores if accepted, for the form as it stands (debounced,
  // only once the form is valid; a stale answer is dropped when a newer request has started).
  const [preview, setPreview] = useState<AppealPreview | null>(null);
  const [previewLoading, setPreviewLoading] = useState(false);
  const [previewError, setPreviewError] = useState<string | null>(null);
  const previewSeq = useRef(0);
  const filed = effect !== null;
  useEffect(() => {
    const seq = ++previewSeq.current;
    const current = () => seq === previewSeq.current;
    if (filed || bodyKey === null) {
      setPreview(null);
      setPreviewError(null);
      setPreviewLoading(false);
      return;
    }
    setPreviewLoading(true);
    const timer = setTimeout(async () => {
      try {
        await form.validateFields({ validateOnly: true });
      } catch {
        if (current()) {
          setPreview(null);
          setPreviewError(null);
          setPreviewLoading(false);
        }
        return;
      }
      try {
        const res = await api<AppealPreview>(`/v1/calls/${callId}/appeals/preview`, {
          method: 'POST',
          body: JSON.parse(bodyKey) as unknown,
        });
        if (current()) {
          setPreview(res);
          setPreviewError(null);
        }
      } catch (e) {
        if (current()) {
          setPreview(null);
          setPreviewError(`无法预估申诉结果：${appealErrorText(e)}`);
        }
      } finally {
        if (current()) setPreviewLoading(false);
      }
    }, PREVIEW_DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [bodyKey, filed, form, callId]);
  const blocked = !filed && preview?.existingAppeal != null;

  const submit = async () => {
    await form.validateFields();
    if (blocked) return;
    if (!body.ok) {
      setError(body.error);
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const res = await api<{ appeal: { preview: Effect['preview'] } }>(`/v1/calls/${view.call.id}/appeals`, {
        method: 'POST',
        body: body.value,
      });
      message.success('申诉已提交，复核员会在时限内处理');
      // The API computes what the scores would be if the appeal is accepted (same analysis code).
      setEffect({ preview: res.appeal.preview ?? null });
    } catch (e) {
      setError(`提交失败：${appealErrorText(e)}`);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open
      title="申诉"
      okText={effect ? '完成' : '提交申诉'}
      cancelText="取消"
      onOk={() => (effect ? onClose(true) : void submit())}
      confirmLoading={busy}
      okButtonProps={{ disabled: blocked, 'data-testid': 'appeal-submit' }}
      onCancel={() => onClose(false)}
      width={560}
      destroyOnHidden
      // On the dialog itself: the modal's root element has no box of its own (its children are fixed).
      modalRender={(node) => <div data-testid="appeal-modal">{node}</div>}
    >
      {target.kind === 'finding' && <FindingDetails f={target.finding} />}
      {utterance && (
        <Typography.Paragraph style={{ background: '#fafafa', padding: 8, borderRadius: 6, marginTop: 8 }}>
          <Tag>{utterance.speaker === 'rep' ? '销售' : '客户'}</Tag>
          {utterance.text}
        </Typography.Paragraph>
      )}
      {target.kind === 'score_item' && (
        <Typography.Paragraph>
          {DIMENSION_ZH[target.item.dimension]} · <b>{target.item.label}</b>：当前{' '}
          {target.item.score === null ? '不适用' : `${target.item.score} 分`}
        </Typography.Paragraph>
      )}
      <Form
        form={form}
        layout="vertical"
        initialValues={{
          mode: 'not_finding',
          addToLexicon: false,
          ...(target.kind === 'utterance' && target.phrase ? { phrase: target.phrase } : {}),
        }}
      >
        {target.kind === 'finding' && (
          <>
            <Form.Item name="mode" label="更正建议">
              <Radio.Group>
                <Space direction="vertical">
                  <Radio value="not_finding">这不是「{labelName(target.finding.label)}」</Radio>
                  <Radio value="relabel">应为其他类别</Radio>
                  {target.finding.identified !== undefined && (
                    <Radio value="identified">
                      应判为「{target.finding.identified ? '未跟进' : '已跟进'}」
                    </Radio>
                  )}
                  {target.finding.resolved !== undefined && (
                    <Radio value="resolved">应判为「{target.finding.resolved ? '未化解' : '已化解'}」</Radio>
                  )}
                  {target.finding.accurate !== undefined && (
                    <Radio value="accurate">
                      应判为「{target.finding.accurate ? '复述不准确' : '复述准确'}」
                    </Radio>
                  )}
                </Space>
              </Radio.Group>
            </Form.Item>
            {values?.mode === 'relabel' && (
              <Form.Item name="label" label="正确类别" rules={[{ required: true, message: '请选择类别' }]}>
                <Select options={Object.entries(LABEL_ZH).map(([k, v]) => ({ value: k, label: v }))} />
              </Form.Item>
            )}
          </>
        )}
        {target.kind === 'utterance' && (
          <>
            <Form.Item
              name="phrase"
              label="漏掉的原话（从上面这句中摘取）"
              rules={[
                { required: true, message: '请填写原话' },
                {
                  validator: (_, v: string) =>
                    !v || spanOf(target.utterance.text, v)
                      ? Promise.resolve()
                      : Promise.reject(new Error('这句话里没有这段文字')),
                },
              ]}
            >
              <Input placeholder="例如：老手术室净高偏低" data-testid="appeal-phrase" />
            </Form.Item>
            <Form.Item name="label" label="应识别为" rules={[{ required: true, message: '请选择类别' }]}>
              <Select
                data-testid="appeal-label"
                virtual={false}
                options={labelsOf(target.utterance.speaker).map((k) => ({
                  value: k,
                  label: LABEL_ZH[k] ?? k,
                }))}
              />
            </Form.Item>
          </>
        )}
        {target.kind === 'score_item' && (
          <Form.Item name="score" label="应得分数" rules={[{ required: true, message: '请填写分数' }]}>
            <InputNumber min={0} max={100} data-testid="appeal-score" />
          </Form.Item>
        )}
        {target.kind !== 'score_item' && (
          <>
            <Form.Item name="addToLexicon" valuePropName="checked">
              <Checkbox data-testid="appeal-lexicon">同时建议修改词库（接受后生成变更请求）</Checkbox>
            </Form.Item>
            {values?.addToLexicon === true && (
              <Space wrap align="start">
                <Form.Item name="lexOp" label="操作" initialValue="add_synonym">
                  <Select
                    style={{ width: 140 }}
                    options={[
                      { value: 'add_synonym', label: '给词条加同义词' },
                      { value: 'add_term', label: '新增词条' },
                      { value: 'remove_term', label: '删除词条' },
                    ]}
                  />
                </Form.Item>
                <Form.Item name="lexTerm" label="词条" rules={[{ required: true, message: '请填写词条' }]}>
                  <Input style={{ width: 160 }} placeholder="手术室空间限制" data-testid="appeal-term" />
                </Form.Item>
                {values?.lexOp !== 'remove_term' && values?.lexOp !== 'add_term' && (
                  <Form.Item
                    name="lexSynonym"
                    label="同义词"
                    rules={[{ required: true, message: '请填写同义词' }]}
                  >
                    <Input style={{ width: 140 }} placeholder="净高" data-testid="appeal-synonym" />
                  </Form.Item>
                )}
                {values?.lexOp === 'add_term' && (
                  <Form.Item
                    name="lexCategory"
                    label="类别"
                    rules={[{ required: true, message: '请选择类别' }]}
                  >
                    <Select
                      style={{ width: 120 }}
                      options={LEXICON_CATEGORIES.map((c) => ({ value: c, label: categoryName(c) }))}
                    />
                  </Form.Item>
                )}
              </Space>
            )}
          </>
        )}
        <Form.Item
          name="reason"
          label="申诉理由"
          rules={[
            { required: true, message: '请填写理由' },
            { min: 2, message: '至少 2 个字' },
          ]}
        >
          <Input.TextArea rows={3} maxLength={2000} showCount data-testid="appeal-reason" />
        </Form.Item>
      </Form>
      {!filed && (preview || previewLoading || previewError) && (
        <PreviewPanel
          view={view}
          preview={preview}
          loading={previewLoading}
          error={previewError}
          scoreItem={target.kind === 'score_item'}
        />
      )}
      {effect && (
        <Alert
          type="success"
          showIcon
          data-testid="appeal-effect"
          message="申诉已提交"
          description={
            <span>
              如果申诉被接受：
              <EffectLine preview={effect.preview} />
            </span>
          }
        />
      )}
      {error && <Alert type="error" showIcon message={error} style={{ marginTop: 8 }} />}
    </Modal>
  );
}

/** The evidence the appeal quotes and 总分 + the five dimensions now → if accepted. */
function PreviewPanel({
  view,
  preview,
  loading,
  error,
  scoreItem,
}: {
  view: CallView;
  preview: AppealPreview | null;
  loading: boolean;
  error: string | null;
  scoreItem: boolean;
}) {
  const existing = preview?.existingAppeal ?? null;
  const rows = preview
    ? [
        {
          key: 'total',
          name: '总分',
          now: preview.preview.now.total,
          next: preview.preview.ifAccepted.total,
        },
        ...DIMENSIONS.map((d) => ({
          key: d,
          name: DIMENSION_ZH[d],
          now: preview.preview.now.dimensions[d] ?? null,
          next: preview.preview.ifAccepted.dimensions[d] ?? null,
        })),
      ]
    : [];
  const shown = (v: number | null, key: string) =>
    v === null ? (key === 'total' ? '—' : '不适用') : String(v);
  const changed = (r: (typeof rows)[number]) => r.now !== r.next;
  const cell = (r: (typeof rows)[number]) => ({
    style: changed(r) ? { background: '#fffbe6' } : {},
  });
  return (
    <div data-testid="appeal-estimate" style={{ marginTop: 4 }}>
      <Space size={6} style={{ marginBottom: 6 }}>
        <Typography.Text strong>提交前预估</Typography.Text>
        {loading && <Spin size="small" data-testid="appeal-estimate-loading" />}
      </Space>
      {preview && (
        <>
          <Typography.Paragraph style={{ marginBottom: 8 }}>
            <Typography.Text type="secondary">{scoreItem ? '申诉的评分项：' : '引用原文：'}</Typography.Text>
            <Typography.Text
              data-testid="appeal-estimate-quote"
              style={{
                display: 'block',
                borderLeft: '3px solid #d9d9d9',
                paddingLeft: 8,
                wordBreak: 'break-word',
              }}
            >
              {preview.quote}
            </Typography.Text>
          </Typography.Paragraph>
          <Table
            size="small"
            pagination={false}
            rowKey="key"
            dataSource={rows}
            data-testid="appeal-estimate-table"
            columns={[
              { title: '项目', dataIndex: 'name', onCell: cell },
              {
                title: '当前',
                align: 'right',
                onCell: cell,
                render: (_, r) => shown(r.now, r.key),
              },
              {
                title: '若接受',
                align: 'right',
                onCell: cell,
                render: (_, r) =>
                  changed(r) ? (
                    <b
                      style={{
                        color: r.now !== null && r.next !== null && r.next < r.now ? '#cf1322' : '#389e0d',
                      }}
                    >
                      {shown(r.next, r.key)}
                    </b>
                  ) : (
                    shown(r.next, r.key)
                  ),
              },
              {
                title: '变化',
                align: 'right',
                onCell: cell,
                render: (_, r) =>
                  !changed(r) ? (
                    <Typography.Text type="secondary">—</Typography.Text>
                  ) : r.now !== null && r.next !== null ? (
                    `${r.next > r.now ? '+' : ''}${Math.round((r.next - r.now) * 10) / 10}`
                  ) : (
                    '变化'
                  ),
              },
            ]}
          />
          <EffectReasons view={view} preview={preview} />
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            按词库
            <span title={preview.preview.lexiconVersion}>{versionName(preview.preview.lexiconVersion)}</span>
            计算，仅为预估，以复核结果为准。
          </Typography.Text>
        </>
      )}
      {existing && (
        <Alert
          type="warning"
          showIcon
          style={{ marginTop: 8 }}
          data-testid="appeal-existing"
          message={
            LIVE_STATUSES.includes(existing.status)
              ? `这一项已有申诉（${APPEAL_STATUS_ZH[existing.status]?.text ?? existing.status}），请等待处理，不能重复提交`
              : `这一项已申诉过（${APPEAL_STATUS_ZH[existing.status]?.text ?? existing.status}），决定为最终结果，不能再次申诉`
          }
        />
      )}
      {error && (
        <Alert
          type="error"
          showIcon
          style={{ marginTop: 8 }}
          message={error}
          data-testid="appeal-estimate-error"
        />
      )}
    </div>
  );
}

/** Why each changed number moves, in words; a lower total is called out before filing. */
function EffectReasons({ view, preview }: { view: CallView; preview: AppealPreview }) {
  const lines = explainAppealEffect(
    view,
    preview.correction as Correction,
    preview.preview.now,
    preview.preview.ifAccepted,
  );
  if (lines.length === 0)
    return (
      <Typography.Paragraph type="secondary" style={{ margin: '6px 0' }} data-testid="appeal-estimate-why">
        接受后各项得分不变（这条更正不影响评分，但会记录下来用于改进识别）。
      </Typography.Paragraph>
    );
  const total = lines.find((l) => l.dimension === 'total');
  return (
    <div style={{ margin: '6px 0' }} data-testid="appeal-estimate-why">
      {total && (
        <Alert
          type="warning"
          showIcon
          message={total.text}
          style={{ marginBottom: 6 }}
          data-testid="appeal-total-down"
        />
      )}
      <Typography.Text strong>为什么会变：</Typography.Text>
      <ul style={{ margin: '2px 0', paddingLeft: 20 }}>
        {lines
          .filter((l) => l.dimension !== 'total')
          .map((l) => (
            <li key={l.dimension}>{l.text}</li>
          ))}
      </ul>
    </div>
  );
}

type Built = { ok: true; value: Record<string, unknown> } | { ok: false; error: string };

/** The API body (ZFileAppeal) from the form. */
export function buildBody(target: AppealTarget, v: Record<string, unknown>, utterance?: Utterance): Built {
  const reason = typeof v.reason === 'string' ? v.reason.trim() : '';
  if (reason.length < 2) return { ok: false, error: '请填写申诉理由' };
  let lexiconChange: Record<string, unknown> | undefined;
  if (v.addToLexicon === true) {
    const term = typeof v.lexTerm === 'string' ? v.lexTerm.trim() : '';
    if (!term) return { ok: false, error: '请填写词条' };
    const op = (v.lexOp as string | undefined) ?? 'add_synonym';
    if (op === 'add_synonym') {
      const synonym = typeof v.lexSynonym === 'string' ? v.lexSynonym.trim() : '';
      if (!synonym) return { ok: false, error: '请填写同义词' };
      lexiconChange = { op, term, synonym };
    } else if (op === 'add_term') {
      if (!v.lexCategory) return { ok: false, error: '请选择词条类别' };
      lexiconChange = { op, term, category: v.lexCategory };
    } else lexiconChange = { op, term };
  }
  if (target.kind === 'score_item') {
    if (typeof v.score !== 'number') return { ok: false, error: '请填写分数' };
    return {
      ok: true,
      value: { target: 'score_item', itemId: target.item.id, proposedScore: v.score, reason },
    };
  }
  if (target.kind === 'utterance') {
    const span = utterance && typeof v.phrase === 'string' ? spanOf(utterance.text, v.phrase) : null;
    if (!span) return { ok: false, error: '请从这句话中摘取漏掉的原话' };
    if (typeof v.label !== 'string') return { ok: false, error: '请选择类别' };
    return {
      ok: true,
      value: {
        target: 'missed_finding',
        utteranceId: target.utterance.id,
        span,
        proposedLabel: v.label,
        reason,
        ...(lexiconChange ? { lexiconChange } : {}),
      },
    };
  }
  const f = target.finding;
  const mode = v.mode as string;
  const base = { target: 'finding', findingId: f.id, reason, ...(lexiconChange ? { lexiconChange } : {}) };
  if (mode === 'relabel') {
    if (typeof v.label !== 'string') return { ok: false, error: '请选择正确类别' };
    return { ok: true, value: { ...base, proposedLabel: v.label } };
  }
  if (mode === 'identified' || mode === 'resolved' || mode === 'accurate') {
    const current = f[mode] as boolean | undefined;
    return { ok: true, value: { ...base, proposedField: { field: mode, value: !current } } };
  }
  return { ok: true, value: { ...base, proposedLabel: null } };
}
