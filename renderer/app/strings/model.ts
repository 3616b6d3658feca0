/** The Model screen. */
export const MODEL_STRINGS = {
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
      default: 'Pooling → Dense 100 → softmax, 3 heads averaged (the default)',
      linear: 'Pooling → dropout 0.2 → softmax (smallest, fastest)',
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
} as const;
