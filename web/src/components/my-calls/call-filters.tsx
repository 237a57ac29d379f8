import { Input, Select, Space } from 'antd';
import type { CallStatus } from '../../lib/api';
import { STATUS_ZH, tagName } from '../../lib/labels';

/** Status, tag, rep (managers) and full-text filters of the call list. */
export function CallFilterBar({
  status,
  tag,
  repFilter,
  tags,
  reps,
  showRepFilter,
  mobile,
  onStatus,
  onTag,
  onRep,
  onSearch,
}: {
  status: CallStatus | undefined;
  tag: string | undefined;
  repFilter: string | undefined;
  tags: string[];
  reps: { repId: string; name: string }[];
  showRepFilter: boolean;
  mobile: boolean;
  onStatus: (v: CallStatus | undefined) => void;
  onTag: (v: string | undefined) => void;
  onRep: (v: string | undefined) => void;
  onSearch: (q: string | undefined) => void;
}) {
  return (
    <Space wrap style={{ marginBottom: 12 }}>
      <Select
        allowClear
        placeholder="状态"
        aria-label="按状态筛选"
        style={{ width: 120 }}
        value={status}
        onChange={onStatus}
        options={Object.entries(STATUS_ZH).map(([k, v]) => ({ value: k, label: v.text }))}
      />
      <Select
        allowClear
        placeholder="标签"
        aria-label="按标签筛选"
        style={{ width: 120 }}
        value={tag}
        onChange={onTag}
        options={tags.map((t) => ({ value: t, label: tagName(t) }))}
      />
      {showRepFilter && (
        <Select
          allowClear
          showSearch
          optionFilterProp="label"
          placeholder="销售（可搜索）"
          style={{ width: 150 }}
          value={repFilter}
          onChange={(v?: string) => onRep(v)}
          options={reps.map((r) => ({ value: r.repId, label: r.name }))}
          aria-label="按销售筛选"
          data-testid="rep-filter"
        />
      )}
      <Input.Search
        allowClear
        placeholder="搜索通话内容"
        style={{ width: mobile ? 200 : 240 }}
        onSearch={(v) => onSearch(v.trim() || undefined)}
      />
    </Space>
  );
}
