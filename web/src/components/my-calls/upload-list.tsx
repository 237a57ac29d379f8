import { Alert, List, Progress, Space, Steps, Typography } from 'antd';
import { Link } from 'react-router-dom';
import type { CallStatus } from '../../lib/api';
import { failureText } from '../../lib/errors-zh';
import { STATUS_ZH } from '../../lib/labels';
import { StatusTag } from './call-status';
import type { Tracked } from './use-single-uploads';

const STEPS: CallStatus[] = ['received', 'queued', 'analyzing', 'scored'];

/** The page's single uploads: progress, then the pipeline's steps, the failure or 待确认行业. */
export function UploadList({ tracked, mobile }: { tracked: Tracked[]; mobile: boolean }) {
  if (tracked.length === 0) return null;
  return (
    <List
      size="small"
      style={{ marginTop: 12 }}
      dataSource={tracked}
      data-testid="uploads"
      renderItem={(t) => (
        <List.Item>
          <div style={{ width: '100%' }}>
            <Space wrap>
              <Typography.Text strong>{t.name.replace(/#\d+$/, '')}</Typography.Text>
              {t.status && <StatusTag status={t.status} />}
              {t.callId && t.status === 'scored' && <Link to={`/calls/${t.callId}`}>查看详情</Link>}
            </Space>
            {t.error ? (
              <Alert type="error" showIcon message={t.error} style={{ marginTop: 6 }} />
            ) : (
              <UploadState t={t} mobile={mobile} />
            )}
          </div>
        </List.Item>
      )}
    />
  );
}

function UploadState({ t, mobile }: { t: Tracked; mobile: boolean }) {
  return (
    <>
      <Progress
        percent={Math.round(t.progress * 100)}
        size="small"
        status={t.progress < 1 ? 'active' : 'success'}
      />
      {t.status === 'needs_industry' && t.callId && (
        <Alert
          type="warning"
          showIcon
          style={{ marginTop: 6 }}
          message="无法从通话内容判断行业：选择行业后才会分析和评分"
          action={<Link to={`/calls/${t.callId}`}>选择行业</Link>}
          data-testid="upload-needs-industry"
        />
      )}
      {t.status && t.status !== 'failed' && t.status !== 'needs_industry' && (
        <Steps
          size="small"
          responsive={false}
          current={Math.max(
            0,
            STEPS.indexOf(
              t.status === 'transcribing' ? 'analyzing' : t.status === 'rescoring' ? 'analyzing' : t.status,
            ),
          )}
          status={t.status === 'scored' ? 'finish' : 'process'}
          items={STEPS.map((s) => ({ title: mobile ? undefined : STATUS_ZH[s].text }))}
        />
      )}
      {t.status === 'failed' && (
        <Alert
          type="error"
          showIcon
          message={<span title={t.failureReason ?? undefined}>{failureText(t.failureReason)}</span>}
        />
      )}
    </>
  );
}
