/**
 * The numbers of a chart as a table for screen readers (not drawn): a canvas says nothing to
 * assistive technology, so every chart carries one.
 */
export function ChartTable({
  caption,
  columns,
  rows,
}: {
  caption: string;
  /** Column headers after the row header's. */
  columns: string[];
  rows: { name: string; cells: (string | number | null)[] }[];
}) {
  return (
    <table className="tj-sr-only">
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">项目</th>
          {columns.map((c) => (
            <th key={c} scope="col">
              {c}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.name}>
            <th scope="row">{r.name}</th>
            {r.cells.map((c, i) => (
              <td key={columns[i] ?? i}>{c === null ? '无数据' : c}</td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
