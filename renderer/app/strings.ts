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
  model: {
    title: 'Base model',
    pick: 'Pretrained base',
    noPacks:
      'No model packs installed. While online: "npx transfer-studio models fetch". Offline: copy Keras .h5 files or a Teachable Machine export and run "npx transfer-studio models fetch --from <folder>".',
    packHint: (family: string, size: number, top1: number) =>
      `${family}, ${size}×${size} input, ImageNet top-1 ${(top1 * 100).toFixed(1)}%`,
    addPack: 'Add a model pack…',
    packPath: 'Or type the path of a model pack folder or zip',
    add: 'Add',
    added: (name: string, architecture: string) => `Added ${name} (${architecture}).`,
    addedPlain: (name: string) => `Added ${name}.`,
    featureLayerTitle: 'Which layer gives the features?',
    featureLayerHelp:
      'This is a plain TF.js model with its own classifier. Transfer learning keeps everything up to one layer and trains a new head on its output. The suggested layer is the last pooling or flatten layer before the classifier.',
    featureLayerLabel: 'Feature layer',
    layerOption: (name: string, className: string, shape: number[], suggested: boolean) =>
      `${name} — ${className} [${shape.join(', ')}]${suggested ? ' (suggested)' : ''}`,
    useLayer: 'Add with this layer',
    cancelLayer: 'Cancel',
    addPackZip: 'Add a pack zip…',
    sendingPack: (done: number, total: number) => `Sending the pack: ${done} of ${total} files…`,
    freeze: 'Fine-tuning: unfreeze from block',
    freezeHelp:
      'Phase 1 trains only the new head on the frozen base. Fine-tuning (when its epochs, on the Train screen, are above 0) then trains the blocks from here to the top at a low learning rate.',
    noFineTune: 'top (only the layers after the last block)',
    block: (n: number | string) => `block ${n}`,
    params: (trainable: number, total: number) =>
      `${trainable.toLocaleString()} of ${total.toLocaleString()} base parameters train in fine-tuning (the Trainable params column; BatchNorm's moving averages are counted in Params but never train)`,
    head: 'New head',
    heads: {
      default: 'Pooling → dropout 0.2 → softmax (small, fast)',
      classic: 'Flatten → Dense 256 → softmax (the classic)',
      hidden128: 'Pooling → Dense 128 → softmax',
    } as Record<string, string>,
    columns: ['Layer', 'Type', 'Block', 'Output shape', 'Params', 'Trainable params', 'Trains'],
    freezeSlider: 'Fine-tuning unfreezes from this block',
    layerPages: 'Pages of layers',
    layerRange: (first: number, last: number, total: number) =>
      `Layers ${first}–${last} of ${total}`,
    previousLayers: 'Previous layers',
    nextLayers: 'Next layers',
    layers: 'Layers',
    layersHelp: 'Switch single layers on or off for fine-tuning (the slider sets the default).',
    resetLayers: (n: number) => `Undo ${n} single-layer ${n === 1 ? 'change' : 'changes'}`,
    trainsLabel: (name: string) => `${name} trains in fine-tuning`,
    yes: 'yes',
    no: 'no',
  },
  train: {
    progressLabel: 'Training progress',
    title: 'Train',
    needData: 'Import a dataset first (Data).',
    needBase: 'Choose a base model first (Model).',
    epochs: 'Epochs (phase 1)',
    epochsHelp:
      'Passes over the training images; training stops early when validation stops improving.',
    learningRate: 'Learning rate',
    learningRateHelp:
      'How big a step each batch takes: 0.001 suits most data; smaller is slower but steadier. Fine-tuning uses a tenth of it.',
    batchSize: 'Batch size',
    batchSizeHelp: 'Images per step: 16 to 64 is usual; smaller batches give noisier steps.',
    fineTuneEpochs: 'Fine-tuning epochs (phase 2)',
    fineTuneEpochsHelp:
      'Then also trains the top of the pretrained network, slowly; 0 skips it. Kept only if it helps.',
    augment: 'Augmented views per image',
    augmentHelp:
      'Flipped, rotated, zoomed, brighter or darker copies: more variety, slower first run.',
    patience: 'Early stopping patience',
    patienceHelp:
      'Stop after this many epochs without a better validation loss, keeping the best; 0: never stop early.',
    seed: 'Seed',
    seedHelp: 'Same seed, same data, same settings: the same result.',
    start: 'Start training',
    cancel: 'Cancel',
    fixFields: 'Fix the settings marked in red to start.',
    invalid: {
      notANumber: 'Type a number.',
      notWhole: 'Type a whole number.',
      outOfRange: (min: number, max: number, minExcluded: boolean) =>
        minExcluded ? `Must be above ${min} and at most ${max}.` : `Must be from ${min} to ${max}.`,
    },
    preparingFineTuning: 'Preparing fine-tuning…',
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
    hardestHelp: 'Right answers the model was least sure about: the next mistakes it may make.',
    noMistakes: 'No mistakes on the validation images.',
    noMistakesHere: 'No mistakes on these images.',
    evaluatingValidation: 'Running the model on its validation images…',
    sourceLabel: 'Images evaluated',
    validationSource: 'Validation images',
    folderSource: (label: string) => `Folder: ${label}`,
    otherFolder: 'Evaluate on another folder…',
    otherFolderPath: 'Or type the path of a test folder (one sub-folder per class)',
    evaluateFolder: 'Evaluate',
    sendingFolder: (done: number, total: number) =>
      `Sending the test folder: ${done} of ${total} files…`,
    evaluatingFolder: (label: string) => `Running the model on every image of ${label}…`,
    cancel: 'Cancel',
    accuracyOnFolder: (a: number, n: number, label: string) =>
      `${(a * 100).toFixed(1)}% right on ${n} images of the folder ${label} (not the validation images)`,
    folderNoKnownImages: (label: string, classes: readonly string[]) =>
      `${label} has no images in a class this model knows. Its sub-folders must be named like the classes: ${classes.join(', ')}.`,
    folderFallbackName: 'the test folder',
    skippedClasses: (names: readonly string[]) =>
      `Not counted: the images of ${names.join(', ')}, classes this model was not trained on.`,
    noImages: 'No images in this cell.',
    cellTitle: (actual: string, predicted: string, n: number) =>
      `True: ${actual} · Predicted: ${predicted} — ${n} image${n === 1 ? '' : 's'}`,
    allMistakes: (n: number) => `Mistakes — ${n} image${n === 1 ? '' : 's'}`,
    showAllMistakes: 'Show all mistakes',
    listedOnly: (shown: number, total: number) =>
      `The engine listed ${shown} of these ${total} images (the most confident mistakes).`,
    pageRange: (first: number, last: number, total: number) => `${first}–${last} of ${total}`,
    previousPage: 'Previous',
    nextPage: 'Next',
    predicted: (name: string, p: number) => `predicted ${name} (${(p * 100).toFixed(0)}%)`,
    moveTo: (name: string) => `Move to "${name}"`,
    moved: (to: string) => `Moved to ${to}. Import again to retrain with it.`,
    movedShort: (name: string) => `Moved to "${name}"`,
    dismissMove: 'Dismiss',
    undo: 'Undo',
    showWhere: 'Where it looked',
    hideWhere: 'Hide where it looked',
    whereAlt: (path: string, className: string) =>
      `Where the model looked in ${path} for ${className}`,
  },
  runPicker: {
    label: 'Model of run',
    option: (n: number, accuracy: number | undefined, latest: boolean) =>
      `Run ${n}${accuracy === undefined ? '' : ` — ${(accuracy * 100).toFixed(1)}%`}${latest ? ' (latest)' : ''}`,
  },
  runs: {
    title: 'Runs of this project',
    none: 'Finished runs appear here to compare.',
    columns: ['Run', 'Model', 'Fine-tuning', 'Epochs', 'Validation accuracy', 'Time'],
    compare: 'Validation accuracy per epoch',
    yes: 'yes',
    no: 'no',
    scratch: 'Train a small network from scratch (to compare)',
    scratchHelp:
      'The same images, a small CNN that starts knowing nothing: what transfer learning saves you.',
    scratchLabel: 'from scratch',
    modelGone: '(model folder gone)',
    scratchModel: 'from scratch (small CNN)',
    modelLoading: '…',
    keptEpoch: (accuracy: number, epoch: number) =>
      `${(accuracy * 100).toFixed(1)}% (epoch ${epoch} kept)`,
    keptHelp:
      'Each run keeps the weights of its epoch with the lowest validation loss; its accuracy is that epoch’s, drawn as the large point on its curve.',
    scratchStarting: 'Reading the images…',
    scratchEpoch: (epoch: number, left: string) =>
      `From scratch: epoch ${epoch} done, about ${left} left`,
    scratchCancel: 'Cancel',
    scratchCancelled: 'The from-scratch run was cancelled; nothing was saved.',
  },
  tryIt: {
    title: 'Try the model on new images',
    dropHint: 'Drop images here, choose them, or type the path of one image.',
    needRun: 'Train a model first.',
    pick: 'Choose images…',
    pathLabel: 'Or type an image path',
    predict: 'Predict',
    beforeTraining:
      'No model trained yet: try images anyway to see what the pretrained network already recognises. Train a model to see your own classes.',
    pretrainedTitle: (model: string) => `What the pretrained network sees (${model})`,
    pretrainedHint:
      'Its own guesses among the 1,000 ImageNet classes it learned from, before any training on your examples: the knowledge transfer learning builds on.',
    showWhere: 'Show where it looked',
    whereHint:
      'Red: the places that raised the score of the predicted class most; blue: places that did not count.',
    whereAlt: (name: string, className: string) =>
      `Where the model looked in ${name} for ${className}`,
    thumbnailAlt: (name: string) => `The image ${name}`,
    clear: 'Clear',
    working: 'Classifying the images',
  },
  camera: {
    use: 'Use camera',
    title: (className: string) => `Camera: new examples of “${className}”`,
    choose: 'Camera',
    starting: 'Starting the camera…',
    noCamera: 'No camera found. Connect one (or allow this app to use it) and try again.',
    refused:
      'Camera permission was refused — allow the camera for this app in your browser or system settings, then try again.',
    busy: 'The camera is in use by another program: close it and try again.',
    failed: (reason: string) => `The camera could not start: ${reason}`,
    preview: 'Camera preview',
    shot: 'Take a photo',
    hold: 'Hold to record',
    holdHint: 'Hold the button (or Space on it) to record a few frames a second.',
    recording: 'Recording…',
    saved: (n: number) => `${plural(n, 'frame')} saved`,
    waiting: (n: number) => `${n} waiting to be saved`,
    done: 'Done',
    live: 'Live camera',
    stopLive: 'Stop the camera',
    liveHint: 'Classifies what the camera sees, one frame after the other.',
    rate: (perSecond: number) => `${perSecond.toFixed(1)} predictions/s`,
    needModel: 'Train a model to see live predictions of your classes.',
    liveStopped: (failures: number, reason: string) =>
      `Live predictions stopped after ${failures} failed frames in a row: ${reason}. Turn the live camera off and on to try again.`,
  },
  export: {
    title: 'Export',
    needRun: 'Train a model first.',
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
  handIn: {
    title: 'Hand in',
    help: 'One zip for your teacher: a lab report that prints on two pages (report.html), the model and the project file.',
    student: 'Your name',
    out: 'Save the zip as',
    withData: 'Include the images',
    run: 'Write the hand-in zip',
    done: (path: string, mib: string) => `Written: ${path} (${mib} MiB)`,
    download: 'Download the zip',
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
  /** Text datasets and text models (#14). */
  text: {
    texts: (n: number) => plural(n, 'text'),
    embedding: (done: number, total: number, rate: number) =>
      `Running the sentence encoder over the texts: ${done}/${total} (${rate.toFixed(0)} texts/s)`,
    summary: (texts: number, skipped: number, classes: number) =>
      `${plural(texts, 'text')} in ${plural(classes, 'class', 'classes')} · ${plural(skipped, 'file')} skipped`,
    snippetsLabel: (name: string) => `Examples of ${name}`,
    columnsTitle: (table: string) => `Columns of ${table}`,
    columnsNeeded:
      'The app cannot tell which column holds the text and which the label. Choose them, then read the table.',
    textColumn: 'Text column',
    labelColumn: 'Label column',
    readColumns: 'Read with these columns',
    baseTitle: 'Base model for texts',
    baseHelp:
      'Your texts go through a pretrained sentence encoder; a new head learns your classes from what it outputs.',
    frozen: 'Frozen: a graph model cannot be fine-tuned, so only the new head trains (no phase 2).',
    params: (n: number) => `${n.toLocaleString()} parameters, none of them trained`,
    noBase: 'The text encoder is not installed; reinstall the app.',
    tryTitle: 'Try your model on a text',
    tryLabel: 'Type or paste a text',
    tryHint: 'The bars follow as you type.',
    mistakeProbabilities: (actual: string, predicted: string) =>
      `true ${actual}, predicted ${predicted}`,
    accuracy: (a: number, n: number) => `${(a * 100).toFixed(1)}% right on ${n} validation texts`,
    perClass: ['Class', 'Precision', 'Recall', 'F1', 'Texts'],
    cellHint: 'Select a cell to see its texts.',
    cellTitle: (actual: string, predicted: string, n: number) =>
      `True: ${actual} · Predicted: ${predicted} — ${plural(n, 'text')}`,
    allMistakes: (n: number) => `Mistakes (${n})`,
    noTexts: 'No texts in this cell.',
    moveTo: (name: string) => `Move to ${name}`,
    moved: (name: string) => `Moved to ${name}`,
  },
} as const;

function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}
