import { api, uploadWithProgress } from './api';
import type { ImportStarted, ImportView } from './api-shapes';
import type { PickedFile } from './dropped-files';
import { buildStoredZip, crc32OfBlob, MAX_ZIP_BYTES, MAX_ZIP_ENTRIES } from './stored-zip';

export type { ImportStarted, ImportView } from './api-shapes';

const isZip = (f: PickedFile) => /\.zip$/i.test(f.path) || f.file.type === 'application/zip';

/**
 * What POST /v1/imports receives: a zip the user picked, as it is; anything else (a folder, several
 * files) packed into one stored zip here, each file under its relative path, so the server checks
 * every entry as it checks any archive. The files are read once for their CRC and otherwise stay
 * on disk (the archive refers to them). RangeError when over the zip format's limits.
 */
export async function packForImport(
  files: readonly PickedFile[],
  onProgress: (done: number) => void = () => {},
): Promise<Blob> {
  if (files.length === 1 && isZip(files[0]!)) return files[0]!.file;
  const total = files.reduce((n, f) => n + f.file.size, 0);
  if (files.length > MAX_ZIP_ENTRIES || total > MAX_ZIP_BYTES) throw new RangeError('too many or too large');
  const inputs = [];
  for (const f of files) {
    inputs.push({
      path: f.path,
      data: f.file,
      crc: await crc32OfBlob(f.file),
      mtime: new Date(f.file.lastModified),
    });
    onProgress(inputs.length);
  }
  return buildStoredZip(inputs);
}

/** Uploads the archive (`archive` form field) and answers the import id. */
export async function startImport(
  archive: Blob,
  options: { industry?: string | undefined; name?: string | undefined },
  onProgress: (fraction: number) => void,
): Promise<string> {
  const form = new FormData();
  if (options.industry) form.append('industry', options.industry);
  // A preset of services/import/filename-pattern.ts (rep, customer phone and time from the name).
  if (options.name) form.append('name', options.name);
  form.append('archive', archive, 'upload.zip');
  const res = await uploadWithProgress<ImportStarted>('/v1/imports', { form }, onProgress);
  return res.id;
}

export const readImport = (id: string) => api<ImportView>(`/v1/imports/${encodeURIComponent(id)}`);
