/**
 * Masks personal numbers in transcript text before storage: mainland mobile numbers, 18-digit
 * resident ID numbers (身份证号) and 16-19 digit bank card numbers. Same length (each digit
 * becomes *), so finding spans stay valid. Digits spoken with spaces or dashes are caught too.
 */
const MOBILE = /(?<![0-9])1[3-9][0-9](?:[ -]?[0-9]){8}(?![0-9])/g;
const ID_CARD =
  /(?<![0-9])[1-9][0-9]{5}(?:19|20)[0-9]{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12][0-9]|3[01])[0-9]{3}[0-9Xx](?![0-9])/g;
const BANK_CARD = /(?<![0-9])[1-9](?:[ -]?[0-9]){15,18}(?![0-9])/g;

export interface MaskResult {
  text: string;
  masked: number;
}

const star = (m: string) => m.replace(/[0-9Xx]/g, '*');

export function maskPii(text: string): MaskResult {
  let masked = 0;
  const out = text
    .replace(ID_CARD, (m) => {
      masked++;
      return star(m);
    })
    .replace(BANK_CARD, (m) => {
      masked++;
      return star(m);
    })
    .replace(MOBILE, (m) => {
      masked++;
      return star(m);
    });
  return { text: out, masked };
}
