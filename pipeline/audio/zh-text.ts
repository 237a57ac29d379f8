import * as OpenCC from 'opencc-js';

let converter: ((s: string) => string) | undefined;

const CJK = '\\p{Script=Han}';
const HALF_TO_FULL: Record<string, string> = {
  ',': '，',
  '?': '？',
  '!': '！',
  ':': '：',
  ';': '；',
};

/**
 * Cleans one whisper segment into the Simplified Chinese the analysis expects: traditional →
 * simplified with Taiwan phrases (whisper's traditional output is mostly Taiwan usage: 資訊 →
 * 信息, 軟體 → 软件), half-width punctuation next to Chinese turned
 * full-width, a `.` after Chinese made `。`, the spaces whisper puts between Chinese words
 * removed, and runs of whitespace collapsed.
 */
export function toSimplifiedChinese(text: string): string {
  const convert = converter ?? OpenCC.Converter({ from: 'twp', to: 'cn' });
  converter = convert;
  let s = convert(text.normalize('NFC')).replace(/\s+/g, ' ').trim();
  // Spaces between two Chinese characters (or Chinese and Chinese punctuation) carry nothing.
  s = s.replace(new RegExp(`(?<=[${CJK}，。？！、：；])\\s+(?=[${CJK}，。？！、：；])`, 'gu'), '');
  s = s.replace(
    new RegExp(`(?<=[${CJK}])\\s*([,?!:;])\\s*`, 'gu'),
    (_m: string, p: string) => HALF_TO_FULL[p] ?? p,
  );
  s = s.replace(new RegExp(`(?<=[${CJK}])\\s*\\.(?!\\d)\\s*`, 'gu'), '。');
  return s;
}
