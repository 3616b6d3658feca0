/** The Runs screen and the run picker other screens share. */
export const RUNS_STRINGS = {
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
    scratchModelText: 'from scratch (bag of words)',
    scratchHelpText:
      'The same texts, a bag-of-words classifier that starts knowing nothing: what transfer learning saves you.',
    scratchStartingText: 'Reading the texts…',
    modelLoading: '…',
    keptEpoch: (accuracy: number, epoch: number) =>
      `${(accuracy * 100).toFixed(1)}% (epoch ${epoch} kept)`,
    refitMark: ' — before the refit on all images',
    refitExplained: (epochs: number, images: number) =>
      `This is the validation score of the model before its refit: the saved model was then trained again for ${epochs} epochs on all ${images} training and validation examples, so it has seen the validation ones.`,
    keptHelp:
      'Each run keeps the weights of its epoch with the lowest validation loss, drawn as the large point on its curve. With the default head (three heads averaged) the curve is the first head’s and the accuracy is the three together, so the two can differ a little.',
    scratchStarting: 'Reading the images…',
    scratchEpoch: (epoch: number, left: string) =>
      `From scratch: epoch ${epoch} done, about ${left} left`,
    scratchCancel: 'Cancel',
    scratchCancelled: 'The from-scratch run was cancelled; nothing was saved.',
  },
} as const;
