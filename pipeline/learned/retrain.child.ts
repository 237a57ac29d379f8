// Child-process entry of a retraining (see retrain.runner.ts): one request in, one result out.
import { type RetrainRequest, retrainInProcess } from './retrain.runner.js';

process.once('message', (req: RetrainRequest) => {
  let reply: unknown;
  try {
    reply = { ok: true, result: retrainInProcess(req) };
  } catch (err) {
    reply = { ok: false, error: (err as Error).message };
  }
  process.send?.(reply, () => process.exit(0));
});
