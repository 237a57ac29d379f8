import type { ReactNode } from 'react';

/** A horizontal rule with a caption in the middle (antd's plain Divider). */
export function Divider({ children }: { children: ReactNode }) {
  return (
    // biome-ignore lint/a11y/useSemanticElements: an <hr> cannot hold its caption
    <div className="tj-divider" role="separator">
      {children}
    </div>
  );
}
