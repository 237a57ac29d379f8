import { Alert, Form, Input, InputNumber, Modal, Select } from 'antd';
import { useEffect, useState } from 'react';
import { ApiError } from '../../lib/api';
import { errorText } from '../../lib/errors-zh';
import { LEXICON_CATEGORY_ZH } from '../../lib/labels';
import type { Term } from './types';

/** The draft's inline validation, before the server's (which has the last word). */
const TERM_RULE = /^[\p{Script=Han}A-Za-z0-9+\-·.%]+$/u;
function termProblem(s: string): string | null {
  if (!s) return '不能为空';
  if (Array.from(s).length > 24) return '最多 24 个字';
  if (!TERM_RULE.test(s)) return '只能包含汉字、英文字母、数字和 + - · . %';
  return null;
}

/**
 * A lexicon request's failure in Chinese. The server's problems are English sentences for
 * operators; the editor gets the code's message and the terms the problems name.
 */
export function problemsOf(e: unknown): string {
  const problems = (e instanceof ApiError ? e.details : undefined) as
    | { problems?: { path?: string; message: string }[] }
    | undefined;
  const terms = [
    ...new Set(
      (problems?.problems ?? []).flatMap((p) => [...p.message.matchAll(/"([^"]+)"/g)].map((m) => m[1]!)),
    ),
  ];
  const count = problems?.problems?.length ?? 0;
  return [
    errorText(e),
    count > 0 ? `共 ${count} 处问题` : '',
    terms.length > 0 ? `涉及：${terms.map((t) => `「${t}」`).join('、')}` : '',
  ]
    .filter(Boolean)
    .join('；');
}

export function TermEditor({
  open,
  initial,
  override,
  categories,
  onCancel,
  onSave,
}: {
  open: boolean;
  initial: Term | null;
  /** Name of the parent lexicon whose term `initial` overrides in this industry. */
  override?: string | undefined;
  categories: string[];
  onCancel: () => void;
  onSave: (t: Term) => Promise<void>;
}) {
  const [form] = Form.useForm();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (open) {
      form.setFieldsValue({
        term: initial?.term ?? '',
        category: initial?.category ?? 'need',
        synonyms: initial?.synonyms ?? [],
        weight: initial?.weight,
        note: initial?.note,
      });
      setError(null);
    }
  }, [open, initial, form]);
  return (
    <Modal
      open={open}
      title={
        override && initial
          ? `在本行业覆盖「${initial.term}」（继承自 ${override}，父词库不变）`
          : initial
            ? `编辑词条「${initial.term}」`
            : '新增词条'
      }
      okText="保存"
      cancelText="取消"
      confirmLoading={busy}
      onCancel={onCancel}
      onOk={async () => {
        const v = (await form.validateFields()) as Term;
        setBusy(true);
        setError(null);
        try {
          await onSave({
            term: v.term.trim(),
            category: v.category,
            ...(v.synonyms?.length ? { synonyms: v.synonyms.map((s) => s.trim()) } : {}),
            ...(v.weight ? { weight: v.weight } : {}),
            ...(v.note ? { note: v.note } : {}),
            // the form has no tag-label field: an overridden tag term keeps its label
            ...(override && v.category === 'tag' && initial?.tag ? { tag: initial.tag } : {}),
          });
        } catch (e) {
          setError(problemsOf(e));
        } finally {
          setBusy(false);
        }
      }}
    >
      <Form form={form} layout="vertical">
        <Form.Item
          name="term"
          label="词条"
          rules={[
            {
              validator: (_, v: string) =>
                termProblem(v ?? '') ? Promise.reject(new Error(termProblem(v ?? '')!)) : Promise.resolve(),
            },
          ]}
        >
          <Input disabled={!!initial} data-testid="term-input" />
        </Form.Item>
        <Form.Item name="category" label="类别" rules={[{ required: true }]}>
          <Select options={categories.map((c) => ({ value: c, label: LEXICON_CATEGORY_ZH[c] ?? c }))} />
        </Form.Item>
        <Form.Item
          name="synonyms"
          label="同义词（回车添加）"
          rules={[
            {
              validator: (_, v: string[] | undefined) => {
                const bad = (v ?? []).map((s) => [s, termProblem(s)] as const).find(([, p]) => p);
                return bad ? Promise.reject(new Error(`「${bad[0]}」${bad[1]}`)) : Promise.resolve();
              },
            },
          ]}
        >
          <Select mode="tags" tokenSeparators={[',', '，', '、']} open={false} data-testid="synonyms-input" />
        </Form.Item>
        <Form.Item name="weight" label="权重（0.1-5，默认 1）">
          <InputNumber min={0.1} max={5} step={0.5} />
        </Form.Item>
        <Form.Item name="note" label="备注">
          <Input maxLength={200} />
        </Form.Item>
      </Form>
      {error && <Alert type="error" showIcon message={error} data-testid="term-error" />}
    </Modal>
  );
}
