import type { ReactNode } from 'react';

/**
 * A list in antd's small List look (rows with a hairline between, actions at the right), without
 * antd's List: that one brings Pagination, whose page-size Select brings rc-select and its virtual
 * list, to every page showing a list. Empty, it says 暂无数据 as antd's Chinese locale does.
 */
export function List<T>({
  items,
  render,
  itemKey,
  ...rest
}: {
  items: readonly T[];
  render: (item: T, index: number) => ReactNode;
  itemKey: (item: T, index: number) => string;
  'data-testid'?: string;
}) {
  if (items.length === 0)
    return (
      <div className="tj-list-empty" {...rest}>
        暂无数据
      </div>
    );
  return (
    <ul className="tj-list" {...rest}>
      {items.map((item, i) => (
        <li key={itemKey(item, i)} className="tj-list-item">
          {render(item, i)}
        </li>
      ))}
    </ul>
  );
}

/** A row's content with its actions at the right (antd's List.Item `actions`). */
export function ListRow({ children, actions }: { children: ReactNode; actions?: ReactNode }) {
  return (
    <>
      <div className="tj-list-main">{children}</div>
      {actions && <div className="tj-list-actions">{actions}</div>}
    </>
  );
}
