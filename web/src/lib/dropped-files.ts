/**
 * The files of a drop or a picker, each with its path relative to what the user chose: a dropped
 * folder is walked through `webkitGetAsEntry()` (the File System Entries API, the only way a
 * drop exposes a folder's contents), a `<input webkitdirectory>` gives `webkitRelativePath`.
 */

export interface PickedFile {
  /** `folder/sub/name.json`, or the bare name for a file picked or dropped on its own. */
  path: string;
  file: File;
}

/** Hidden files (`.DS_Store`, `._name` from macOS archives, `Thumbs.db`) are never calls. */
export function isJunk(path: string): boolean {
  const name = path.split('/').pop() ?? path;
  return name.startsWith('.') || name === 'Thumbs.db' || name === 'desktop.ini';
}

const fileOf = (entry: FileSystemFileEntry) =>
  new Promise<File>((resolve, reject) => entry.file(resolve, reject));

/** One folder's children: readEntries() answers in batches (100 in Chromium) until an empty one. */
async function childrenOf(dir: FileSystemDirectoryEntry): Promise<FileSystemEntry[]> {
  const reader = dir.createReader();
  const all: FileSystemEntry[] = [];
  for (;;) {
    const batch = await new Promise<FileSystemEntry[]>((resolve, reject) =>
      reader.readEntries(resolve, reject),
    );
    if (batch.length === 0) return all;
    all.push(...batch);
  }
}

async function walk(entry: FileSystemEntry, prefix: string, out: PickedFile[]): Promise<void> {
  const path = prefix ? `${prefix}/${entry.name}` : entry.name;
  if (entry.isFile) {
    out.push({ path, file: await fileOf(entry as FileSystemFileEntry) });
  } else if (entry.isDirectory) {
    for (const child of await childrenOf(entry as FileSystemDirectoryEntry)) await walk(child, path, out);
  }
}

/** Whether a drop holds a folder (read before the drop handler returns: items go stale after). */
export function dropHasFolder(data: DataTransfer): boolean {
  return [...data.items].some((i) => i.kind === 'file' && i.webkitGetAsEntry()?.isDirectory === true);
}

/** Every file of a drop, folders walked; junk files left out. */
export async function filesOfDrop(data: DataTransfer): Promise<PickedFile[]> {
  // The entries must be taken synchronously, before the first await.
  const entries = [...data.items]
    .filter((i) => i.kind === 'file')
    .map((i) => i.webkitGetAsEntry())
    .filter((e): e is FileSystemEntry => e !== null);
  const out: PickedFile[] = [];
  if (entries.length === 0) {
    for (const file of data.files) out.push({ path: file.name, file });
  } else {
    for (const entry of entries) await walk(entry, '', out);
  }
  return out.filter((f) => !isJunk(f.path));
}

/** The files of a picker: a folder picker's relative paths, else the bare names. */
export function filesOfInput(list: FileList | null): PickedFile[] {
  return [...(list ?? [])]
    .map((file) => ({ path: file.webkitRelativePath || file.name, file }))
    .filter((f) => !isJunk(f.path));
}
