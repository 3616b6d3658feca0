import { plural } from './plural.js';

/** The project bar: saving, reopening, copying images. */
export const PROJECT_STRINGS = {
  project: {
    saving: 'Saving…',
    saved: (time: string) => `Saved ${time}`,
    saveFailed: 'Not saved: see why',
    recover: (name: string, when: string) => `Carry on with “${name}” (last saved ${when})?`,
    open: 'Open it',
    startFresh: 'Start fresh',
    reopened: (name: string) => `Opened “${name}”`,
    fromBackup: 'Its project file was damaged; the last good copy was used.',
    migrated: (version: number) =>
      `It was saved by an older Transfer Studio (format ${version}) and has been brought up to date.`,
    unchanged: 'Its images are as they were.',
    textsUnchanged: 'Its texts are as they were.',
    datasetMissing: (path: string) => `${path} is not there any more (moved or unplugged?)`,
    moved: (n: number) => `${n} images moved (same content, new place)`,
    vanished: (n: number, some: string[]) =>
      `${n} images vanished: ${some.join(', ')}${n > some.length ? '…' : ''}`,
    changed: (n: number) => `${n} images changed`,
    added: (n: number) => `${n} new images`,
    /** A text dataset's changes, by file (a .txt file, or a whole table). */
    filesMoved: (n: number) => `${plural(n, 'text file')} moved (same content, new place)`,
    filesVanished: (n: number, some: string[]) =>
      `${plural(n, 'text file')} removed: ${some.join(', ')}${n > some.length ? '…' : ''}`,
    filesChanged: (n: number, some: string[]) =>
      `${plural(n, 'text file')} edited: ${some.join(', ')}${n > some.length ? '…' : ''}`,
    filesAdded: (n: number) => `${plural(n, 'new text file')}`,
    textsNotChecked: (path: string) =>
      `${path} was not checked for edits: the project was saved by an older Transfer Studio, which did not record its text files. It is recorded now.`,
    textsMissingWhenSaved: (path: string) =>
      `${path} was not checked for edits: it was missing (or could not be read) when the project was saved, so its text files were never recorded. They are recorded at the next save.`,
    copyImages: 'Copy the images into the project (to move it to another computer)',
    copied: (path: string) => `Images copied to ${path}; the project uses the copy now.`,
    copying: (copied: number, total: number, mib: string) =>
      `Copying into the project: ${copied} of ${total} files (${mib} MiB)`,
    copyStarting: 'Copying into the project…',
    cancelCopy: 'Cancel',
    copyCancelled:
      'The copy was cancelled; the project keeps what it used before (an earlier copy stays whole).',
  },
} as const;
