import { Typography } from 'antd';
import { RetentionSettings } from '../components/retention-settings';

/** 系统设置 (admins): data protection settings, starting with the retention windows. */
export default function SettingsPage() {
  return (
    <div>
      <Typography.Title level={4} style={{ marginTop: 0 }}>
        系统设置
      </Typography.Title>
      <RetentionSettings />
    </div>
  );
}
