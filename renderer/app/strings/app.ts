import { plural } from './plural.js';

/** The app frame: name, tabs, connection, theme, backend badge. */
export const APP_STRINGS = {
  appName: 'Transfer Studio',
  tabs: {
    data: 'Data',
    model: 'Model',
    train: 'Train',
    evaluate: 'Evaluate',
    runs: 'Runs',
    tryIt: 'Try it',
    export: 'Export',
  },
  connecting: 'Connecting to the engine…',
  connectionFailed: 'Transfer Studio could not reach its engine.',
  connectionHint:
    'Open the address "npm run web" printed (it carries the access key), or restart the app.',
  dropHere: 'Drop folders (one per class) or a .zip to import them',
  theme: {
    names: { system: 'the system theme', light: 'light', dark: 'dark' },
    label: (current: string, next: string) => `Theme: ${current} — switch to ${next}`,
  },
  guide: {
    go: (screen: string) => `Go to ${screen}`,
    done: 'done',
  },
  backend: {
    checking: 'Checking backend…',
    badge: {
      'tensorflow-gpu': 'GPU',
      tensorflow: 'CPU (native)',
      wasm: 'WASM',
      cpu: 'CPU',
    } as Record<string, string>,
    why: 'Why this backend?',
    whyTitle: 'Where this computer trains',
    teacher: {
      gpu: 'This computer trains on its graphics card (GPU): the fastest option.',
      cpu: 'This computer trains on its processor. That is fine for classroom datasets — a few hundred to a few thousand images train in minutes.',
    },
    details: 'Details for engineers',
    selected: 'in use',
    skipped: 'not used',
    close: 'Close',
    gpuHint:
      'Faster training: install the CUDA libraries TensorFlow needs, then, while online, "npm install --no-save @tensorflow/tfjs-node-gpu@4.22.0" (or @tensorflow/tfjs-node@4.22.0 without a GPU) in the app folder, and restart.',
  },
  errorPrefix: 'Something went wrong:',
  connection: {
    lost: 'Lost the connection to the Transfer Studio engine.',
    reconnecting: 'Trying to reconnect…',
    whatToDo:
      'If you stopped it (Ctrl+C) or closed its terminal: run "npm run web" again and open the new address it prints. Your project was saved.',
    failed: (n: number) =>
      `${plural(n, 'action')} could not reach the engine and did not happen; do ${n === 1 ? 'it' : 'them'} again once reconnected.`,
    callFailed:
      'Not connected to the Transfer Studio engine: this did not happen. Try again once it is back.',
  },
} as const;
