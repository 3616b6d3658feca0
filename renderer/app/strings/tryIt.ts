/** The Try it screen. */
export const TRY_IT_STRINGS = {
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
} as const;
