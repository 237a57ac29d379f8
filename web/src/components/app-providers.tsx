import { App as AntApp, ConfigProvider } from 'antd';
import zhCN from 'antd/locale/zh_CN';
import type { ReactNode } from 'react';
import { observeIconLabels } from '../lib/icon-labels';

// antd's glyphs would name themselves in English to screen readers (see lib/icon-labels.ts); set
// up when antd first loads, with the first page or part that draws with it.
if (typeof document !== 'undefined') observeIconLabels();

/** Ant Design in Simplified Chinese with the product's theme: around the app, and around components in tests. */
export function AppProviders({ children }: { children: ReactNode }) {
  return (
    <ConfigProvider
      locale={zhCN}
      button={{ autoInsertSpace: false }}
      theme={{
        token: {
          colorPrimary: '#1d5fd6',
          // WCAG AA (4.5:1) for text on white and on the grey fills: links and info follow the
          // primary blue (antd derives them from its own #1677ff, 4.1:1), secondary text, labels and
          // placeholders are darker than antd's 45 % / 25 % black, error text is red-7.
          colorLink: '#1d5fd6',
          colorInfo: '#1d5fd6',
          colorTextDescription: 'rgba(0, 0, 0, 0.62)',
          colorTextTertiary: 'rgba(0, 0, 0, 0.62)',
          colorTextPlaceholder: 'rgba(0, 0, 0, 0.55)',
          colorError: '#cf1322',
          borderRadius: 6,
        },
        components: {
          // Tags draw palette shade 7 (or the status colour) on shade 1: 2.2-4.4:1. Shade 8-9 text
          // on the same light fill reaches 4.5:1.
          Tag: {
            colorSuccess: '#237804',
            colorWarning: '#874d00',
            colorError: '#a8071a',
            colorInfo: '#0958d9',
            green7: '#237804',
            volcano7: '#ad2102',
            orange7: '#ad4e00',
            gold7: '#874d00',
            red7: '#a8071a',
            cyan7: '#006d75',
            lime7: '#3f6600',
            magenta7: '#9e1068',
            purple7: '#391085',
            yellow7: '#614700',
          },
        },
      }}
    >
      <AntApp>{children}</AntApp>
    </ConfigProvider>
  );
}
