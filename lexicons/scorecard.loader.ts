import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { AppError, ErrorCode, formatPath } from '../models/errors.js';
import { cacheKey, codeVersion, type FileCache } from '../models/file-cache.js';
import {
  DIMENSIONS,
  type Dimension,
  type Scorecard,
  type ScorecardDocument,
  type ScoreItemSpec,
  ZScorecardDocument,
} from './scorecard.schema.js';

type YamlModule = typeof import('yaml');

let yaml: YamlModule | undefined;
let store: FileCache | undefined;
let storeVersion: string | undefined;

/**
 * Keeps validated scorecard documents in `cache` (keyed by the YAML text and this loader's and
 * the schema's code), so that a later process reads JSON instead of loading the YAML parser and
 * validating again. Called once at start-up by the entry point; `undefined` turns it off.
 */
export function setScorecardCache(cache: FileCache | undefined): void {
  store = cache;
}

function readScorecard(file: string): ScorecardDocument {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new AppError(
      ErrorCode.InvalidScorecard,
      `cannot read scorecard ${file}: ${(err as Error).message}`,
    );
  }
  if (!store) return parseScorecard(text, file);
  storeVersion ??= codeVersion(new URL('.', import.meta.url), ['scorecard.loader', 'scorecard.schema']);
  const key = cacheKey('scorecard 1', storeVersion, text);
  const payload = store.read('scorecard', key);
  if (payload) {
    try {
      return JSON.parse(payload.toString('utf8')) as ScorecardDocument;
    } catch {
      // An entry this code cannot read (its hash was intact): parse the file below.
    }
  }
  const doc = parseScorecard(text, file);
  store.write('scorecard', key, Buffer.from(JSON.stringify(doc), 'utf8'));
  return doc;
}

function parseScorecard(text: string, file: string): ScorecardDocument {
  let data: unknown;
  try {
    // Loaded on first use: a process reading cached scorecards and lexicons never needs it.
    yaml ??= createRequire(import.meta.url)('yaml') as YamlModule;
    data = yaml.parse(text);
  } catch (err) {
    throw new AppError(
      ErrorCode.InvalidScorecard,
      `cannot read scorecard ${file}: ${(err as Error).message}`,
    );
  }
  const parsed = ZScorecardDocument.safeParse(data);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `${formatPath(i.path)}: ${i.message}`).join('; ');
    throw new AppError(ErrorCode.InvalidScorecard, `invalid scorecard ${file}: ${lines}`);
  }
  return parsed.data;
}

/**
 * Loads the scorecard of an industry: `scorecards/<industry>.yaml` when present (it extends
 * `default`), else `scorecards/default.yaml`. Validates that every dimension has items and that
 * overrides name existing items.
 */
export function loadScorecard(lexiconDir: string, industry: string, sequence = 1): Scorecard {
  const dir = join(lexiconDir, 'scorecards');
  const base = readScorecard(join(dir, 'default.yaml'));
  const file = join(dir, `${industry}.yaml`);
  const overlay = existsSync(file) ? readScorecard(file) : undefined;
  return resolveScorecard(base, overlay, industry, sequence);
}

/** The shipped default scorecard and an industry's overlay (null when it has none). */
export function loadScorecardDocuments(
  lexiconDir: string,
  industry: string,
): { base: ScorecardDocument; overlay: ScorecardDocument | null } {
  const dir = join(lexiconDir, 'scorecards');
  const file = join(dir, `${industry}.yaml`);
  return {
    base: readScorecard(join(dir, 'default.yaml')),
    overlay: existsSync(file) ? readScorecard(file) : null,
  };
}

/** Validates a scorecard overlay (schema, items it overrides) and resolves it; throws with every problem. */
export function checkScorecardOverlay(
  base: ScorecardDocument,
  overlay: unknown,
  industry: string,
  sequence: number,
): Scorecard {
  const parsed = ZScorecardDocument.safeParse(overlay);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `${formatPath(i.path)}: ${i.message}`).join('; ');
    throw new AppError(ErrorCode.InvalidScorecard, `invalid scorecard for ${industry}: ${lines}`, {
      problems: parsed.error.issues.map((i) => ({ path: formatPath(i.path), message: i.message })),
    });
  }
  return resolveScorecard(base, parsed.data, industry, sequence);
}

export function resolveScorecard(
  base: ScorecardDocument,
  overlay: ScorecardDocument | undefined,
  industry: string,
  sequence = 1,
): Scorecard {
  const dims = {} as Record<Dimension, { weight: number; items: ScoreItemSpec[] }>;
  for (const d of DIMENSIONS) {
    const spec = base.dimensions?.[d];
    if (!spec)
      throw new AppError(ErrorCode.InvalidScorecard, `scorecard ${base.id}: dimension ${d} is missing`);
    dims[d] = {
      weight: overlay?.dimensionWeights?.[d] ?? spec.weight,
      items: spec.items.map((i) => ({ ...i })),
    };
  }
  for (const o of overlay?.overrides ?? []) {
    const item = DIMENSIONS.flatMap((d) => dims[d].items).find((i) => i.id === o.item);
    if (!item)
      throw new AppError(
        ErrorCode.InvalidScorecard,
        `scorecard ${overlay?.id}: override of unknown item "${o.item}"`,
      );
    Object.assign(
      item,
      Object.fromEntries(Object.entries(o).filter(([k, v]) => k !== 'item' && v !== undefined)),
    );
  }
  const hash = createHash('sha256').update(JSON.stringify(dims)).digest('hex');
  return {
    id: overlay?.id ?? base.id,
    name: overlay?.name ?? base.name,
    versionId: `${industry}@${sequence}+${hash.slice(0, 12)}`,
    dimensions: dims,
  };
}
