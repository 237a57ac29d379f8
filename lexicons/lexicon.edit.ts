import type { LexiconChange } from '../models/appeal.js';
import { AppError, ErrorCode, formatPath, type Problem } from '../models/errors.js';
import { checkLexiconDocument } from './lexicon.loader.js';
import {
  INDUSTRY_CATEGORIES,
  type LexiconDocument,
  type TTerm,
  ZLexiconDocument,
  ZTerm,
} from './lexicon.schema.js';

const INDUSTRY_CATEGORY_SET: ReadonlySet<string> = new Set(INDUSTRY_CATEGORIES);

/** Problems of one term as an editor would read them: each names the term. */
export function validateTerm(input: unknown, where = 'term'): Problem[] {
  const parsed = ZTerm.safeParse(input);
  const name =
    input && typeof input === 'object' && typeof (input as { term?: unknown }).term === 'string'
      ? describeSurface((input as { term: string }).term)
      : '(no term)';
  const problems: Problem[] = [];
  if (!parsed.success) {
    for (const i of parsed.error.issues) {
      problems.push({ path: `${where}.${formatPath(i.path)}`, message: `term ${name}: ${i.message}` });
    }
    return problems;
  }
  if (!INDUSTRY_CATEGORY_SET.has(parsed.data.category)) {
    problems.push({
      path: `${where}.category`,
      message: `term ${name}: category "${parsed.data.category}" belongs to the base lexicon; an industry term is one of ${INDUSTRY_CATEGORIES.join(', ')}`,
    });
  }
  return problems;
}

/** A surface for messages: shortened and with control characters made visible. */
function describeSurface(s: string): string {
  const visible = s.replace(
    /[\p{Cc}\p{Cf}]/gu,
    (c) => `\\u${c.codePointAt(0)!.toString(16).padStart(4, '0')}`,
  );
  const chars = [...visible];
  return `"${chars.length > 30 ? `${chars.slice(0, 30).join('')}…(${[...s].length} chars)` : visible}"`;
}

/** Validates a whole overlay document (schema, then duplicates and conflicts); throws with every problem. */
export function checkOverlay(doc: unknown, industry: string): LexiconDocument {
  const parsed = ZLexiconDocument.safeParse(doc);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => {
      const idx = i.path[0] === 'terms' && typeof i.path[1] === 'number' ? i.path[1] : undefined;
      const term =
        idx === undefined ? undefined : (doc as { terms?: { term?: unknown }[] }).terms?.[idx]?.term;
      return {
        path: formatPath(i.path),
        message: typeof term === 'string' ? `term ${describeSurface(term)}: ${i.message}` : i.message,
      };
    });
    throw invalid(industry, problems);
  }
  if (parsed.data.industry !== industry) {
    throw invalid(industry, [{ path: 'industry', message: `must be "${industry}"` }]);
  }
  const problems = [
    ...parsed.data.terms.flatMap((t, i) =>
      INDUSTRY_CATEGORY_SET.has(t.category)
        ? []
        : [
            {
              path: `terms[${i}].category`,
              message: `term "${t.term}": "${t.category}" is not an industry category`,
            },
          ],
    ),
    ...checkLexiconDocument(parsed.data),
  ];
  if (problems.length > 0) throw invalid(industry, problems);
  return parsed.data;
}

function invalid(industry: string, problems: Problem[]): AppError {
  const head = problems
    .slice(0, 10)
    .map((p) => `${p.path}: ${p.message}`)
    .join('; ');
  return new AppError(
    ErrorCode.InvalidLexicon,
    `${industry}: ${problems.length} problem(s): ${head}${problems.length > 10 ? '; …' : ''}`,
    { problems },
  );
}

/** Every surface form (terms and synonyms) of a document, to its term index. */
function surfaces(doc: LexiconDocument): Map<string, number> {
  const out = new Map<string, number>();
  doc.terms.forEach((t, i) => {
    for (const s of [t.term, ...(t.synonyms ?? [])]) if (!out.has(s)) out.set(s, i);
  });
  return out;
}

/** Adds a term; rejects it (with the reason) when it is invalid or already in the lexicon. */
export function addTerm(doc: LexiconDocument, term: TTerm): LexiconDocument {
  const problems = validateTerm(term);
  if (problems.length > 0) throw invalid(doc.industry, problems);
  const known = surfaces(doc);
  for (const s of [term.term, ...(term.synonyms ?? [])]) {
    const at = known.get(s);
    if (at !== undefined) {
      const other = doc.terms[at]!;
      throw new AppError(
        ErrorCode.Conflict,
        `"${s}" is already in ${doc.industry} as ${other.term === s ? 'the term' : `a synonym of "${other.term}"`} (category ${other.category})`,
        { problems: [{ path: 'term', message: `"${s}" already exists` }] },
      );
    }
  }
  return checkOverlay({ ...doc, terms: [...doc.terms, stripUndefined(term)] }, doc.industry);
}

/** Changes a term's category, synonyms, weight, tag or note. */
export function changeTerm(
  doc: LexiconDocument,
  termName: string,
  patch: Partial<Omit<TTerm, 'term'>>,
): LexiconDocument {
  const i = doc.terms.findIndex((t) => t.term === termName);
  if (i < 0) throw new AppError(ErrorCode.NotFound, `no term "${termName}" in ${doc.industry}`);
  const next = stripUndefined({ ...doc.terms[i]!, ...patch }) as TTerm;
  const problems = validateTerm(next, `terms[${i}]`);
  if (problems.length > 0) throw invalid(doc.industry, problems);
  const terms = [...doc.terms];
  terms[i] = next;
  return checkOverlay({ ...doc, terms }, doc.industry);
}

export function removeTerm(doc: LexiconDocument, termName: string): LexiconDocument {
  const i = doc.terms.findIndex((t) => t.term === termName);
  if (i < 0) throw new AppError(ErrorCode.NotFound, `no term "${termName}" in ${doc.industry}`);
  return { ...doc, terms: doc.terms.filter((_, k) => k !== i) };
}

/** Applies a proposed change (from an accepted appeal's change request). */
export function applyChange(doc: LexiconDocument, change: LexiconChange): LexiconDocument {
  switch (change.op) {
    case 'add_term':
      return addTerm(doc, {
        term: change.term,
        category: change.category as TTerm['category'],
        ...(change.synonyms ? { synonyms: change.synonyms } : {}),
        ...(change.weight ? { weight: change.weight } : {}),
      });
    case 'add_synonym': {
      const t = doc.terms.find((x) => x.term === change.term);
      if (!t) throw new AppError(ErrorCode.NotFound, `no term "${change.term}" in ${doc.industry}`);
      const at = surfaces(doc).get(change.synonym);
      if (at !== undefined) {
        throw new AppError(
          ErrorCode.Conflict,
          `"${change.synonym}" is already in ${doc.industry} (term "${doc.terms[at]!.term}")`,
        );
      }
      return changeTerm(doc, change.term, { synonyms: [...(t.synonyms ?? []), change.synonym] });
    }
    case 'change_term': {
      const { op: _op, term, ...patch } = change;
      return changeTerm(doc, term, patch as Partial<Omit<TTerm, 'term'>>);
    }
    case 'remove_term':
      return removeTerm(doc, change.term);
  }
}

export interface TermDiff {
  added: TTerm[];
  removed: TTerm[];
  changed: { term: string; before: TTerm; after: TTerm }[];
}

/** Term-level differences from `a` to `b` (by term name). */
export function diffTerms(a: LexiconDocument, b: LexiconDocument): TermDiff {
  const before = new Map(a.terms.map((t) => [t.term, t]));
  const after = new Map(b.terms.map((t) => [t.term, t]));
  const out: TermDiff = { added: [], removed: [], changed: [] };
  for (const [name, t] of after) {
    const old = before.get(name);
    if (!old) out.added.push(t);
    else if (canonical(old) !== canonical(t)) out.changed.push({ term: name, before: old, after: t });
  }
  for (const [name, t] of before) if (!after.has(name)) out.removed.push(t);
  return out;
}

function canonical(t: TTerm): string {
  return JSON.stringify({
    category: t.category,
    synonyms: [...(t.synonyms ?? [])].sort(),
    weight: t.weight ?? null,
    tag: t.tag ?? null,
    note: t.note ?? null,
  });
}

function stripUndefined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

// CSV

export const CSV_COLUMNS = ['term', 'category', 'synonyms', 'weight', 'tag', 'note'] as const;

function csvField(v: string): string {
  return /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

/** The terms as CSV (UTF-8 with BOM so Excel opens Chinese correctly); synonyms joined by `|`. */
export function termsToCsv(doc: LexiconDocument): string {
  const lines = [CSV_COLUMNS.join(',')];
  for (const t of doc.terms) {
    lines.push(
      [
        t.term,
        t.category,
        (t.synonyms ?? []).join('|'),
        t.weight?.toString() ?? '',
        t.tag ?? '',
        t.note ?? '',
      ]
        .map(csvField)
        .join(','),
    );
  }
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

const UTF8 = new TextDecoder('utf-8', { fatal: true });
const GBK = new TextDecoder('gbk', { fatal: true });

/**
 * Decodes an uploaded text file: UTF-8 (with or without BOM), or GBK/GB18030 as Excel exports
 * it on Chinese Windows. A file mixing the two (some lines UTF-8 Chinese, others GBK) is
 * rejected naming the lines, since either reading would corrupt part of it.
 */
export function decodeText(buf: Uint8Array): { text: string; encoding: 'utf-8' | 'gbk' } {
  try {
    return { text: UTF8.decode(buf).replace(/^\uFEFF/, ''), encoding: 'utf-8' };
  } catch {
    // not UTF-8: GBK, or a mixture
  }
  const utf8Lines: number[] = [];
  const otherLines: number[] = [];
  let start = 0;
  let line = 1;
  for (let i = 0; i <= buf.length; i++) {
    if (i === buf.length || buf[i] === 0x0a) {
      const part = buf.subarray(start, i);
      if (part.some((b) => b >= 0x80)) {
        try {
          UTF8.decode(part);
          utf8Lines.push(line);
        } catch {
          otherLines.push(line);
        }
      }
      start = i + 1;
      line++;
    }
  }
  if (utf8Lines.length > 0 && otherLines.length > 0) {
    throw new AppError(
      ErrorCode.InvalidInput,
      `the file mixes encodings: lines ${utf8Lines.slice(0, 5).join(', ')} are UTF-8 but lines ${otherLines.slice(0, 5).join(', ')} are not; save it again as "CSV UTF-8" and retry`,
      { utf8Lines: utf8Lines.slice(0, 20), otherLines: otherLines.slice(0, 20) },
    );
  }
  try {
    return { text: GBK.decode(buf), encoding: 'gbk' };
  } catch {
    throw new AppError(
      ErrorCode.InvalidInput,
      'the file is neither UTF-8 nor GBK text; save it as "CSV UTF-8" and retry',
    );
  }
}

/** Parses RFC 4180 CSV (quoted fields, doubled quotes, CRLF or LF). */
export function parseCsvRows(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"' && field === '') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  if (quoted) throw new AppError(ErrorCode.InvalidInput, 'CSV: a quoted field is not closed');
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows.filter((r) => r.some((f) => f.trim() !== ''));
}

/** Terms from a CSV file (header row required), every bad row named by its line. */
export function termsFromCsv(buf: Uint8Array): { terms: TTerm[]; encoding: 'utf-8' | 'gbk' } {
  const { text, encoding } = decodeText(buf);
  const rows = parseCsvRows(text);
  const header = rows[0]?.map((h) => h.trim().toLowerCase());
  if (header?.[0] !== 'term' || !header.includes('category')) {
    throw new AppError(
      ErrorCode.InvalidInput,
      `CSV: the first row must be the header ${CSV_COLUMNS.join(',')} (got "${(rows[0] ?? []).join(',').slice(0, 80)}")`,
    );
  }
  const col = (name: string) => header.indexOf(name);
  const problems: Problem[] = [];
  const terms: TTerm[] = [];
  rows.slice(1).forEach((r, k) => {
    const line = k + 2;
    const get = (name: string) => {
      const i = col(name);
      return i >= 0 ? (r[i] ?? '').trim() : '';
    };
    const weight = get('weight');
    const candidate = stripUndefined({
      term: get('term'),
      category: get('category'),
      synonyms: get('synonyms')
        ? get('synonyms')
            .split('|')
            .map((s) => s.trim())
            .filter(Boolean)
        : undefined,
      weight: weight === '' ? undefined : Number(weight),
      tag: get('tag') || undefined,
      note: get('note') || undefined,
    });
    const bad = validateTerm(candidate, `line ${line}`);
    if (bad.length > 0) problems.push(...bad.map((p) => ({ ...p, line })));
    else terms.push(candidate as TTerm);
  });
  if (problems.length > 0) {
    throw new AppError(
      ErrorCode.InvalidLexicon,
      `CSV: ${problems.length} problem(s): ${problems
        .slice(0, 10)
        .map((p) => `line ${p.line}: ${p.message}`)
        .join('; ')}`,
      { problems },
    );
  }
  return { terms, encoding };
}
