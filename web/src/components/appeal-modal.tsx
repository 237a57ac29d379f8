import { Alert, Form, Modal, Tag, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { api, type CallView } from '../lib/api';
import type { AppealEnvelope } from '../lib/api-shapes';
import { DIMENSION_ZH } from '../lib/labels';
import { type AppealTarget, buildBody } from './appeal/appeal-body';
import { AppealFields } from './appeal/appeal-fields';
import { PreviewPanel } from './appeal/appeal-preview';
import { appealErrorText, useAppealPreview } from './appeal/use-appeal-preview';
import { type Appeal, EffectLine } from './effect-line';
import { FindingDetails } from './transcript';

export { type AppealTarget, buildBody, spanOf } from './appeal/appeal-body';

/** The filed appeal's scores now and if accepted (null for an appeal stored without them). */
type Effect = Pick<Appeal, 'preview'>;

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

  const filed = effect !== null;
  const {
    preview,
    loading: previewLoading,
    error: previewError,
  } = useAppealPreview(form, callId, bodyKey, filed);
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
      const res = await api<AppealEnvelope>(`/v1/calls/${view.call.id}/appeals`, {
        method: 'POST',
        body: body.value,
      });
      // The API computes what the scores would be if the appeal is accepted (same analysis code).
      setEffect({ preview: res.appeal.preview });
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
      // Closed with × or Esc after filing, the appeal is filed all the same: the page says so.
      onCancel={() => onClose(effect !== null)}
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
        <AppealFields target={target} values={values} />
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
