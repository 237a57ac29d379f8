import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LABEL_ZH, labelColor } from '../../web/src/lib/labels.js';

const CSS = readFileSync(join(import.meta.dirname, '..', '..', 'web', 'src', 'styles.css'), 'utf8');

/** WCAG 2 relative luminance of #rrggbb. */
function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => Number.parseInt(hex.slice(i, i + 2), 16) / 255);
  const lin = (c: number) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
  return 0.2126 * lin(r!) + 0.7152 * lin(g!) + 0.0722 * lin(b!);
}

function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi! + 0.05) / (lo! + 0.05);
}

/** The `color` of a CSS rule, e.g. colorOf('.tj-meta'). */
function colorOf(selector: string): string {
  const block = new RegExp(`${selector.replace('.', '\\.')}\\s*\\{([^}]*)\\}`).exec(CSS)?.[1] ?? '';
  const color = /(?:^|\s)color:\s*(#[0-9a-f]{6})/i.exec(block)?.[1];
  if (!color) throw new Error(`no color for ${selector}`);
  return color;
}

describe('text contrast (WCAG AA, 4.5:1)', () => {
  it('computes contrast as WCAG does (black on white is 21:1, the old chip green 2.2:1)', () => {
    expect(contrast('#000000', '#ffffff')).toBeCloseTo(21, 5);
    expect(contrast('#52c41a', '#f6ffed')).toBeCloseTo(2.21, 2);
  });

  it.each([...Object.keys(LABEL_ZH), 'unknown'])('the %s label chip', (label) => {
    const c = labelColor(label);
    expect(contrast(c.text, c.bg)).toBeGreaterThanOrEqual(4.5);
  });

  it.each(['#ffffff', '#f5f7fa', '#f0f6ff', '#f7f9fc'])('secondary text (.tj-meta) on %s', (bg) => {
    expect(contrast(colorOf('.tj-meta'), bg)).toBeGreaterThanOrEqual(4.5);
  });

  it('explanations (.tj-why) on their panel', () => {
    expect(contrast(colorOf('.tj-why'), '#f7f9fc')).toBeGreaterThanOrEqual(4.5);
  });
});
