/**
 * The contract's channel names alone, without their schemas, for code that must stay tiny (the
 * Electron preload). contract.ts checks that its schemas cover exactly these names.
 */
export const CHANNEL_NAMES = [
  'backend.report',
  'dataset.scan',
  'dataset.upload',
  'dataset.thumbnails',
  'dataset.addFiles',
  'dataset.addFrames',
  'dataset.moveToClass',
  'dataset.renameClass',
  'dataset.removeFiles',
  'bases.list',
  'bases.import',
  'bases.summary',
  'bases.imagenet',
  'training.start',
  'training.scratch',
  'model.evaluate',
  'model.evaluateValidation',
  'model.info',
  'model.predict',
  'model.predictText',
  'model.predictFrame',
  'model.explain',
  'model.export',
  'project.open',
  'project.save',
  'project.handIn',
  'project.create',
  'project.recent',
  'project.copyImages',
  'samples.list',
  'output.suggestPath',
  'output.download',
  'shell.pickDataset',
  'shell.pickFolder',
  'shell.showInFolder',
  'shell.requestCamera',
] as const;

export type ChannelName = (typeof CHANNEL_NAMES)[number];
