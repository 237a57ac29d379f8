import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { AppError, ErrorCode } from '../models/errors.js';
import { packagePath } from '../models/package-root.js';
import type { LexiconCache } from './lexicon.cache.js';
import {
  type CompiledLexicon,
  compileLexicon,
  hashLexiconContent,
  lexiconVersionId,
} from './lexicon.compile.js';
import { checkInheritance, resolveOverlay } from './lexicon.inherit.js';
import { loadLexiconFile } from './lexicon.loader.js';
import type { LexiconDocument, ResolvedLexiconDocument } from './lexicon.schema.js';

/** Folder of the shipped lexicon data (works from the sources and from dist/). */
export function defaultLexiconDir(): string {
  const dir = packagePath('lexicons');
  if (!existsSync(join(dir, 'base.yaml'))) throw new Error(`cannot find base.yaml in ${dir}`);
  return dir;
}

interface Slot {
  /** The overlay as authored (with its `extends:`, own terms only). */
  overlay: LexiconDocument;
  sequence: number;
  /** The overlay with its ancestors' terms folded in; rebuilt when an ancestor changes. */
  resolved?: ResolvedLexiconDocument;
  compiled?: CompiledLexicon;
  /** The version id, hashed from the content when asked for before (or without) compiling. */
  versionId?: string;
}

/**
 * Holds the current version of each industry's lexicon. Compilation is lazy (an industry costs
 * memory only once used). `publish` installs a new immutable version with the next sequence;
 * analyses that already hold the old object keep it, new ones get the new one: no restart,
 * no global state.
 *
 * Inheritance: an overlay may `extends:` another. A child compiles from its ancestors' current
 * versions, so installing a new version of a parent drops the compiled lexicons of every
 * descendant (rebuilt on next use with the parent's new terms). Shared bases marked
 * `selectable: false` have versions here but are not industries a call can be analysed with.
 */
export class LexiconRegistry {
  private readonly slots = new Map<string, Slot>();

  constructor(
    private readonly base: LexiconDocument,
    overlays: Iterable<LexiconDocument>,
    fileOf?: (industry: string) => string,
  ) {
    for (const overlay of overlays) this.slots.set(overlay.industry, { overlay, sequence: 1 });
    const problems = checkInheritance(new Map([...this.slots].map(([id, s]) => [id, s.overlay])), fileOf);
    if (problems.length > 0) {
      throw new AppError(
        ErrorCode.InvalidLexicon,
        `invalid lexicon inheritance:\n  ${problems.map((p) => p.message).join('\n  ')}`,
        { problems },
      );
    }
  }

  /**
   * Loads `base.yaml` and `industries/*.yaml` from a lexicon folder (sequence 1 each). With a
   * cache (lexicon.cache.ts), files validated before are read from it.
   */
  static fromDirectory(
    dir: string = defaultLexiconDir(),
    options: { cache?: LexiconCache } = {},
  ): LexiconRegistry {
    const { cache } = options;
    const base = loadLexiconFile(join(dir, 'base.yaml'), cache);
    const industryDir = join(dir, 'industries');
    const overlays = readdirSync(industryDir)
      .filter((f) => f.endsWith('.yaml'))
      .sort()
      .map((f) => {
        const doc = loadLexiconFile(join(industryDir, f), cache);
        if (`${doc.industry}.yaml` !== f) {
          throw new AppError(
            ErrorCode.InvalidLexicon,
            `${join(industryDir, f)}: industry "${doc.industry}" must match the file name`,
          );
        }
        return doc;
      });
    return new LexiconRegistry(base, overlays, (id) => join(industryDir, `${id}.yaml`));
  }

  /** Industries a call can be analysed with (shared bases excluded), sorted. */
  industries(): string[] {
    return [...this.slots.entries()]
      .filter(([, s]) => s.overlay.selectable !== false)
      .map(([id]) => id)
      .sort();
  }

  /** Every lexicon with versions: the industries and the shared bases they extend, sorted. */
  lexiconIds(): string[] {
    return [...this.slots.keys()].sort();
  }

  /** True for an industry a call can be analysed with (not for a shared base). */
  has(industry: string): boolean {
    const slot = this.slots.get(industry);
    return slot !== undefined && slot.overlay.selectable !== false;
  }

  /** True for any lexicon with versions, shared bases included. */
  hasLexicon(id: string): boolean {
    return this.slots.has(id);
  }

  /** The current version of an industry's lexicon; unknown industries are an input error. */
  get(industry: string): CompiledLexicon {
    const slot = this.selectable(industry);
    slot.compiled ??= compileLexicon(this.base, this.resolvedSlot(slot), slot.sequence);
    return slot.compiled;
  }

  /**
   * Checks that calls can be analysed with `industry` (unknown industries and shared bases are an
   * input error) without compiling its lexicon: the API validates with this, analysis threads
   * compile.
   */
  check(industry: string): void {
    this.selectable(industry);
  }

  /**
   * The version id of a lexicon's current version (`<id>@<sequence>+<hash>`, shared bases
   * included), the same as its compiled lexicon's `versionId`, but hashed from the content
   * without compiling (21 compiled lexicons are ~40 MB a process that only names versions need
   * not hold).
   */
  versionId(id: string): string {
    const slot = this.slots.get(id);
    if (!slot) throw new AppError(ErrorCode.UnknownIndustry, `unknown lexicon "${id}"`);
    if (slot.compiled) return slot.compiled.versionId;
    slot.versionId ??= lexiconVersionId(
      id,
      slot.sequence,
      hashLexiconContent([this.base, this.resolvedSlot(slot)]),
    );
    return slot.versionId;
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
    const compiled = this.compile(overlay, next);
    this.set(overlay, next, compiled);
    return compiled;
  }

  /**
   * Installs a version recorded elsewhere (the database) as it is, whatever this process ran
   * before: the database's version is the truth when the two disagree.
   */
  install(overlay: LexiconDocument, sequence: number, compiled?: CompiledLexicon): void {
    this.set(overlay, sequence, compiled);
  }

  /**
   * Compiles overlay content (a draft, a version about to be published) against the current
   * versions of its ancestors, without installing it (a shared base compiles too: its what-if
   * and validation use it). Throws `invalid_lexicon` when its parent is unknown or the link
   * would make a cycle.
   */
  compile(overlay: LexiconDocument, sequence: number): CompiledLexicon {
    return compileLexicon(this.base, this.resolve(overlay), sequence);
  }

  /** Overlay content with the current ancestors' terms folded in (inherited ones marked). */
  resolve(overlay: LexiconDocument): ResolvedLexiconDocument {
    return resolveOverlay(overlay, (id) => (id === overlay.industry ? overlay : this.slots.get(id)?.overlay));
  }

  /**
   * What `industry` would compile from if `replacement` (a draft of it or of one of its
   * ancestors) were installed: a what-if of a parent's draft over its children's calls.
   */
  resolveWith(industry: string, replacement: LexiconDocument): ResolvedLexiconDocument {
    const own = industry === replacement.industry ? replacement : this.slots.get(industry)?.overlay;
    if (!own) throw new AppError(ErrorCode.UnknownIndustry, `unknown industry "${industry}"`);
    return resolveOverlay(own, (id) =>
      id === replacement.industry ? replacement : this.slots.get(id)?.overlay,
    );
  }

  /** The current sequence of an industry (0 when unknown). */
  sequence(industry: string): number {
    return this.slots.get(industry)?.sequence ?? 0;
  }

  baseDocument(): LexiconDocument {
    return this.base;
  }

  /**
   * What analyses compile: the current overlay with its ancestors' terms folded in. A new object
   * whenever the industry or one of its ancestors installs a version.
   */
  overlay(industry: string): ResolvedLexiconDocument | undefined {
    const slot = this.slots.get(industry);
    return slot ? this.resolvedSlot(slot) : undefined;
  }

  /** The current overlay as authored: own terms and its `extends:` only. */
  ownOverlay(industry: string): LexiconDocument | undefined {
    return this.slots.get(industry)?.overlay;
  }

  /** The parent an industry extends (undefined for none). */
  parentOf(industry: string): string | undefined {
    return this.slots.get(industry)?.overlay.extends;
  }

  /** Ancestors of an industry, nearest parent first. */
  ancestors(industry: string): string[] {
    const out: string[] = [];
    for (let p = this.parentOf(industry); p !== undefined && !out.includes(p); p = this.parentOf(p))
      out.push(p);
    return out;
  }

  /** Every lexicon that inherits from `industry`, directly or through others, sorted. */
  descendants(industry: string): string[] {
    return this.lexiconIds().filter((id) => this.ancestors(id).includes(industry));
  }

  private selectable(industry: string): Slot {
    const slot = this.slots.get(industry);
    if (!slot || slot.overlay.selectable === false) {
      throw new AppError(
        ErrorCode.UnknownIndustry,
        slot
          ? `"${industry}" is a shared base lexicon, not an industry; known: ${this.industries().join(', ')}`
          : `unknown industry "${industry}"; known: ${this.industries().join(', ')}`,
        { problems: [{ path: 'industry', message: `unknown industry "${industry}"` }] },
      );
    }
    return slot;
  }

  private resolvedSlot(slot: Slot): ResolvedLexiconDocument {
    slot.resolved ??= resolveOverlay(slot.overlay, (id) => this.slots.get(id)?.overlay);
    return slot.resolved;
  }

  private set(overlay: LexiconDocument, sequence: number, compiled?: CompiledLexicon): void {
    const previous = this.slots.get(overlay.industry);
    this.slots.set(overlay.industry, { overlay, sequence, ...(compiled ? { compiled } : {}) });
    try {
      // A link that no longer resolves is refused before anything else sees it.
      if (overlay.extends !== undefined) this.resolve(overlay);
    } catch (err) {
      if (previous) this.slots.set(overlay.industry, previous);
      else this.slots.delete(overlay.industry);
      throw err;
    }
    if (compiled)
      this.slots.get(overlay.industry)!.resolved = compiled.documents[1] as ResolvedLexiconDocument;
    // The descendants compile from this version from now on.
    for (const id of this.descendants(overlay.industry)) {
      const slot = this.slots.get(id)!;
      slot.resolved = undefined;
      slot.compiled = undefined;
      slot.versionId = undefined;
    }
  }
}
