import type { TermOccurrence } from '../../lexicons/lexicon.compile.js';
import type { PreparedUtterance } from './prepare.js';
import { termsOf } from './prepare.js';

export interface SolutionMatch {
  utterance: PreparedUtterance;
  span: [number, number];
  terms: TermOccurrence[];
}

/**
 * A rep presents a concrete product, feature, benefit or case from the industry lexicon.
 * Generic puffery (挺好用的, 我们很专业) is not a solution (convention 14).
 */
export function findSolution(
  u: PreparedUtterance,
  context: { isOpening: boolean; isRestatement: boolean },
): SolutionMatch | undefined {
  if (u.speaker !== 'rep') return undefined;
  const terms = termsOf(u, ['product', 'feature', 'benefit', 'case']);
  if (terms.length === 0) return undefined;
  // Naming a product (in the opening, a restatement or a question) is not presenting it: a
  // solution needs a feature, benefit or case, or the rep presenting "our" product.
  const substantive = terms.some((t) => t.entry.category !== 'product');
  const presenting = OUR_OFFER.test(u.view) && !context.isOpening && !context.isRestatement;
  if (!substantive && !presenting) return undefined;
  return { utterance: u, span: [terms[0]!.start, terms[terms.length - 1]!.end], terms };
}

/** The rep presenting their own offering: 我们的…, 我们这款…, 我们有…. */
const OUR_OFFER = /我们(的|这款|这个|这套|那款|有|家|新款|可以|提供)/;
