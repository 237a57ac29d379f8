import { Checkbox, Form, Input, InputNumber, Radio, Select, Space } from 'antd';
import type { Finding, Utterance } from '../../lib/api';
import { categoryName, LABEL_ZH, LEXICON_CATEGORY_ZH, labelName } from '../../lib/labels';
import { type AppealTarget, spanOf } from './appeal-body';

/** Categories a new term may take (the industry categories; lexicons/lexicon.schema.ts). */
const LEXICON_CATEGORIES = Object.keys(LEXICON_CATEGORY_ZH);

type Values = Record<string, unknown> | undefined;

/** The labels a speaker's utterance can carry (spec/behaviours.md: rep behaviours, customer behaviours). */
function labelsOf(speaker: 'rep' | 'customer'): string[] {
  const all = Object.keys(LABEL_ZH);
  const customer = (l: string) => l.startsWith('objection.') || l.startsWith('need.') || l === 'question';
  return speaker === 'customer' ? all.filter(customer) : all.filter((l) => !customer(l));
}

/** A finding: not this label, another label, or the opposite of its yes/no judgement. */
function FindingFields({ finding, values }: { finding: Finding; values: Values }) {
  return (
    <>
      <Form.Item name="mode" label="更正建议">
        <Radio.Group>
          <Space direction="vertical">
            <Radio value="not_finding">这不是「{labelName(finding.label)}」</Radio>
            <Radio value="relabel">应为其他类别</Radio>
            {finding.identified !== undefined && (
              <Radio value="identified">应判为「{finding.identified ? '未跟进' : '已跟进'}」</Radio>
            )}
            {finding.resolved !== undefined && (
              <Radio value="resolved">应判为「{finding.resolved ? '未化解' : '已化解'}」</Radio>
            )}
            {finding.accurate !== undefined && (
              <Radio value="accurate">应判为「{finding.accurate ? '复述不准确' : '复述准确'}」</Radio>
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
  );
}

/** A missed finding: the words of the turn and the label they should have had. */
function MissedFields({ utterance }: { utterance: Utterance }) {
  return (
    <>
      <Form.Item
        name="phrase"
        label="漏掉的原话（从上面这句中摘取）"
        rules={[
          { required: true, message: '请填写原话' },
          {
            validator: (_, v: string) =>
              !v || spanOf(utterance.text, v)
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
          options={labelsOf(utterance.speaker).map((k) => ({
            value: k,
            label: LABEL_ZH[k] ?? k,
          }))}
        />
      </Form.Item>
    </>
  );
}

/** The optional lexicon change an accepted appeal turns into a change request. */
function LexiconFields({ values }: { values: Values }) {
  return (
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
            <Form.Item name="lexSynonym" label="同义词" rules={[{ required: true, message: '请填写同义词' }]}>
              <Input style={{ width: 140 }} placeholder="净高" data-testid="appeal-synonym" />
            </Form.Item>
          )}
          {values?.lexOp === 'add_term' && (
            <Form.Item name="lexCategory" label="类别" rules={[{ required: true, message: '请选择类别' }]}>
              <Select
                style={{ width: 120 }}
                options={LEXICON_CATEGORIES.map((c) => ({ value: c, label: categoryName(c) }))}
              />
            </Form.Item>
          )}
        </Space>
      )}
    </>
  );
}

/** The fields of the appeal form for its target, then the reason. */
export function AppealFields({ target, values }: { target: AppealTarget; values: Values }) {
  return (
    <>
      {target.kind === 'finding' && <FindingFields finding={target.finding} values={values} />}
      {target.kind === 'utterance' && <MissedFields utterance={target.utterance} />}
      {target.kind === 'score_item' && (
        <Form.Item name="score" label="应得分数" rules={[{ required: true, message: '请填写分数' }]}>
          <InputNumber min={0} max={100} data-testid="appeal-score" />
        </Form.Item>
      )}
      {target.kind !== 'score_item' && <LexiconFields values={values} />}
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
    </>
  );
}
