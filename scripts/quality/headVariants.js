// Head recipes measured on cached features alone (`bench:quality --heads a,b,…`): the engine's own
// phase 1 (trainHead: seeded shuffles, early stopping, learning-rate halving) and refit
// (refitHead), driven without scanning, saving or loading a model folder, so a candidate costs
// only its head trainings. Ingredients that live outside the engine's loop are applied here:
// L2-normalised features and a hidden width chosen by validation. The split is the product's
// rule (stratified, seeded, 20% held out). `default` is the app's default (an ensemble of three
// heads since issue #15); `single` is the same recipe with one head. `s-…` (one head) and `e3-…`,
// `e5-…` (ensembles) try #15's head-side ideas: Dense 512/1024, weight decay (`head.weightDecay`),
// dropout on the input features (`head.inputDropout`), two hidden layers, a width chosen by
// validation among 100/256/512, and a refit `refitScale` times as long as validation chose.
import * as tf from '@tensorflow/tfjs';

const engineRoot = process.env.QUALITY_ENGINE ?? new URL('../../dist/', import.meta.url).href;
const load = (path) => import(new URL(`src/${path}`, engineRoot.replace(/\/?$/, '/')).href);
const { trainHead } = await load('engine/training/trainHead.js');
const { refitHead, refitPlan } = await load('engine/training/refitHead.js');
const { splitDataset } = await load('common/split.js');
const { DEFAULT_TRAIN_SETTINGS } = await load('common/training.js');

const recipe = (changes, extra = {}) => ({
  settings: { ...DEFAULT_TRAIN_SETTINGS, ...changes },
  ...extra,
});
const head = (hidden, dropout = 0.2) => ({ head: { pooling: 'average', hidden, dropout } });
const members = (count) => ({ head: { ...DEFAULT_TRAIN_SETTINGS.head, members: count } });
// The default head with some of its options changed (width, weight decay, input dropout, members).
const tuned = (changes) => ({ head: { ...DEFAULT_TRAIN_SETTINGS.head, ...changes } });

export const HEAD_VARIANTS = {
  default: recipe({}),
  single: recipe(members(1)),
  'mix0.2': recipe({ mixup: 0.2 }),
  'mix0.4': recipe({ mixup: 0.4 }),
  mix1: recipe({ mixup: 1 }),
  l2: recipe({}, { l2: 1 }),
  l2x5: recipe({}, { l2: 5 }),
  'l2x5-mix0.4': recipe({ mixup: 0.4 }, { l2: 5 }),
  ens3: recipe(members(3)),
  ens5: recipe(members(5)),
  'ens3-mix0.4': recipe({ mixup: 0.4, ...members(3) }),
  'ens3-mix0.2': recipe({ mixup: 0.2, ...members(3) }),
  width: recipe({}, { widths: [64, 128, 256, 512] }),
  h512: recipe(head([512])),
  wide300: recipe(head([300])),
  'h512-mix0.4': recipe({ mixup: 0.4, ...head([512]) }),
  // Issue #15 item 2, head side: single heads to screen, then 3- and 5-member ensembles.
  's-wd1e-4': recipe(tuned({ members: 1, weightDecay: 1e-4 })),
  's-wd1e-3': recipe(tuned({ members: 1, weightDecay: 1e-3 })),
  's-idrop0.4': recipe(tuned({ members: 1, inputDropout: 0.4 })),
  's-h512': recipe(tuned({ members: 1, hidden: [512] })),
  's-h512-wd3e-4': recipe(tuned({ members: 1, hidden: [512], weightDecay: 3e-4 })),
  's-h256x2': recipe(tuned({ members: 1, hidden: [256, 256] })),
  's-refit1.25': recipe(members(1), { refitScale: 1.25 }),
  's-width': recipe(members(1), { widths: [100, 256, 512] }),
  'e3-h512': recipe(tuned({ hidden: [512] })),
  'e3-h1024': recipe(tuned({ hidden: [1024] })),
  'e5-h512': recipe(tuned({ hidden: [512], members: 5 })),
  'e3-wd1e-4': recipe(tuned({ weightDecay: 1e-4 })),
  'e3-wd3e-4': recipe(tuned({ weightDecay: 3e-4 })),
  'e3-wd1e-3': recipe(tuned({ weightDecay: 1e-3 })),
  'e3-h512-wd3e-4': recipe(tuned({ hidden: [512], weightDecay: 3e-4 })),
  'e3-idrop0.4': recipe(tuned({ inputDropout: 0.4 })),
  'e3-h512-idrop0.4': recipe(tuned({ hidden: [512], inputDropout: 0.4 })),
  'e3-width': recipe({}, { widths: [100, 256, 512] }),
  'e3-refit1.25': recipe({}, { refitScale: 1.25 }),
};

/** The named head variants, in the order asked. */
export function headVariantsNamed(list) {
  return list.map((name) => {
    const variant = HEAD_VARIANTS[name];
    if (!variant)
      throw new Error(
        `unknown head variant ${name}; known: ${Object.keys(HEAD_VARIANTS).join(', ')}`,
      );
    return { name, variant };
  });
}

/** Test accuracy of one variant and seed, trained on `train` features, tested on `test`. */
export async function headVariantAccuracy(variant, train, test, classCount, seed) {
  const size = train.shape.reduce((a, b) => a * b, 1);
  const prepare = (set) =>
    variant.l2 ? { ...set, features: l2Normalised(set.features, size, variant.l2) } : set;
  const [trainSet, testSet] = [prepare(train), prepare(test)];
  const model = await trainWithRefit(trainSet, classCount, { ...variant.settings, seed }, variant);
  const probabilities = tf.tidy(() =>
    model.predict(tf.tensor(testSet.features, [testSet.labels.length, ...testSet.shape])),
  );
  model.dispose();
  const predicted = tf.tidy(() => probabilities.argMax(-1).dataSync());
  probabilities.dispose();
  let right = 0;
  testSet.labels.forEach((label, i) => (right += predicted[i] === label ? 1 : 0));
  return right / testSet.labels.length;
}

/** The product's phase 1 with a validation split, then its refit on every row. */
async function trainWithRefit(set, classCount, settings, { widths, refitScale = 1 }) {
  const items = set.labels.map((label, i) => ({ path: String(i), className: String(label), i }));
  const split = splitDataset(items, { validation: settings.validationSplit, seed: settings.seed });
  const rows = (part) =>
    subset(
      set,
      part.map((item) => item.i),
    );
  const input = {
    featureShape: set.shape,
    classCount,
    train: rows(split.train),
    validation: rows(split.validation),
  };
  const candidates = (widths ?? [undefined]).map((w) =>
    w === undefined ? settings : { ...settings, head: { ...settings.head, hidden: [w] } },
  );
  let best;
  for (const candidate of candidates) {
    const trained = await trainHead({ ...input, settings: candidate });
    trained.head.dispose();
    const loss = Math.min(...trained.history.map((m) => m.valLoss));
    if (!best || loss < best.loss) best = { loss, candidate, trained };
  }
  const plan = longer(refitPlan(best.trained.history, best.trained.bestEpoch), refitScale);
  if (!plan) throw new Error('validation kept no epoch');
  const all = { features: set.features, labels: set.labels };
  const refit = await refitHead(
    { featureShape: set.shape, classCount, train: all, settings: best.candidate },
    plan,
  );
  return refit.head;
}

function subset(set, indices) {
  const size = set.features.length / set.labels.length;
  const features = new Float32Array(indices.length * size);
  indices.forEach((row, i) =>
    features.set(set.features.subarray(row * size, (row + 1) * size), i * size),
  );
  return { features, labels: indices.map((row) => set.labels[row]) };
}

function l2Normalised(features, size, scale) {
  const out = new Float32Array(features.length);
  for (let row = 0; row < features.length / size; row++) {
    let sum = 0;
    for (let j = 0; j < size; j++) sum += features[row * size + j] ** 2;
    const factor = scale / Math.max(1e-12, Math.sqrt(sum));
    for (let j = 0; j < size; j++) out[row * size + j] = features[row * size + j] * factor;
  }
  return out;
}

/** A refit plan run `scale` times as many epochs (more rows than validation saw), the added ones at the last rate. */
function longer(plan, scale) {
  if (!plan || scale === 1) return plan;
  const epochs = Math.round(plan.epochs * scale);
  const last = plan.learningRates.at(-1);
  const learningRates = Array.from({ length: epochs }, (_, i) => plan.learningRates[i] ?? last);
  return { epochs, learningRates };
}
