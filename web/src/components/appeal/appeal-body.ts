import type { Finding, ScoreItem, Utterance } from '../../lib/api';

export type AppealTarget =
  | { kind: 'finding'; finding: Finding }
  /** `phrase`: the words the rep selected in the transcript, filled in for them. */
  | { kind: 'utterance'; utterance: Utterance; phrase?: string }
  | { kind: 'score_item'; item: ScoreItem };

/** Code-point span of the first occurrence of `phrase` in `text`, or null. */
export function spanOf(text: string, phrase: string): [number, number] | null {
  const i = text.indexOf(phrase);
  if (!phrase || i < 0) return null;
  const start = Array.from(text.slice(0, i)).length;
  return [start, start + Array.from(phrase).length];
}

type Built = { ok: true; value: Record<string, unknown> } | { ok: false; error: string };

/** The optional lexicon change of the form, or why it is incomplete. */
function lexiconChangeOf(
  v: Record<string, unknown>,
): { ok: true; value: Record<string, unknown> | undefined } | { ok: false; error: string } {
  if (v.addToLexicon !== true) return { ok: true, value: undefined };
  const term = typeof v.lexTerm === 'string' ? v.lexTerm.trim() : '';
  if (!term) return { ok: false, error: '请填写词条' };
  const op = (v.lexOp as string | undefined) ?? 'add_synonym';
  if (op === 'add_synonym') {
    const synonym = typeof v.lexSynonym === 'string' ? v.lexSynonym.trim() : '';
    if (!synonym) return { ok: false, error: '请填写同义词' };
    return { ok: true, value: { op, term, synonym } };
  }
  if (op === 'add_term') {
    if (!v.lexCategory) return { ok: false, error: '请选择词条类别' };
    return { ok: true, value: { op, term, category: v.lexCategory } };
  }
  return { ok: true, value: { op, term } };
}

/** The API body (ZFileAppeal) from the form. */
export function buildBody(target: AppealTarget, v: Record<string, unknown>, utterance?: Utterance): Built {
  const reason = typeof v.reason === 'string' ? v.reason.trim() : '';
  if (reason.length < 2) return { ok: false, error: '请填写申诉理由' };
  const lex = lexiconChangeOf(v);
  if (!lex.ok) return lex;
  const lexiconChange = lex.value;
  if (target.kind === 'score_item') {
    if (typeof v.score !== 'number') return { ok: false, error: '请填写分数' };
    return {
      ok: true,
      value: { target: 'score_item', itemId: target.item.id, proposedScore: v.score, reason },
    };
  }
  if (target.kind === 'utterance') {
    const span = utterance && typeof v.phrase === 'string' ? spanOf(utterance.text, v.phrase) : null;
    if (!span) return { ok: false, error: '请从这句话中摘取漏掉的原话' };
    if (typeof v.label !== 'string') return { ok: false, error: '请选择类别' };
    return {
      ok: true,
      value: {
        target: 'missed_finding',
        utteranceId: target.utterance.id,
        span,
        proposedLabel: v.label,
        reason,
        ...(lexiconChange ? { lexiconChange } : {}),
      },
    };
  }
  const f = target.finding;
  const mode = v.mode as string;
  const base = { target: 'finding', findingId: f.id, reason, ...(lexiconChange ? { lexiconChange } : {}) };
  if (mode === 'relabel') {
    if (typeof v.label !== 'string') return { ok: false, error: '请选择正确类别' };
    return { ok: true, value: { ...base, proposedLabel: v.label } };
  }
  if (mode === 'identified' || mode === 'resolved' || mode === 'accurate') {
    const current = f[mode] as boolean | undefined;
    return { ok: true, value: { ...base, proposedField: { field: mode, value: !current } } };
  }
  return { ok: true, value: { ...base, proposedLabel: null } };
}
