import type { Detector } from './detector.js';
import type { Label } from './types.js';

/**
 * Registry entry for questions: one finding per question clause (prepare.ts detects the clauses
 * with question.detector.ts while it prepares each utterance). Rep questions are open or closed;
 * customer questions are `question`.
 */
export const questionDetector: Detector = {
  id: 'question',
  labels: ['question.open', 'question.closed', 'question'],
  reads: [],
  writes: ['questions'],
  detect(ctx) {
    for (const u of ctx.us) {
      for (const q of u.questions) {
        const label: Label =
          u.speaker === 'customer' ? 'question' : q.kind === 'open' ? 'question.open' : 'question.closed';
        const f = ctx.add({
          label,
          utteranceId: u.id,
          span: [q.start, q.end],
          rule: q.rule,
          term: q.term,
          confidence: q.confidence,
        });
        const list = ctx.facts.questions.get(u.id) ?? [];
        list.push(f);
        ctx.facts.questions.set(u.id, list);
      }
    }
  },
};
