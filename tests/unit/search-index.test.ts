import { describe, expect, it } from 'vitest';
import { distinctSearchText } from '../../services/intake/search-index.js';

describe('distinctSearchText', () => {
  it.each([
    { text: '', out: '' },
    { text: '价格 太 贵 了 价格 太 贵', out: '价格 太 贵 了' },
    { text: '排班 系统 排班 系统 的 系统', out: '排班 系统 的' },
    // Latin words and numbers stay where they stand, and so does the word after each.
    { text: 'CRM 系统 CRM 系统 crm', out: 'CRM 系统 CRM 系统 crm' },
    { text: '报价 3 万 报价 3 万', out: '报价 3 万 3 万' },
    // 号 is a repeat, but it follows 138: leaving it out would join 138 and 0013.
    { text: '号 138 号 0013 号 8000', out: '号 138 号 0013 号 8000' },
    { text: '号 码 138 码 号 0013', out: '号 码 138 码 0013' },
    { text: '  双  空格  双 ', out: '双 空格' },
  ])('$text → $out', ({ text, out }) => {
    expect(distinctSearchText(text)).toBe(out);
  });

  it('keeps every word of the text, each at least once', () => {
    const text = '您好 请问 贵司 现在 用 的 是 什么 系统 我们 的 系统 支持 排班 您好 系统';
    const out = distinctSearchText(text);
    expect(new Set(out.split(' '))).toEqual(new Set(text.split(' ')));
    expect(out.split(' ')).toHaveLength(new Set(text.split(' ')).size);
  });
});
