import { plural } from './plural.js';

/** The Data screen and what an import says. */
export const DATA_STRINGS = {
  data: {
    title: 'Your examples',
    hint: 'Drop one folder per class (or one folder holding them, or a .zip) anywhere on this window, or choose one.',
    addFolder: 'Add folder…',
    addZip: 'Add zip…',
    pathLabel: 'Or type the path of a dataset folder or .zip',
    scan: 'Import',
    scanning: 'Importing…',
    uploading: (done: number, total: number) => `Sending ${done} of ${total} files…`,
    scannedSoFar: (seen: number, imported: number) =>
      `Checked ${seen} files, ${imported} usable images so far…`,
    summary: (imported: number, skipped: number, classes: number) =>
      `${plural(imported, 'image')} in ${plural(classes, 'class', 'classes')} · ${plural(skipped, 'file')} skipped`,
    images: (n: number) => plural(n, 'image'),
    problems: 'Problems',
    noProblems: 'Every file was imported.',
    rename: 'Rename',
    addImages: 'Add images…',
    remove: 'Remove',
    removeConfirm: (n: number) => `Move ${n === 1 ? 'its image' : `its ${n} images`} to the trash`,
    renameLabel: 'New name',
    save: 'Save',
    cancel: 'Cancel',
    split: 'Held out for validation',
    ownSplit:
      'This dataset comes with its own train/validation folders; they are used as they are.',
    splitCounts: (train: number, validation: number) =>
      `about ${train} images to train on, ${validation} to check the model with`,
    sampleTitle: 'No images of your own yet?',
    trySample: 'Try it with sample images',
    sampleAbout: (name: string, images: number, description: string) =>
      `${name}, ${plural(images, 'image')}: ${description}`,
    lookAction: 'What the pretrained model sees',
    lookLabel: (path: string) => `What the pretrained model sees in ${path}`,
    lookLoading: 'Asking the pretrained model…',
    lookMissingPack:
      'The pretrained model that knows ImageNet’s 1000 classes (MobileNet V1 0.75, bundled with the app) is missing from this installation, so it cannot say what it sees. Reinstall the app, or add that pack on the Model screen.',
  },
  emptyImport: {
    /** A scan found no image the app can use; what the student had stays. */
    nothingUsable: (path: string, skipped: number) =>
      skipped === 0
        ? `Nothing was imported from ${path}: it holds no files.`
        : `Nothing was imported from ${path}: none of its ${plural(skipped, 'file')} is an image the app can use.`,
    mostlyBecause: (title: string, count: number) =>
      `Most were: ${title.toLowerCase()} (${count}).`,
    kept: (imported: number) => `Your ${plural(imported, 'image')} are still here, unchanged.`,
    hint: 'Import a folder with one folder of images (JPEG, PNG, WebP…) per class, or a .zip of one.',
  },
} as const;
