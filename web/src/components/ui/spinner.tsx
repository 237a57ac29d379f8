/** A loading ring; `label` is what screen readers hear (null inside a control that says it already). */
export function Spinner({
  size = 'default',
  label = '加载中',
}: {
  size?: 'small' | 'default' | 'large';
  label?: string | null;
}) {
  const cls = `tj-spin${size === 'default' ? '' : ` tj-spin-${size}`}`;
  if (label === null) return <span className={cls} aria-hidden="true" />;
  return <span className={cls} role="status" aria-label={label} />;
}

/** The page-sized loading state: a centred large ring. */
export function PageSpinner() {
  return (
    <div style={{ padding: 64, textAlign: 'center' }}>
      <Spinner size="large" />
    </div>
  );
}
