// The product's own pieces, from the built dist/, that the quality benchmark drives: the real
// training path for the default recipe, and the feature cache so every image set is embedded once.
import { resolve } from 'node:path';
import * as tf from '@tensorflow/tfjs';

const dist = (path) => import(new URL(`../../dist/src/${path}`, import.meta.url).href);
const { runTraining } = await dist('node/services/training/runTraining.js');
const { embedSplit } = await dist('node/services/training/embedSplit.js');
const { resolveTrainingBase, embeddingModel } = await dist(
  'node/services/training/resolveTrainingBase.js',
);
const { loadTrainedModel } = await dist('node/services/training/loadTrainedModel.js');
const { openDatasetSource } = await dist('node/services/dataset/openSource.js');
const { scanSource } = await dist('node/services/dataset/scanner.js');
const { buildHead } = await dist('engine/training/head.js');
const { loadBackend } = await dist('node/adapters/backend/loadBackend.js');
export const { DEFAULT_TRAIN_SETTINGS } = await dist('common/training.js');

/** The default recipe before issue #15: a linear head on raw features, 20 epochs, patience 5. */
export const PREVIOUS_DEFAULT_SETTINGS = {
  ...DEFAULT_TRAIN_SETTINGS,
  head: { pooling: 'average', hidden: [], dropout: 0.2 },
  phase1: { ...DEFAULT_TRAIN_SETTINGS.phase1, epochs: 20 },
  earlyStoppingPatience: 5,
  reduceLearningRatePatience: 3,
  labelSmoothing: 0,
  refit: false,
};

export const BUNDLED_BASE = resolve(
  new URL('../../models/bundled/mobilenet_v2_0.35_224-imagenet', import.meta.url).pathname,
);

export async function startBackend() {
  return loadBackend({});
}

/**
 * Every image of a class-folder dataset through the bundled base's pooled features, via the
 * feature cache (what `train` uses, so a set is embedded once for every recipe and seed).
 */
export async function embedFolder(folder, cacheDir, classes) {
  const source = await openDatasetSource(folder);
  const base = await resolveTrainingBase(BUNDLED_BASE, []);
  try {
    const report = await scanSource(source, {});
    const images = report.images.filter((i) => classes.includes(i.className));
    const embedded = await embedSplit({
      model: embeddingModel(base, DEFAULT_TRAIN_SETTINGS.head),
      images,
      source,
      preprocessing: base.preprocessing,
      cacheDir,
      view: 'original',
    });
    return {
      features: embedded.values,
      shape: embedded.shape,
      labels: images.map((i) => classes.indexOf(i.className)),
      imagesPerSecond: embedded.imagesPerSecond,
    };
  } finally {
    base.model.dispose();
    await source.close();
  }
}

/** The classes of a class-folder dataset as `train` orders them. */
export async function classesOf(folder) {
  const source = await openDatasetSource(folder);
  try {
    const report = await scanSource(source, {});
    return report.classes.filter((c) => c.count > 0).map((c) => c.name);
  } finally {
    await source.close();
  }
}

/** `train` with the given settings, on the bundled base; returns the model folder's path. */
export async function trainThroughProduct({ dataset, out, cacheDir, settings }) {
  const result = await runTraining({ dataset, base: BUNDLED_BASE, out, cacheDir, settings });
  return { out, result };
}

/**
 * Accuracy of a trained model folder on cached test features: the saved classifier's head layers
 * (everything the app adds above the base) applied to the base's features, which is what the
 * whole classifier computes, without running the base again.
 */
export async function accuracyOfModel(modelDir, test) {
  const { model, metadata } = await loadTrainedModel(modelDir);
  const head = buildHead(test.shape, metadata.settings.head, metadata.classes.length, 0);
  try {
    for (const layer of head.layers)
      if (layer.weights.length > 0) layer.setWeights(model.getLayer(layer.name).getWeights());
    const predicted = tf.tidy(() =>
      head
        .predict(tf.tensor(test.features, [test.labels.length, ...test.shape]))
        .argMax(-1)
        .dataSync(),
    );
    return accuracy(predicted, test.labels);
  } finally {
    head.dispose();
    model.dispose();
  }
}

export function accuracy(predicted, labels) {
  let right = 0;
  labels.forEach((label, i) => {
    if (predicted[i] === label) right++;
  });
  return right / labels.length;
}
