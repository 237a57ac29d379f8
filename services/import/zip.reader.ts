/**
 * A small reader of zip archives that trusts nothing in them: entries come from the central
 * directory, each checked before it is read (path, type, size, compression ratio) and inflated
 * with a hard output limit, so a zip bomb stops at its declared size. Zip64, encryption and
 * methods other than stored/deflated are refused per entry (or per archive) with a reason.
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { crc32, inflateRawSync } from 'node:zlib';

export interface ArchiveLimits {
  /** Most entries considered; later ones are refused. */
  maxEntries: number;
  /** Largest uncompressed entry. */
  maxEntryBytes: number;
  /** Most uncompressed bytes over the whole archive (or folder). */
  maxTotalBytes: number;
  /** Largest uncompressed/compressed ratio for entries over 1 MiB. */
  maxRatio: number;
}

export const DEFAULT_ARCHIVE_LIMITS: ArchiveLimits = {
  maxEntries: 50_000,
  maxEntryBytes: 200 * 1024 * 1024,
  maxTotalBytes: 4 * 1024 * 1024 * 1024,
  maxRatio: 100,
};

export interface ZipEntry {
  /** The name as stored (UTF-8 when flagged, else GBK as Chinese Windows writes it). */
  name: string;
  size: number;
  compressedSize: number;
  mtime: Date;
  /** Why the entry is refused; undefined when it may be read. */
  refused?: string;
  method: number;
  crc: number;
  localOffset: number;
  directory: boolean;
}

const EOCD_SIG = 0x06054b50;
const CEN_SIG = 0x02014b50;
const LOC_SIG = 0x04034b50;
const S_IFMT = 0o170000;
const S_IFLNK = 0o120000;

/** Why a path inside an archive or folder is unsafe to use; undefined when it is fine. */
export function unsafePathReason(name: string): string | undefined {
  if (name.includes('\0')) return '文件名含 NUL 字符';
  if (/^([/\\]|[A-Za-z]:)/.test(name)) return '绝对路径，已拒绝';
  if (name.split(/[/\\]/).some((part) => part === '..')) return '路径含 “..”（越出导入目录），已拒绝';
  return undefined;
}

export class ZipArchive {
  private constructor(
    private readonly fd: number,
    readonly entries: ZipEntry[],
  ) {}

  /** Opens an archive and lists its entries; throws with a reason when it is not a usable zip. */
  static open(path: string, limits: ArchiveLimits = DEFAULT_ARCHIVE_LIMITS): ZipArchive {
    const fd = openSync(path, 'r');
    try {
      return new ZipArchive(fd, listEntries(fd, limits));
    } catch (err) {
      closeSync(fd);
      throw err;
    }
  }

  /** The entry's bytes; throws with a reason (size mismatch, bad checksum, corrupt data). */
  read(entry: ZipEntry): Buffer {
    if (entry.refused) throw new Error(entry.refused);
    const head = Buffer.alloc(30);
    readSync(this.fd, head, 0, 30, entry.localOffset);
    if (head.readUInt32LE(0) !== LOC_SIG) throw new Error('条目头损坏');
    const dataStart = entry.localOffset + 30 + head.readUInt16LE(26) + head.readUInt16LE(28);
    const compressed = Buffer.alloc(entry.compressedSize);
    readSync(this.fd, compressed, 0, entry.compressedSize, dataStart);
    let data: Buffer;
    if (entry.method === 0) data = compressed;
    else {
      try {
        // One byte over the declared size is enough to catch an entry that lies about it.
        data = inflateRawSync(compressed, { maxOutputLength: entry.size + 1 });
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE')
          throw new Error('解压后超过声明大小（疑似压缩炸弹），已拒绝');
        throw new Error(`解压失败（${(err as Error).message}）`);
      }
    }
    if (data.length !== entry.size) throw new Error('解压后大小与声明不符（疑似压缩炸弹或文件损坏），已拒绝');
    if (crc32(data) >>> 0 !== entry.crc) throw new Error('校验和不符，文件损坏');
    return data;
  }

  close(): void {
    closeSync(this.fd);
  }
}

function listEntries(fd: number, limits: ArchiveLimits): ZipEntry[] {
  const fileSize = fstatSync(fd).size;
  const tailSize = Math.min(fileSize, 22 + 0xffff);
  const tail = Buffer.alloc(tailSize);
  readSync(fd, tail, 0, tailSize, fileSize - tailSize);
  let eocd = -1;
  for (let i = tailSize - 22; i >= 0; i--) {
    if (tail.readUInt32LE(i) === EOCD_SIG) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new Error('不是 zip 文件，或文件已损坏（找不到目录）');
  const count = tail.readUInt16LE(eocd + 10);
  const cdSize = tail.readUInt32LE(eocd + 12);
  const cdOffset = tail.readUInt32LE(eocd + 16);
  if (count === 0xffff || cdOffset === 0xffffffff) throw new Error('不支持 Zip64 格式的压缩包');
  if (cdOffset + cdSize > fileSize) throw new Error('zip 目录越界，文件已损坏');
  const cd = Buffer.alloc(cdSize);
  readSync(fd, cd, 0, cdSize, cdOffset);
  const entries: ZipEntry[] = [];
  let total = 0;
  let files = 0;
  let p = 0;
  for (let n = 0; n < count; n++) {
    if (p + 46 > cd.length || cd.readUInt32LE(p) !== CEN_SIG) throw new Error('zip 目录损坏');
    const madeBy = cd.readUInt16LE(p + 4) >> 8;
    const flags = cd.readUInt16LE(p + 8);
    const method = cd.readUInt16LE(p + 10);
    const time = cd.readUInt16LE(p + 12);
    const date = cd.readUInt16LE(p + 14);
    const crc = cd.readUInt32LE(p + 16);
    const compressedSize = cd.readUInt32LE(p + 20);
    const size = cd.readUInt32LE(p + 24);
    const nameLen = cd.readUInt16LE(p + 28);
    const extraLen = cd.readUInt16LE(p + 30);
    const commentLen = cd.readUInt16LE(p + 32);
    const externalAttrs = cd.readUInt32LE(p + 38);
    const localOffset = cd.readUInt32LE(p + 42);
    const rawName = cd.subarray(p + 46, p + 46 + nameLen);
    p += 46 + nameLen + extraLen + commentLen;
    const name = new TextDecoder(flags & 0x800 ? 'utf-8' : 'gbk').decode(rawName);
    const directory = name.endsWith('/');
    const entry: ZipEntry = {
      name,
      size,
      compressedSize,
      mtime: dosTime(date, time),
      method,
      crc,
      localOffset,
      directory,
    };
    const reason =
      unsafePathReason(name) ??
      (madeBy === 3 && ((externalAttrs >>> 16) & S_IFMT) === S_IFLNK ? '符号链接，已拒绝' : undefined) ??
      (flags & 0x1 ? '加密条目，不支持' : undefined) ??
      (method !== 0 && method !== 8 ? `不支持的压缩方式（${method}）` : undefined) ??
      (size === 0xffffffff || compressedSize === 0xffffffff ? '不支持 Zip64 条目' : undefined) ??
      (size > limits.maxEntryBytes
        ? `解压后 ${mb(size)}，超过单个文件上限 ${mb(limits.maxEntryBytes)}`
        : undefined) ??
      (size > 1024 * 1024 && size / Math.max(1, compressedSize) > limits.maxRatio
        ? `压缩比 ${Math.round(size / Math.max(1, compressedSize))}:1 过高（疑似压缩炸弹），已拒绝`
        : undefined) ??
      (!directory && files >= limits.maxEntries ? `超过条目数上限 ${limits.maxEntries}` : undefined) ??
      (!directory && total + size > limits.maxTotalBytes
        ? `压缩包解压总量超过上限 ${mb(limits.maxTotalBytes)}`
        : undefined);
    if (reason) entry.refused = reason;
    else if (!directory) {
      total += size;
      files++;
    }
    entries.push(entry);
  }
  return entries;
}

const mb = (bytes: number) => `${Math.round(bytes / 1024 / 1024)} MB`;

function dosTime(date: number, time: number): Date {
  const y = ((date >> 9) & 0x7f) + 1980;
  const mo = ((date >> 5) & 0xf) - 1;
  const d = date & 0x1f;
  // DOS times carry no zone; recorder apps and Chinese PCs write Beijing time.
  return new Date(Date.UTC(y, mo, d || 1, (time >> 11) - 8, (time >> 5) & 0x3f, (time & 0x1f) * 2));
}
