/**
 * What the user dropped or picked, as files with their paths inside what was dropped. Browsers
 * give a page the bytes of a dropped folder but never its path on disk; Electron adds the path.
 */
export interface PickedFile {
  /** "/"-separated path inside the dropped item, starting with its own name: "pets/cat/1.jpg". */
  path: string;
  file: File;
}

/** Reads every file of the dropped items, walking dropped folders. */
export async function filesFromDataTransfer(transfer: DataTransfer): Promise<PickedFile[]> {
  // Read every item before awaiting: a DataTransfer is emptied once the drop handler yields.
  const items = [...transfer.items].map((item) => ({
    entry: item.webkitGetAsEntry(),
    file: item.getAsFile(),
  }));
  const files: PickedFile[] = [];
  for (const { entry, file } of items) {
    if (entry) await walk(entry, entry.name, files);
    // Files without an entry (some platforms, synthetic drops) come flat, without folders.
    else if (file) files.push({ path: file.name, file });
  }
  return files;
}

/** The files of an <input type="file" webkitdirectory>: their webkitRelativePath names the folder. */
export function filesFromInput(list: FileList): PickedFile[] {
  return [...list].map((file) => ({ path: file.webkitRelativePath || file.name, file }));
}

async function walk(entry: FileSystemEntry, path: string, into: PickedFile[]): Promise<void> {
  if (entry.isFile) {
    const file = await new Promise<File>((resolve, reject) =>
      (entry as FileSystemFileEntry).file(resolve, reject),
    );
    into.push({ path, file });
    return;
  }
  const reader = (entry as FileSystemDirectoryEntry).createReader();
  // readEntries returns the folder in chunks; an empty chunk means it is done.
  for (;;) {
    const chunk = await new Promise<FileSystemEntry[]>((resolve, reject) =>
      reader.readEntries(resolve, reject),
    );
    if (chunk.length === 0) return;
    for (const child of chunk) await walk(child, `${path}/${child.name}`, into);
  }
}

/** The dropped items' top-level names ("pets" for pets/cat/1.jpg). */
export function topLevelNames(files: readonly PickedFile[]): string[] {
  return [...new Set(files.map((f) => f.path.split('/')[0] ?? f.path))];
}
