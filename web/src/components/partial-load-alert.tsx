import { Alert } from 'antd';
import { errorText } from '../lib/errors-zh';
import { Button } from './ui/button';

/** One part of a page that loads on its own request (a card's data). */
export interface LoadPart {
  /** What the part shows, in Chinese: 热力图, 成员指标… */
  what: string;
  error: unknown;
  reload: () => unknown;
}

/** The parts that failed, in page order; a part without an error loaded (or is loading). */
export function failedParts(parts: readonly LoadPart[]): LoadPart[] {
  return parts.filter((p) => p.error != null);
}

/**
 * A page that loaded some of its parts says which ones did not and why, with one retry for those,
 * instead of drawing their cards empty as if there were nothing to show. Nothing when all loaded.
 */
export function PartialLoadAlert({ parts }: { parts: readonly LoadPart[] }) {
  const failed = failedParts(parts);
  if (failed.length === 0) return null;
  const reasons = [...new Set(failed.map((p) => errorText(p.error)))];
  return (
    <Alert
      type="warning"
      showIcon
      data-testid="partial-load-error"
      style={{ marginBottom: 12 }}
      message={`部分内容加载失败：${failed.map((p) => p.what).join('、')}。其余内容已显示，失败部分的卡片可能为空。`}
      description={reasons.join('；')}
      action={
        <Button
          variant="primary"
          onClick={() => {
            for (const p of failed) void p.reload();
          }}
          data-testid="partial-retry"
        >
          重试
        </Button>
      }
    />
  );
}
