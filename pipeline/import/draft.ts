/**
 * From an imported file to the transcript document our intake parses: the file's own fields
 * (our format) first, then the defaults (file name, flags), then what is forced (`--industry`).
 */
import type { CompiledLexicon } from '../../lexicons/lexicon.compile.js';
import type { LexiconRegistry } from '../../lexicons/lexicon.registry.js';
import type { ImportedTranscript } from './index.js';

export interface DraftFields {
  repId?: string | undefined;
  occurredAt?: string | undefined;
  industry?: string | undefined;
  externalId?: string | undefined;
  customer?: { name?: string; company?: string; tier?: 'A' | 'B' | 'C' } | undefined;
}

const defined = (o: DraftFields): Record<string, unknown> =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));

/** The transcript document (unvalidated: the caller parses it with the transcript schema). */
export function buildDraftInput(
  imported: ImportedTranscript,
  defaults: DraftFields,
  forced: DraftFields = {},
): Record<string, unknown> {
  return { ...defined(defaults), ...imported.fields, ...defined(forced), utterances: imported.utterances };
}

/**
 * The lexicon whose cues tell rep from customer: the call's industry when known, else the first
 * one (the structural cues and the base terms are the same in every industry).
 */
export function roleLexiconFor(registry: LexiconRegistry, industry?: string): CompiledLexicon {
  if (industry && registry.has(industry)) return registry.get(industry);
  const first = registry.industries()[0];
  if (!first) throw new Error('no industry lexicon is loaded');
  return registry.get(first);
}
