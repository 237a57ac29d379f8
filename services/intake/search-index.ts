/** A character that makes a word part of a number or code (phone, ID card, order number). */
const NUMBERISH = /[\p{N}A-Za-z]/u;

/**
 * The search text a call stores: its search words (space-separated, in transcript order) with the
 * repeats of a word left out. The index is `to_tsvector('simple', search_text)` queried with
 * `plainto_tsquery` (every word must occur) and `strpos` for one character, so which calls match
 * depends only on the set of words, never on how often or where they occur; a 30-minute call says
 * the same few hundred words thousands of times, and parsing them all was most of the cost of the
 * calls row's insert. Words with a digit or a Latin letter, and the word after each of them, are
 * kept where they stand, so two pieces of a number are next to each other here only when they were
 * in the transcript: leaving words out never joins digits into something that reads as a number.
 */
export function distinctSearchText(searchText: string): string {
  if (searchText === '') return searchText;
  const seen = new Set<string>();
  const kept: string[] = [];
  let afterNumberish = false;
  for (const word of searchText.split(' ')) {
    if (word === '') continue;
    const numberish = NUMBERISH.test(word);
    if (numberish || afterNumberish || !seen.has(word)) {
      kept.push(word);
      seen.add(word);
    }
    afterNumberish = numberish;
  }
  return kept.join(' ');
}
