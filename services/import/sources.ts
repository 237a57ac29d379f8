/**
 * What an import reads: the files of a folder (recursively) or the entries of a zip archive, as
 * one list of entries, each either readable or refused with the reason. Symlinks, paths that
 * leave the folder, oversize entries and entries past the count or total-size limit are refused
 * per entry; the rest of the source still imports.
 */
import { closeSync, lstatSync, openSync, readdirSync, readFileSync, readSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { type ArchiveLimits, DEFAULT_ARCHIVE_LIMITS, unsafePathReason, ZipArchive } from './zip.reader.js';

export interface SourceEntry {
  /** Path inside the folder or archive, with `/` separators. */
  path: string;
  size: number;
  mtime: Date;
  /** Set when the entry must not be read. */
  refused?: string;
  read(): Buffer;
}

export interface ImportSource {
  kind: 'folder' | 'zip';
  entries: SourceEntry[];
  close(): void;
}

const ZIP_MAGIC = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
const EMPTY_ZIP_MAGIC = Buffer.from([0x50, 0x4b, 0x05, 0x06]);

/** Opens a folder or a zip archive (by content, not by name). */
export function openSource(path: string, limits: ArchiveLimits = DEFAULT_ARCHIVE_LIMITS): ImportSource {
  let stat: ReturnType<typeof statSync>;
  try {
    stat = statSync(path);
  } catch {
    throw new Error(`找不到文件夹或压缩包：${path}`);
  }
  if (stat.isDirectory()) return { kind: 'folder', entries: walkFolder(path, limits), close: () => {} };
  const head = Buffer.alloc(4);
  const fd = openSync(path, 'r');
  try {
    readSync(fd, head, 0, 4, 0);
  } finally {
    closeSync(fd);
  }
  if (!head.equals(ZIP_MAGIC) && !head.equals(EMPTY_ZIP_MAGIC))
    throw new Error(`${path} 既不是文件夹也不是 zip 压缩包`);
  const zip = ZipArchive.open(path, limits);
  return {
    kind: 'zip',
    entries: zip.entries
      .filter((e) => !e.directory)
      .map((e) => ({
        path: e.name,
        size: e.size,
        mtime: e.mtime,
        ...(e.refused ? { refused: e.refused } : {}),
        read: () => zip.read(e),
      })),
    close: () => zip.close(),
  };
}

function walkFolder(root: string, limits: ArchiveLimits): SourceEntry[] {
  const entries: SourceEntry[] = [];
  let files = 0;
  let total = 0;
  const visit = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const full = join(dir, name);
      const rel = relative(root, full).split(sep).join('/');
      const st = lstatSync(full);
      const base = { path: rel, size: st.size, mtime: st.mtime };
      const refuse = (reason: string) =>
        entries.push({
          ...base,
          refused: reason,
          read: () => {
            throw new Error(reason);
          },
        });
      if (st.isSymbolicLink()) {
        refuse('符号链接，已拒绝');
        continue;
      }
      if (st.isDirectory()) {
        visit(full);
        continue;
      }
      if (!st.isFile()) {
        refuse('不是普通文件');
        continue;
      }
      const reason =
        unsafePathReason(rel) ??
        (st.size > limits.maxEntryBytes
          ? `文件过大（超过 ${Math.round(limits.maxEntryBytes / 1048576)} MB）`
          : undefined) ??
        (files >= limits.maxEntries ? `超过文件数上限 ${limits.maxEntries}` : undefined) ??
        (total + st.size > limits.maxTotalBytes ? '超过导入总量上限' : undefined);
      if (reason) {
        refuse(reason);
        continue;
      }
      files++;
      total += st.size;
      entries.push({ ...base, read: () => readFileSync(full) });
    }
  };
  visit(root);
  return entries;
}
