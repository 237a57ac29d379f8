import { useEffect, useId, useRef, useState } from 'react';
import type { CallStatus } from '../../lib/api';
import { STATUS_ZH, tagName } from '../../lib/labels';
import { Icon } from '../ui/icons';

/** A native select in antd's look whose empty choice is the filter's name (所有…). */
function FilterSelect({
  label,
  empty,
  value,
  options,
  onChange,
  width,
}: {
  label: string;
  empty: string;
  value: string | undefined;
  options: { value: string; label: string }[];
  onChange: (v: string | undefined) => void;
  width: number;
}) {
  return (
    <select
      className={`tj-select${value ? '' : ' tj-select-empty'}`}
      aria-label={label}
      style={{ width }}
      value={value ?? ''}
      onChange={(e) => onChange(e.target.value || undefined)}
    >
      <option value="">{empty}</option>
      {options.map((o) => (
        <option key={o.value} value={o.value}>
          {o.label}
        </option>
      ))}
    </select>
  );
}

/**
 * The managers' rep filter: typing narrows the team's reps (a native list of suggestions), picking
 * a name filters; emptying the field shows every rep's calls.
 */
function RepFilter({
  value,
  reps,
  onRep,
}: {
  value: string | undefined;
  reps: { repId: string; name: string }[];
  onRep: (v: string | undefined) => void;
}) {
  const listId = useId();
  const nameOf = (id: string | undefined) => (id ? (reps.find((r) => r.repId === id)?.name ?? id) : '');
  const [text, setText] = useState(nameOf(value));
  const shown = useRef(value);
  // A filter set from outside (a link from the team page carries ?rep=) shows its name, also when
  // the names arrive after it; what the user typed stays while the filter itself is unchanged.
  // biome-ignore lint/correctness/useExhaustiveDependencies: nameOf reads reps, listed
  useEffect(() => {
    if (value) setText(nameOf(value));
    else if (shown.current !== value) setText('');
    shown.current = value;
  }, [value, reps]);
  // A whole name typed before the names arrived filters as soon as they are here.
  // biome-ignore lint/correctness/useExhaustiveDependencies: only the names' arrival matters
  useEffect(() => {
    if (value || text === '') return;
    const rep = reps.find((r) => r.name === text || r.repId === text);
    if (rep) onRep(rep.repId);
  }, [reps]);
  return (
    <>
      <input
        type="search"
        className="tj-input"
        style={{ width: 150 }}
        list={listId}
        placeholder="销售（可搜索）"
        aria-label="按销售筛选"
        data-testid="rep-filter"
        value={text}
        onChange={(e) => {
          const typed = e.target.value;
          setText(typed);
          if (typed === '') onRep(undefined);
          const rep = reps.find((r) => r.name === typed || r.repId === typed);
          if (rep && rep.repId !== value) onRep(rep.repId);
        }}
      />
      <datalist id={listId}>
        {reps.map((r) => (
          <option key={r.repId} value={r.name} />
        ))}
      </datalist>
    </>
  );
}

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
  const [q, setQ] = useState('');
  return (
    <div className="tj-row" style={{ marginBottom: 12 }}>
      <FilterSelect
        label="按状态筛选"
        empty="全部状态"
        width={120}
        value={status}
        onChange={(v) => onStatus(v as CallStatus | undefined)}
        options={Object.entries(STATUS_ZH).map(([k, v]) => ({ value: k, label: v.text }))}
      />
      <FilterSelect
        label="按标签筛选"
        empty="全部标签"
        width={120}
        value={tag}
        onChange={onTag}
        options={tags.map((t) => ({ value: t, label: tagName(t) }))}
      />
      {showRepFilter && <RepFilter value={repFilter} reps={reps} onRep={onRep} />}
      <form
        className="tj-search"
        style={{ width: mobile ? 200 : 240 }}
        onSubmit={(e) => {
          e.preventDefault();
          onSearch(q.trim() || undefined);
        }}
      >
        <input
          type="search"
          className="tj-input"
          placeholder="搜索通话内容"
          aria-label="搜索通话内容"
          value={q}
          onChange={(e) => {
            setQ(e.target.value);
            // Cleared (the field's own ✕ or select-all + delete): every call again.
            if (e.target.value === '') onSearch(undefined);
          }}
        />
        <button type="submit" className="tj-btn" aria-label="搜索">
          <Icon name="search" />
        </button>
      </form>
    </div>
  );
}
