import { z } from 'zod';

const ZConfig = z.object({
  EMBEDDING_MODEL_DIR: z.string().min(1).optional(),
  EMBEDDING_THRESHOLD: z.coerce.number().min(-1).max(1).optional(),
  LEXICON_DIR: z.string().min(1).optional(),
  MODELS_DIR: z.string().min(1).default('./models-data'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});
export type Config = z.infer<typeof ZConfig>;

/** Reads the environment once, at the entry point; every problem is listed in one error. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const picked = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const r = ZConfig.safeParse(picked);
  if (!r.success) {
    const lines = r.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n');
    throw new Error(`invalid configuration:\n${lines}`);
  }
  return r.data;
}
