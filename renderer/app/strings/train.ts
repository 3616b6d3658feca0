/** The Train screen. */
export const TRAIN_STRINGS = {
  train: {
    progressLabel: 'Training progress',
    title: 'Train',
    needData: 'Import a dataset first (Data).',
    needBase: 'Choose a base model first (Model).',
    epochs: 'Epochs (phase 1)',
    epochsHelp:
      'Passes over the training images, at most; training stops early when validation stops improving. Without fine-tuning, the model is then trained again on all images, validation ones included, for the epochs validation chose.',
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
    refitOutcome: (epochs: number, images: number) =>
      `Then trained again on all ${images} images, validation ones included, for the ${epochs} epochs validation chose: the saved model has seen the validation images, so the validation scores shown are those of the model before this refit.`,
    embedding: (done: number, total: number, rate: number) =>
      `Running the base over the images: ${done}/${total} (${rate.toFixed(0)} images/s)`,
    epoch: (n: number, phase: number) => `Epoch ${n} (phase ${phase})`,
    refitting: (k: number, n: number) => `Refitting on all images: epoch ${k} of ${n}`,
    // The ensemble's later heads, each trained like the first (from another seed).
    head: (k: number, n: number, epoch: number, epochs: number) =>
      epoch === 0
        ? `Head ${k} of ${n}: starting`
        : `Head ${k} of ${n}: epoch ${epoch} of ${epochs}`,
    refittingHead: (k: number, n: number, epoch: number, epochs: number) =>
      `Refitting on all images, head ${k} of ${n}: ${epoch === 0 ? 'starting' : `epoch ${epoch} of ${epochs}`}`,
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
} as const;
