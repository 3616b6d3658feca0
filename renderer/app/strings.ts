/** Every string the UI shows, in one place (ready for translation). */
export const STRINGS = {
  appName: 'Transfer Studio',
  tabs: { data: 'Data', models: 'Base models' },
  connecting: 'Connecting to the engine…',
  connectionFailed: 'Transfer Studio could not reach its engine.',
  connectionHint:
    'Open the address "npm run web" printed (it carries the access key), or restart the app.',
  backend: {
    checking: 'Checking backend…',
    badge: {
      'tensorflow-gpu': 'GPU',
      tensorflow: 'CPU (native)',
      wasm: 'WASM',
      cpu: 'CPU',
    } as Record<string, string>,
    why: 'Why this backend?',
  },
  data: {
    title: 'Your examples',
    pathLabel: 'Dataset folder or .zip (one sub-folder per class)',
    scan: 'Import',
    scanning: 'Importing…',
    summary: (imported: number, skipped: number, classes: number) =>
      `${plural(imported, 'image')} in ${plural(classes, 'class', 'classes')} · ${plural(skipped, 'file')} skipped`,
    images: (n: number) => plural(n, 'image'),
    problems: 'Problems',
    noProblems: 'Every file was imported.',
    warnings: 'Warnings',
  },
  models: {
    installed: 'Installed model packs',
    none: 'No model packs installed yet. Add one with "npx transfer-studio models fetch" while online, or copy Keras .h5 files and run "models fetch --from <folder>".',
    store: (path: string) => `Pack store: ${path}`,
    catalog: 'Architectures',
    columns: ['Name', 'Family', 'Input', 'Features', 'ImageNet top-1'],
    problem: 'Cannot be used:',
  },
  errorPrefix: 'Something went wrong:',
} as const;

function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}
