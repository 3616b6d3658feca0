/** The Evaluate screen. */
export const EVALUATE_STRINGS = {
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
    refitNote:
      'These are the scores of the model before its refit on all images: the saved model was then trained again with the validation ones included, so it has seen them.',
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
} as const;
