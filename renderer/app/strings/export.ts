/** The Export screen and the hand-in zip. */
export const EXPORT_STRINGS = {
  export: {
    title: 'Export',
    needRun: 'Train a model first.',
    scratchText:
      'This text model was trained from scratch (a bag of words, for comparison): it has no export. Choose a transfer run to export.',
    formats: { tfjs: 'TF.js (web, Teachable Machine code)', onnx: 'ONNX', keras: 'Keras (.keras)' },
    out: 'Export folder',
    choose: 'Choose…',
    download: 'Download',
    downloading: 'Preparing the download…',
    overwrite: 'Replace an existing export',
    run: 'Export',
    parity: (agreement: number, diff: number, n: number, inputs: string) =>
      `Loaded back and checked on ${n} ${inputs}: ${(agreement * 100).toFixed(2)}% same top class, largest probability difference ${diff.toExponential(1)}`,
    show: 'Show in folder',
    card: 'Model card (README.md beside the export)',
    step: (n: number, total: number, format: string) =>
      `Step ${n} of ${total}: writing ${format}, loading it back and checking it predicts what the app predicts…`,
    cancel: 'Cancel',
    cancelled: 'The export was cancelled; the format being written was not put in place.',
    parityFewer: (n: number, total: number) =>
      `(the first ${n} of its ${total} validation images: enough to show the export agrees; Evaluate counts all ${total}).`,
  },
  handIn: {
    title: 'Hand in',
    help: 'One zip for your teacher: a lab report that prints on two pages (report.html), the model and the project file.',
    student: 'Your name',
    out: 'Save the zip as',
    withData: (texts: boolean) => (texts ? 'Include the texts' : 'Include the images'),
    run: 'Write the hand-in zip',
    done: (path: string, mib: string) => `Written: ${path} (${mib} MiB)`,
    download: 'Download the zip',
  },
} as const;
