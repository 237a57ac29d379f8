import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const read = (name: string) =>
  readFileSync(join(import.meta.dirname, '..', '..', 'web', 'src', name), 'utf8');
const SHEETS = { 'styles.css': read('styles.css'), 'ui.css': read('ui.css') };

/** Every `box-shadow` value written out in a sheet (declarations, not custom properties). */
function shadowsOf(css: string): string[] {
  return [...css.matchAll(/(?:^|[;{\s])box-shadow:\s*([^;]+);/g)].map((m) =>
    m[1]!.replace(/\s+/g, ' ').trim(),
  );
}

describe('the two style sheets', () => {
  it("write antd's popup shadow once, as --tj-shadow-popup, and use it for the menu, popovers and notices", () => {
    const all = Object.values(SHEETS).join('\n');
    // The shadow's widest layer, as written anywhere (custom property included).
    expect(all.match(/0 9px 28px 8px rgba\(0, 0, 0, 0\.05\)/g)).toHaveLength(1);
    expect(SHEETS['ui.css']).toMatch(/--tj-shadow-popup:\s*0 6px 16px/);
    for (const [sheet, selector] of [
      ['ui.css', '.tj-menu'],
      ['ui.css', '.tj-toast'],
      ['styles.css', '.tj-popover'],
    ] as const) {
      const block = new RegExp(`\\n${selector.replace('.', '\\.')} \\{([^}]*)\\}`).exec(SHEETS[sheet])?.[1];
      expect(block, selector).toBeDefined();
      expect(shadowsOf(block!), selector).toEqual(['var(--tj-shadow-popup)']);
    }
  });
});
