import { describe, expect, it } from 'vitest';
import { maskPii } from '../../pipeline/nlp/pii.js';

describe('PII masking', () => {
  it.each([
    ['我手机是13812345678，加我微信', '我手机是***********，加我微信', 1],
    ['电话 138-1234-5678 随时打', '电话 ***-****-**** 随时打', 1],
    ['身份证110105199001011234', '身份证******************', 1],
    ['尾号X的身份证11010519900101123X', '尾号X的身份证******************', 1],
    ['卡号6222 0212 3456 7890 123', '卡号**** **** **** **** ***', 1],
    ['一年两千三百台，报价68万，十二家店', '一年两千三百台，报价68万，十二家店', 0],
    ['订单号2026050112，五月十二号', '订单号2026050112，五月十二号', 0],
  ])('%s', (input, expected, count) => {
    const r = maskPii(input);
    expect(r.text).toBe(expected);
    expect(r.masked).toBe(count);
    expect([...r.text].length).toBe([...input].length);
  });
});
