import { Alert, App, Button, Descriptions, Select, Space, Tabs, Typography } from 'antd';
import { useState } from 'react';
import { LearnedModelsPanel } from '../components/learned-models';
import { ChangeRequests } from '../components/lexicons/change-requests';
import { LintPanel } from '../components/lexicons/lint-panel';
import { PublishPanel } from '../components/lexicons/publish-panel';
import { problemsOf } from '../components/lexicons/term-editor';
import { TermsPanel } from '../components/lexicons/terms-panel';
import type { LexiconAction } from '../components/lexicons/types';
import { useLexicon, useRescoreRun } from '../components/lexicons/use-lexicon';
import { VersionsPanel } from '../components/lexicons/versions-panel';
import { PendingApi } from '../components/pending-api';
import { api, isMissingRoute } from '../lib/api';
import type { LexiconIndustryList } from '../lib/api-shapes';
import { INDUSTRY_ZH, versionName } from '../lib/labels';
import { useSession } from '../lib/session';
import { useLoad } from '../lib/use-api';

/** The industry list failed: the page still works on the chosen industry, and says so. */
function IndustryListAlert({ error, retry }: { error: unknown; retry: () => void }) {
  return (
    <Alert
      type="warning"
      showIcon
      style={{ marginBottom: 12 }}
      message={`行业列表加载失败，暂时只能查看当前行业：${problemsOf(error)}`}
      action={
        <Button size="small" onClick={retry}>
          重试
        </Button>
      }
      data-testid="industries-error"
    />
  );
}

export default function LexiconsPage() {
  const { has } = useSession();
  const { message } = App.useApp();
  const editor = has('lexicon_editor', 'admin');
  const industries = useLoad(() => api<LexiconIndustryList>('/v1/lexicons'), []);
  const [industry, setIndustry] = useState<string>('medical_devices');
  const { detail, versions, crs, runs } = useLexicon(industry);
  const [busy, setBusy] = useState<string | null>(null);
  const [run, setRun] = useRescoreRun(runs.reload);

  const draft = detail.data?.draft ?? null;
  const shown = draft ?? detail.data?.current ?? null;
  const inheritance = detail.data?.inheritance;
  const nameOf = (id: string) =>
    inheritance?.ancestors.find((a) => a.industry === id)?.name ??
    industries.data?.items.find((i) => i.industry === id)?.name ??
    INDUSTRY_ZH[id] ??
    id;

  if (industries.error && isMissingRoute(industries.error)) return <PendingApi what="词库管理" />;

  const reloadAll = () => {
    void detail.reload();
    void versions.reload();
    void crs.reload();
    void industries.reload();
  };
  const act: LexiconAction = async (key, f, ok) => {
    setBusy(key);
    try {
      await f();
      if (ok) message.success(ok);
      reloadAll();
    } catch (e) {
      message.error(problemsOf(e));
    } finally {
      setBusy(null);
    }
  };
  const ensureDraft = async () => {
    if (!draft) await api(`/v1/lexicons/${industry}/draft`, { method: 'POST' });
  };

  return (
    <div>
      <Typography.Title level={4} style={{ marginTop: 0 }}>
        词库管理
      </Typography.Title>
      <Space wrap style={{ marginBottom: 12 }}>
        <Select
          style={{ width: 180 }}
          aria-label="行业词库"
          value={industry}
          onChange={(i) => {
            setIndustry(i);
            setRun(null);
          }}
          // Until the list is here (or when it failed), the chosen industry still shows its name,
          // never its id.
          options={(
            industries.data?.items ?? [
              { industry, name: nameOf(industry), extends: null, selectable: true, hasDraft: false },
            ]
          ).map((i) => ({
            value: i.industry,
            // names and parents come from the server (a shared base is edited, never picked for a call)
            label: `${i.name ?? INDUSTRY_ZH[i.industry] ?? i.industry}${i.selectable === false ? '（共享基底）' : ''}${
              i.extends ? ` ← ${nameOf(i.extends)}` : ''
            }${i.hasDraft ? '（有草稿）' : ''}`,
          }))}
          data-testid="industry"
        />
        {detail.data && (
          <Descriptions size="small" column={{ xs: 1, sm: 3 }}>
            <Descriptions.Item label="当前版本">
              <span title={detail.data.current.versionId ?? undefined}>
                {versionName(detail.data.current.versionId)}
              </span>
            </Descriptions.Item>
            <Descriptions.Item label="草稿">{draft ? `第 ${draft.sequence} 版` : '无'}</Descriptions.Item>
            <Descriptions.Item label="待处理变更">{detail.data.pendingChangeRequests}</Descriptions.Item>
          </Descriptions>
        )}
      </Space>
      {industries.error ? (
        <IndustryListAlert error={industries.error} retry={() => void industries.reload()} />
      ) : null}
      {detail.error ? (
        <Alert
          type="error"
          showIcon
          message={`词库加载失败：${problemsOf(detail.error)}`}
          action={
            <Button size="small" onClick={() => void detail.reload()}>
              重试
            </Button>
          }
        />
      ) : null}
      <Tabs
        items={[
          {
            key: 'terms',
            label: draft ? '词条（草稿）' : '词条',
            children: (
              <TermsPanel
                industry={industry}
                draft={draft}
                shown={shown}
                inheritance={inheritance}
                nameOf={nameOf}
                editor={editor}
                busy={busy}
                act={act}
                ensureDraft={ensureDraft}
                reloadAll={reloadAll}
              />
            ),
          },
          {
            // The warnings of `tingjian lexicons lint` on what the tab 词条 shows (draft, else current).
            key: 'lint',
            label: '词库检查',
            children: <LintPanel industry={industry} content={shown?.lexicon ?? null} />,
          },
          {
            key: 'crs',
            label: `变更请求${detail.data?.pendingChangeRequests ? `（${detail.data.pendingChangeRequests}）` : ''}`,
            children: <ChangeRequests items={crs.data?.items ?? []} editor={editor} busy={busy} act={act} />,
          },
          {
            key: 'publish',
            label: '预览与发布',
            children: (
              <PublishPanel
                key={industry}
                industry={industry}
                hasDraft={!!draft}
                editor={editor}
                busy={busy}
                act={act}
                run={run ?? runs.data?.items[0] ?? null}
                onRun={setRun}
              />
            ),
          },
          {
            key: 'versions',
            label: '版本与回滚',
            children: (
              <VersionsPanel
                key={industry}
                industry={industry}
                versions={versions.data?.items ?? []}
                currentSequence={detail.data?.current.sequence}
                hasDraft={!!draft}
                editor={editor}
                act={act}
                onRun={setRun}
              />
            ),
          },
          // Not per industry: one learned model serves every industry.
          { key: 'models', label: '学习模型', children: <LearnedModelsPanel canTrain={editor} /> },
        ]}
      />
    </div>
  );
}
