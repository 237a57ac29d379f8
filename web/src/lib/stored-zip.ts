/**
 * A minimal zip writer for the browser: entries are stored (method 0, no compression), names in
 * UTF-8 (flag 0x800), times in Beijing time as the server's reader expects (services/import/
 * zip.reader.ts reads DOS times as UTC+8). Recordings are already compressed and transcripts are
 * small, so deflating would cost time for little; no Zip64, hence the limits below. An entry may
 * be a File with its CRC computed beforehand ({@link crc32OfBlob}, chunk by chunk): the archive
 * then refers to the files on disk instead of holding a folder of recordings in memory.
 */

export interface ZipInput {
  /** Path inside the archive, `/`-separated. */
  path: string;
  data: Uint8Array | Blob;
  /** Required for a Blob (see {@link crc32OfBlob}); computed for bytes. */
  crc?: number | undefined;
  mtime?: Date | undefined;
}

export const MAX_ZIP_ENTRIES = 0xffff;
/** Offsets and sizes are 32-bit without Zip64. */
export const MAX_ZIP_BYTES = 0xffffffff;

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

/** CRC-32 (IEEE), as zip stores it; `previous` continues the CRC of the bytes before `data`. */
export function crc32(data: Uint8Array, previous = 0): number {
  let c = (previous ^ 0xffffffff) >>> 0;
  for (let i = 0; i < data.length; i++) c = CRC_TABLE[(c ^ data[i]!) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** CRC-32 of a Blob or File, read chunk by chunk (never whole in memory). */
export async function crc32OfBlob(blob: Blob): Promise<number> {
  const reader = blob.stream().getReader();
  let crc = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return crc;
    crc = crc32(value, crc);
  }
}

/** DOS date and time fields of `d` in Beijing time (UTC+8). */
function dosDateTime(d: Date): { date: number; time: number } {
  const b = new Date(d.getTime() + 8 * 3600_000);
  const year = Math.min(Math.max(b.getUTCFullYear(), 1980), 2107);
  return {
    date: ((year - 1980) << 9) | ((b.getUTCMonth() + 1) << 5) | b.getUTCDate(),
    time: (b.getUTCHours() << 11) | (b.getUTCMinutes() << 5) | (b.getUTCSeconds() >> 1),
  };
}

/** The archive as a Blob (the entries' bytes are not copied into one buffer). */
export function buildStoredZip(inputs: readonly ZipInput[]): Blob {
  if (inputs.length > MAX_ZIP_ENTRIES) throw new RangeError(`more than ${MAX_ZIP_ENTRIES} files`);
  const encoder = new TextEncoder();
  const parts: BlobPart[] = [];
  const central: Uint8Array<ArrayBuffer>[] = [];
  let offset = 0;
  for (const input of inputs) {
    const name = encoder.encode(input.path);
    const crc = input.crc ?? (input.data instanceof Uint8Array ? crc32(input.data) : undefined);
    if (crc === undefined) throw new TypeError(`no CRC for ${input.path}`);
    const { date, time } = dosDateTime(input.mtime ?? new Date());
    const size = input.data instanceof Uint8Array ? input.data.length : input.data.size;
    const local = new DataView(new ArrayBuffer(30));
    local.setUint32(0, 0x04034b50, true);
    local.setUint16(4, 20, true); // version needed
    local.setUint16(6, 0x800, true); // UTF-8 names
    local.setUint16(8, 0, true); // stored
    local.setUint16(10, time, true);
    local.setUint16(12, date, true);
    local.setUint32(14, crc, true);
    local.setUint32(18, size, true);
    local.setUint32(22, size, true);
    local.setUint16(26, name.length, true);
    local.setUint16(28, 0, true);
    const cen = new DataView(new ArrayBuffer(46 + name.length));
    cen.setUint32(0, 0x02014b50, true);
    cen.setUint16(4, 20, true); // made by: MS-DOS (no Unix mode, so never a symlink)
    cen.setUint16(6, 20, true);
    cen.setUint16(8, 0x800, true);
    cen.setUint16(10, 0, true);
    cen.setUint16(12, time, true);
    cen.setUint16(14, date, true);
    cen.setUint32(16, crc, true);
    cen.setUint32(20, size, true);
    cen.setUint32(24, size, true);
    cen.setUint16(28, name.length, true);
    cen.setUint32(42, offset, true);
    new Uint8Array(cen.buffer).set(name, 46);
    central.push(new Uint8Array(cen.buffer));
    parts.push(
      local.buffer,
      name as Uint8Array<ArrayBuffer>,
      input.data instanceof Uint8Array ? (input.data as Uint8Array<ArrayBuffer>) : input.data,
    );
    offset += 30 + name.length + size;
    if (offset > MAX_ZIP_BYTES) throw new RangeError('archive over 4 GB');
  }
  const cdSize = central.reduce((n, c) => n + c.length, 0);
  const end = new DataView(new ArrayBuffer(22));
  end.setUint32(0, 0x06054b50, true);
  end.setUint16(8, inputs.length, true);
  end.setUint16(10, inputs.length, true);
  end.setUint32(12, cdSize, true);
  end.setUint32(16, offset, true);
  return new Blob([...parts, ...central, end.buffer], { type: 'application/zip' });
}
