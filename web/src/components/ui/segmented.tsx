/** One choice of a Segmented. */
export interface SegmentedOption<T extends string> {
  value: T;
  label: string;
}

/**
 * A few exclusive choices side by side, in antd Segmented's look without antd: a group of toggle
 * buttons, the chosen one pressed (each is its own tab stop; two or three need no arrow keys).
 */
export function Segmented<T extends string>({
  value,
  options,
  onChange,
  'aria-label': ariaLabel,
  'data-testid': testId,
}: {
  value: T | undefined;
  options: readonly SegmentedOption<T>[];
  onChange: (value: T) => void;
  'aria-label'?: string;
  'data-testid'?: string;
}) {
  return (
    <fieldset className="tj-segmented" aria-label={ariaLabel} data-testid={testId}>
      {options.map((o) => (
        <button
          key={o.value}
          type="button"
          aria-pressed={o.value === value}
          className={o.value === value ? 'tj-segmented-item tj-segmented-selected' : 'tj-segmented-item'}
          onClick={() => onChange(o.value)}
        >
          {o.label}
        </button>
      ))}
    </fieldset>
  );
}
