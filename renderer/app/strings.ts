/** Every string the UI shows, in one place (ready for translation). */
export const STRINGS = {
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
  backend: {
    checking: 'Checking backend…',
    badge: {
      'tensorflow-gpu': 'GPU',
      tensorflow: 'CPU (native)',
      wasm: 'WASM',
      cpu: 'CPU',
    } as Record<string, string>,
    why: 'Why this backend?',
    whyTitle: 'Backends tried, fastest first',
    selected: 'in use',
    skipped: 'not used',
    close: 'Close',
    gpuHint:
      'For a GPU: install the CUDA libraries TensorFlow needs, then "npm install @tensorflow/tfjs-node-gpu" while online.',
  },
  data: {
    title: 'Your examples',
    hint: 'Drop one folder per class (or one folder holding them, or a .zip) anywhere on this window, or choose one.',
    addFolder: 'Add folder…',
    addZip: 'Add zip…',
    pathLabel: 'Or type the path of a dataset folder or .zip',
    scan: 'Import',
    scanning: 'Importing…',
    uploading: (done: number, total: number) => `Sending ${done} of ${total} files…`,
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
  },
  model: {
    title: 'Base model',
    pick: 'Pretrained base',
    noPacks:
      'No model packs installed. While online: "npx transfer-studio models fetch". Offline: copy Keras .h5 files or a Teachable Machine export and run "npx transfer-studio models fetch --from <folder>".',
    packHint: (family: string, size: number, top1: number) =>
      `${family}, ${size}×${size} input, ImageNet top-1 ${(top1 * 100).toFixed(1)}%`,
    freeze: 'Fine-tuning: unfreeze from block',
    freezeHelp:
      'Phase 1 trains only the new head on the frozen base. Fine-tuning then trains the blocks from here to the top at a low learning rate.',
    noFineTune: 'no fine-tuning (base stays frozen)',
    block: (n: number | string) => `block ${n}`,
    params: (trainable: number, total: number) =>
      `${trainable.toLocaleString()} of ${total.toLocaleString()} base parameters train in fine-tuning`,
    head: 'New head',
    heads: {
      default: 'Pooling → dropout 0.2 → softmax (small, fast)',
      classic: 'Flatten → Dense 256 → softmax (the classic)',
      hidden128: 'Pooling → Dense 128 → softmax',
    } as Record<string, string>,
    columns: ['Layer', 'Type', 'Block', 'Output shape', 'Params', 'Trains'],
    yes: 'yes',
    no: 'no',
  },
  train: {
    title: 'Train',
    needData: 'Import a dataset first (Data).',
    needBase: 'Choose a base model first (Model).',
    epochs: 'Epochs (phase 1)',
    epochsHelp:
      'Passes over the training images; training stops early when validation stops improving.',
    learningRate: 'Learning rate',
    batchSize: 'Batch size',
    fineTuneEpochs: 'Fine-tuning epochs (phase 2)',
    augment: 'Augmented views per image',
    augmentHelp:
      'Flipped, rotated, zoomed, brighter or darker copies: more variety, slower first run.',
    patience: 'Early stopping patience',
    seed: 'Seed',
    seedHelp: 'Same seed, same data, same settings: the same result.',
    start: 'Start training',
    cancel: 'Cancel',
    embedding: (done: number, total: number, rate: number) =>
      `Running the base over the images: ${done}/${total} (${rate.toFixed(0)} images/s)`,
    epoch: (n: number, phase: number) => `Epoch ${n} (phase ${phase})`,
    eta: (text: string) => `about ${text} left`,
    done: (accuracy: number | undefined) =>
      accuracy === undefined
        ? 'Done.'
        : `Done: ${(accuracy * 100).toFixed(1)}% of the validation images are right.`,
    failed: 'Training stopped:',
    loss: 'Loss',
    accuracy: 'Accuracy',
    series: {
      train: 'training',
      validation: 'validation',
      batches: 'training (per batch)',
    },
    phaseBoundary: 'fine-tuning starts',
  },
  evaluate: {
    title: 'How good is it?',
    needRun: 'Train a model first.',
    accuracy: (a: number, n: number) => `${(a * 100).toFixed(1)}% right on ${n} validation images`,
    perClass: ['Class', 'Precision', 'Recall', 'F1', 'Images'],
    confusion: 'Confusion matrix (rows: true class, columns: predicted)',
    cellHint: 'Select a cell to see its images.',
    mistakes: 'Mistakes',
    hardest: 'Hardest examples',
    hardestHelp: 'The images the model was least sure about (highest loss), right or wrong.',
    noMistakes: 'No mistakes on the validation images.',
    predicted: (name: string, p: number) => `predicted ${name} (${(p * 100).toFixed(0)}%)`,
    moveTo: (name: string) => `Move to "${name}"`,
    moved: (to: string) => `Moved to ${to}. Import again to retrain with it.`,
  },
  runs: {
    title: 'Runs of this session',
    none: 'Finished runs appear here to compare.',
    columns: ['Run', 'Model', 'Fine-tuning', 'Epochs', 'Validation accuracy', 'Time'],
    compare: 'Validation accuracy per epoch',
    yes: 'yes',
    no: 'no',
    scratch: 'Train a small network from scratch (to compare)',
    scratchHelp:
      'The same images, a small CNN that starts knowing nothing: what transfer learning saves you.',
    scratchLabel: 'from scratch',
    scratchModel: (parameters: number) => `small CNN, ${parameters.toLocaleString()} parameters`,
  },
  tryIt: {
    title: 'Try the model on new images',
    needRun: 'Train a model first.',
    pick: 'Choose images…',
    pathLabel: 'Or type an image path',
    predict: 'Predict',
  },
  export: {
    title: 'Export',
    needRun: 'Train a model first.',
    formats: { tfjs: 'TF.js (web, Teachable Machine code)', onnx: 'ONNX', keras: 'Keras (.keras)' },
    out: 'Export folder',
    choose: 'Choose…',
    overwrite: 'Replace an existing export',
    run: 'Export',
    parity: (agreement: number, diff: number, n: number, inputs: string) =>
      `Loaded back and checked on ${n} ${inputs}: ${(agreement * 100).toFixed(2)}% same top class, largest probability difference ${diff.toExponential(1)}`,
    show: 'Show in folder',
  },
  errorPrefix: 'Something went wrong:',
} as const;

function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}
