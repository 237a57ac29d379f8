import { z } from 'zod';
import { ZCorrection } from '../../models/appeal.js';
import { APPEAL_STATUSES } from '../../models/schema.js';

/**
 * `POST /v1/calls/{id}/appeals/preview`: what filing an appeal would change, nothing stored. The
 * OpenAPI document names the schema, the appeal form's type is generated from it, and
 * AppealService.previewAppeal is typed by it, so the compiler checks what the server sends.
 */
const ZScores = z.strictObject({
  total: z.number().nullable(),
  /** 0-100 per dimension, null where no item applies. */
  dimensions: z.record(z.string(), z.number().nullable()),
});

export const ZAppealPreview = z.strictObject({
  /** The appealed item (one live appeal per item). */
  itemKey: z.string(),
  /** The evidence quoted from the transcript. */
  quote: z.string(),
  /** The correction the appeal would apply once accepted. */
  correction: ZCorrection,
  preview: z.strictObject({
    now: ZScores,
    ifAccepted: ZScores,
    /** The lexicon version the preview was analysed with. */
    lexiconVersion: z.string(),
  }),
  /** A live or decided appeal on the same item, if there is one. */
  existingAppeal: z.strictObject({ id: z.string(), status: z.enum(APPEAL_STATUSES) }).nullable(),
});
export type AppealPreview = z.infer<typeof ZAppealPreview>;
