import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';

export const CALIBRATION_FILE = 'tingjian-calibration.json';

const ZCalibrationFile = z.object({
  threshold: z.number(),
  agreement: z.number(),
  pairs: z.number().int(),
  calibratedOn: z.string(),
  at: z.string(),
});
export type CalibrationFile = z.infer<typeof ZCalibrationFile>;

/** The calibrated embedding threshold stored beside a model, if any. */
export function readCalibration(modelDir: string): CalibrationFile | undefined {
  const file = join(modelDir, CALIBRATION_FILE);
  if (!existsSync(file)) return undefined;
  const r = ZCalibrationFile.safeParse(JSON.parse(readFileSync(file, 'utf8')));
  if (!r.success) throw new Error(`${file} is not a valid calibration file: ${r.error.message}`);
  return r.data;
}

export function writeCalibration(modelDir: string, c: CalibrationFile): void {
  writeFileSync(join(modelDir, CALIBRATION_FILE), `${JSON.stringify(c, null, 2)}\n`);
}
