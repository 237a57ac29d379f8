import { z } from 'zod';
import { ZModelPublished, ZTrainedDraft } from '../../services/learning/learned-model.service.js';

/**
 * The bodies of the learned-model routes that are envelopes of the service's shapes (those live
 * with the service: services/learning/learned-model.service.ts). The OpenAPI document names
 * them and the models page takes its types from shared/api-types.gen.ts; the routes are typed by
 * them, so the compiler checks what the server sends.
 */

/** `POST /v1/models/second-stage/drafts`: the draft with its guard report. */
export const ZModelDraftResponse = z.strictObject({ draft: ZTrainedDraft });

/** `POST /v1/models/second-stage/{version}/publish`. */
export { ZModelPublished };
