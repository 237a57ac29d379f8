import { existsSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AppError, ErrorCode } from '../models/errors.js';
import { type CompiledLexicon, compileLexicon } from './lexicon.compile.js';
import { loadLexiconFile } from './lexicon.loader.js';
import type { LexiconDocument } from './lexicon.schema.js';

/** Folder of the shipped lexicon data (works from the sources and from dist/). */
export function defaultLexiconDir(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  for (const candidate of [here, join(here, '..', '..', 'lexicons')]) {
    if (existsSync(join(candidate, 'base.yaml'))) return candidate;
  }
  throw new Error(`cannot find lexicons/base.yaml near ${here}`);
}

interface Slot {
  overlay: LexiconDocument;
  sequence: number;
  compiled?: CompiledLexicon;
}

/**
 * Holds the current version of each industry's lexicon. Compilation is lazy (an industry costs
 * memory only once used). `publish` installs a new immutable version with the next sequence;
 * analyses that already hold the old object keep it, new ones get the new one: no restart,
 * no global state.
 */
export class LexiconRegistry {
  private readonly slots = new Map<string, Slot>();

  constructor(
    private readonly base: LexiconDocument,
    overlays: Iterable<LexiconDocument>,
  ) {
    for (const overlay of overlays) this.slots.set(overlay.industry, { overlay, sequence: 1 });
  }

  /** Loads `base.yaml` and `industries/*.yaml` from a lexicon folder (sequence 1 each). */
  static fromDirectory(dir: string = defaultLexiconDir()): LexiconRegistry {
    const base = loadLexiconFile(join(dir, 'base.yaml'));
    const industryDir = join(dir, 'industries');
    const overlays = readdirSync(industryDir)
      .filter((f) => f.endsWith('.yaml'))
      .sort()
      .map((f) => {
        const doc = loadLexiconFile(join(industryDir, f));
        if (`${doc.industry}.yaml` !== f) {
          throw new AppError(
            ErrorCode.InvalidLexicon,
            `${join(industryDir, f)}: industry "${doc.industry}" must match the file name`,
          );
        }
        return doc;
      });
    return new LexiconRegistry(base, overlays);
  }

  industries(): string[] {
    return [...this.slots.keys()].sort();
  }

  has(industry: string): boolean {
    return this.slots.has(industry);
  }

  /** The current version of an industry's lexicon; unknown industries are an input error. */
  get(industry: string): CompiledLexicon {
    const slot = this.slots.get(industry);
    if (!slot) {
      throw new AppError(
        ErrorCode.UnknownIndustry,
        `unknown industry "${industry}"; known: ${this.industries().join(', ')}`,
        { problems: [{ path: 'industry', message: `unknown industry "${industry}"` }] },
      );
    }
    slot.compiled ??= compileLexicon(this.base, slot.overlay, slot.sequence);
    return slot.compiled;
  }

  /**
   * Installs new overlay content as the industry's next version (a rollback publishes old
   * content this way too, under a new sequence). Returns the compiled version.
   */
  publish(overlay: LexiconDocument, sequence?: number): CompiledLexicon {
    const current = this.slots.get(overlay.industry);
    const next = sequence ?? (current ? current.sequence + 1 : 1);
    if (current && next <= current.sequence) {
      throw new Error(`sequence ${next} is not after ${overlay.industry}@${current.sequence}`);
    }
    const compiled = compileLexicon(this.base, overlay, next);
    this.slots.set(overlay.industry, { overlay, sequence: next, compiled });
    return compiled;
  }

  /**
   * Installs a version recorded elsewhere (the database) as it is, whatever this process ran
   * before: the database's version is the truth when the two disagree.
   */
  install(overlay: LexiconDocument, sequence: number, compiled?: CompiledLexicon): void {
    this.slots.set(overlay.industry, { overlay, sequence, ...(compiled ? { compiled } : {}) });
  }

  /** The current sequence of an industry (0 when unknown). */
  sequence(industry: string): number {
    return this.slots.get(industry)?.sequence ?? 0;
  }

  baseDocument(): LexiconDocument {
    return this.base;
  }

  overlay(industry: string): LexiconDocument | undefined {
    return this.slots.get(industry)?.overlay;
  }
}
