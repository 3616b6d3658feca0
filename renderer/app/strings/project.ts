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
    datasetMissing: (path: string) => `${path} is not there any more (moved or unplugged?)`,
    moved: (n: number) => `${n} images moved (same content, new place)`,
    vanished: (n: number, some: string[]) =>
      `${n} images vanished: ${some.join(', ')}${n > some.length ? '…' : ''}`,
    changed: (n: number) => `${n} images changed`,
    added: (n: number) => `${n} new images`,
    copyImages: 'Copy the images into the project (to move it to another computer)',
    copied: (path: string) => `Images copied to ${path}; the project uses the copy now.`,
  },
} as const;
