/**
 * The contract's channel names alone, without their schemas, for code that must stay tiny (the
 * Electron preload). contract.ts checks that its schemas cover exactly these names.
 */
export const CHANNEL_NAMES = [
  'backend.report',
  'dataset.scan',
  'models.list',
  'models.summary',
  'training.start',
  'training.cancel',
  'model.evaluate',
  'model.predict',
  'model.export',
] as const;

export type ChannelName = (typeof CHANNEL_NAMES)[number];
