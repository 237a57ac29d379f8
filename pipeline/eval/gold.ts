import { z } from 'zod';
import { AppError, ErrorCode, formatPath } from '../../models/errors.js';
import { LABELS } from '../nlp/types.js';

const ZLabel = z.enum(LABELS);

export const ZGold = z.object({
  utterances: z.record(z.string(), z.array(ZLabel)),
  implicitNeeds: z
    .array(z.object({ utterance: z.string(), identified: z.boolean(), by: z.string().nullable() }))
    .default([]),
  restatements: z
    .array(z.object({ utterance: z.string(), refersTo: z.string(), accurate: z.boolean() }))
    .default([]),
  objections: z
    .array(
      z.object({
        utterance: z.string(),
        type: z.enum(['price', 'timing', 'authority', 'need', 'competitor', 'trust', 'delivery']),
        response: z.string().nullable(),
        techniques: z.array(z.enum(['acknowledge', 'clarify', 'reframe', 'alternative', 'evidence'])),
        resolved: z.boolean(),
      }),
    )
    .default([]),
  tags: z.array(z.string()).default([]),
});
export type Gold = z.infer<typeof ZGold>;

export function parseGold(data: unknown, file: string): Gold {
  const r = ZGold.safeParse(data);
  if (!r.success) {
    const msg = r.error.issues.map((i) => `${formatPath(i.path)}: ${i.message}`).join('; ');
    throw new AppError(ErrorCode.InvalidInput, `invalid gold file ${file}: ${msg}`);
  }
  return r.data;
}
