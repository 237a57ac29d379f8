import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { AppError, ErrorCode, formatPath, type Problem } from '../models/errors.js';
import type { LexiconCache } from './lexicon.cache.js';
import { documentTerms, type LexiconDocument, ZLexiconDocument } from './lexicon.schema.js';

type YamlModule = typeof import('yaml');

let yaml: YamlModule | undefined;

/** The YAML parser, loaded on first use: a process reading cached lexicons never needs it. */
function yamlModule(): YamlModule {
  yaml ??= createRequire(import.meta.url)('yaml') as YamlModule;
  return yaml;
}

/**
 * Parses and validates a lexicon YAML text. Every problem names the file, the line and the
 * term, e.g. `medical_devices.yaml:212 terms[40].synonyms[1] "手术 室": may only contain …`.
 */
export function parseLexiconYaml(text: string, file: string): LexiconDocument {
  const { LineCounter, parseDocument } = yamlModule();
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true });
  if (doc.errors.length > 0) {
    const problems = doc.errors.map((e) => ({
      path: '(yaml)',
      message: e.message.split('\n')[0] ?? e.message,
      line: e.linePos?.[0]?.line,
    }));
    throw lexiconError(file, problems);
  }
  const data: unknown = doc.toJS();
  const lineOf = (path: readonly PropertyKey[]): number | undefined => {
    for (let n = path.length; n >= 0; n--) {
      const node = doc.getIn(path.slice(0, n) as (string | number)[], true) as
        | { range?: [number, number, number] }
        | undefined;
      if (node && typeof node === 'object' && node.range) return lineCounter.linePos(node.range[0]).line;
    }
    return undefined;
  };
  const parsed = ZLexiconDocument.safeParse(data);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => ({
      path: formatPath(i.path),
      message: withTerm(data, i.path, i.message),
      line: lineOf(i.path),
    }));
    throw lexiconError(file, problems);
  }
  const problems = checkLexiconDocument(parsed.data).map((p) => ({
    ...p,
    line: lineOf(pathOf(p.path)),
  }));
  if (problems.length > 0) throw lexiconError(file, problems);
  return parsed.data;
}

/** Reads and validates a lexicon file; with a cache, a file validated before is not parsed again. */
export function loadLexiconFile(file: string, cache?: LexiconCache): LexiconDocument {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new AppError(ErrorCode.InvalidLexicon, `cannot read lexicon ${file}: ${(err as Error).message}`, {
      file,
    });
  }
  const cached = cache?.get(text);
  if (cached) return cached;
  const doc = parseLexiconYaml(text, file);
  cache?.set(text, doc);
  return doc;
}

/**
 * Checks what a schema cannot: a surface form (term or synonym) used twice, one surface in two
 * categories, a `tag` label missing or misplaced.
 */
export function checkLexiconDocument(doc: LexiconDocument): Problem[] {
  const problems: Problem[] = [];
  const firstUse = new Map<string, { index: number; category: string }>();
  const markerBase = doc.terms.length;
  documentTerms(doc).forEach((t, index) => {
    if (t.category === 'tag' && !t.tag) {
      problems.push({
        path: `terms[${index}].tag`,
        message: `term "${t.term}": category tag needs a tag label`,
      });
    }
    if (t.category !== 'tag' && t.tag) {
      problems.push({
        path: `terms[${index}].tag`,
        message: `term "${t.term}": only category tag may carry a tag label`,
      });
    }
    const surfaces = [t.term, ...(t.synonyms ?? [])];
    surfaces.forEach((surface, k) => {
      const path =
        index >= markerBase
          ? `markers.${t.category}`
          : k === 0
            ? `terms[${index}].term`
            : `terms[${index}].synonyms[${k - 1}]`;
      const prev = firstUse.get(surface);
      if (!prev) {
        firstUse.set(surface, { index, category: t.category });
      } else if (prev.category !== t.category) {
        problems.push({
          path,
          message: `"${surface}" conflicts: category ${t.category} here, ${prev.category} at terms[${prev.index}]`,
        });
      } else {
        problems.push({ path, message: `"${surface}" is a duplicate of terms[${prev.index}]` });
      }
    });
  });
  return problems;
}

function pathOf(path: string): (string | number)[] {
  const out: (string | number)[] = [];
  for (const m of path.matchAll(/([^.[\]]+)|\[(\d+)\]/g)) {
    if (m[2] !== undefined) out.push(Number(m[2]));
    else if (m[1] !== undefined) out.push(m[1]);
  }
  return out;
}

function withTerm(data: unknown, path: readonly PropertyKey[], message: string): string {
  if (path[0] !== 'terms' || typeof path[1] !== 'number') return message;
  const terms = (data as { terms?: unknown[] } | null)?.terms;
  const term = (terms?.[path[1]] as { term?: unknown } | undefined)?.term;
  return typeof term === 'string' ? `term "${term}": ${message}` : message;
}

function lexiconError(file: string, problems: Problem[]): AppError {
  const lines = problems
    .slice(0, 20)
    .map((p) => `${file}${p.line ? `:${p.line}` : ''} ${p.path}: ${p.message}`)
    .join('\n  ');
  const more = problems.length > 20 ? `\n  … and ${problems.length - 20} more` : '';
  return new AppError(ErrorCode.InvalidLexicon, `invalid lexicon ${file}:\n  ${lines}${more}`, {
    file,
    problems,
  });
}
