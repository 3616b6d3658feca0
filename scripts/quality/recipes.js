// The recipes the quality benchmark can compare (`--recipes a,b,…`): the app's default, the
// default from before issue #15, and candidates for the default, each as `train` settings. Every
// candidate runs through `train`'s own path, so what wins here is what the app would do.
import { DEFAULT_TRAIN_SETTINGS, PREVIOUS_DEFAULT_SETTINGS } from './pipeline.js';

const base = PREVIOUS_DEFAULT_SETTINGS;
const withPhase1 = (settings, changes) => ({
  ...settings,
  phase1: { ...settings.phase1, ...changes },
});
const refit = { ...base, refit: true };
const backgrounds = (settings) => ({
  ...settings,
  augmentation: { ...settings.augmentation, backgrounds: true },
});

/** Dense(100) hidden layer, label smoothing 0.1, up to 60 epochs with patience 10. */
function h100ls(settings) {
  return {
    ...withPhase1(settings, { epochs: 60 }),
    earlyStoppingPatience: 10,
    head: { pooling: 'average', hidden: [100], dropout: 0.2 },
    labelSmoothing: 0.1,
  };
}

export const RECIPES = {
  default: DEFAULT_TRAIN_SETTINGS,
  previous: base,
  refit,
  'refit-60': { ...withPhase1(refit, { epochs: 60 }), earlyStoppingPatience: 10 },
  'refit-h100': {
    ...withPhase1(refit, { epochs: 60 }),
    earlyStoppingPatience: 10,
    head: { pooling: 'average', hidden: [100], dropout: 0.2 },
  },
  'refit-h100-ls': {
    ...withPhase1(refit, { epochs: 60 }),
    earlyStoppingPatience: 10,
    head: { pooling: 'average', hidden: [100], dropout: 0.2 },
    labelSmoothing: 0.1,
  },
  'h100-ls': { ...h100ls(base) },
  'refit-h100-ls-nodrop': {
    ...h100ls(refit),
    head: { pooling: 'average', hidden: [100], dropout: 0 },
  },
  'refit-h100-ls-std': {
    ...h100ls(refit),
    head: { pooling: 'average', hidden: [100], dropout: 0.2, standardize: true },
  },
  'refit-h100-ls-nolr': { ...h100ls(refit), reduceLearningRatePatience: 0 },
  'refit-h100-ls-p20': {
    ...h100ls(refit),
    earlyStoppingPatience: 20,
    phase1: { ...refit.phase1, epochs: 100 },
  },
  'refit-h256-ls': { ...h100ls(refit), head: { pooling: 'average', hidden: [256], dropout: 0.2 } },
  'refit-h100-ls-d05': {
    ...h100ls(refit),
    head: { pooling: 'average', hidden: [100], dropout: 0.5 },
  },
  'refit-h100-ls-d035': {
    ...h100ls(refit),
    head: { pooling: 'average', hidden: [100], dropout: 0.35 },
  },
  // Issue #15's second round, through train's path (`--heads` measures them on cached features).
  'default-mixup0.4': { ...DEFAULT_TRAIN_SETTINGS, mixup: 0.4 },
  'default-single': {
    ...DEFAULT_TRAIN_SETTINGS,
    head: { ...DEFAULT_TRAIN_SETTINGS.head, members: 1 },
  },
  'refit-std': { ...refit, head: { ...refit.head, standardize: true } },
  'refit-bg': backgrounds(refit),
  'refit-60-bg': backgrounds({ ...withPhase1(refit, { epochs: 60 }), earlyStoppingPatience: 10 }),
  'refit-h100-bg': backgrounds({
    ...withPhase1(refit, { epochs: 60 }),
    earlyStoppingPatience: 10,
    head: { pooling: 'average', hidden: [100], dropout: 0.2 },
  }),
};

/** The named recipes, in the order asked; an unknown name is an error that lists the known ones. */
export function recipesNamed(list) {
  return list.map((name) => {
    const settings = RECIPES[name];
    if (!settings)
      throw new Error(`unknown recipe ${name}; known: ${Object.keys(RECIPES).join(', ')}`);
    return { name, settings };
  });
}
