import * as tf from '../tf.js';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  DEFAULT_TRAIN_SETTINGS,
  type HeadConfig,
  type TrainSettings,
} from '../../common/training.js';
import { foldMembers } from './ensemble.js';
import type { FeatureSet } from './fitOnArrays.js';
import { attachHead, buildHead } from './head.js';
import { trainHead } from './trainHead.js';
import {
  headAccuracy,
  pooledSplits,
  POOLED_CLASSES as CLASSES,
  POOLED_SIZE as SIZE,
} from '../testing/pooledFeatures.js';

/** Classes apart: each lifts its own band of features above the noise, none shares it. */
const APART = { lift: 1.5, noise: 1.5 };

const oneHead = (changes: Partial<HeadConfig>): TrainSettings => ({
  ...DEFAULT_TRAIN_SETTINGS,
  head: { ...DEFAULT_TRAIN_SETTINGS.head, members: 1, ...changes },
  // A fast rate, so that five epochs move the kernels well away from their initial values.
  phase1: { ...DEFAULT_TRAIN_SETTINGS.phase1, epochs: 5, learningRate: 0.01 },
});

function squaredKernels(model: tf.LayersModel): number {
  return tf.tidy(() =>
    model.layers
      .filter((layer) => layer.getClassName() === 'Dense')
      .map((layer) => (layer.getWeights()[0] as tf.Tensor).square().sum().dataSync()[0] ?? NaN)
      .reduce((a, b) => a + b, 0),
  );
}

function predictions(model: tf.LayersModel, set: FeatureSet): Float32Array {
  return tf.tidy(
    () =>
      (
        model.predict(tf.tensor2d(set.features, [set.labels.length, SIZE])) as tf.Tensor
      ).dataSync() as Float32Array,
  );
}

function largestDifference(a: Float32Array, b: Float32Array): number {
  return a.reduce((largest, value, i) => Math.max(largest, Math.abs(value - (b[i] ?? NaN))), 0);
}

describe('head options: weight decay and input dropout', () => {
  const { train, validation, test } = pooledSplits({ train: 16, validation: 5, test: 10 }, APART);

  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it('shrinks the trained kernels with weight decay, and still learns the classes', async () => {
    const run = async (weightDecay: number) => {
      const input = { featureShape: [SIZE], classCount: CLASSES, train, validation };
      const result = await trainHead({ ...input, settings: oneHead({ weightDecay }) });
      const outcome = {
        squared: squaredKernels(result.head),
        accuracy: headAccuracy(result.head, test),
      };
      result.head.dispose();
      return outcome;
    };
    const plain = await run(0);
    const decayed = await run(1e-2);
    expect(decayed.squared).toBeLessThan(0.8 * plain.squared);
    expect(decayed.accuracy).toBeGreaterThan(0.9);
  });

  it('regularises only the head that trains: predicting and exported graphs are plain Dense', () => {
    const config: HeadConfig = {
      pooling: 'average',
      hidden: [100],
      dropout: 0.2,
      weightDecay: 1e-3,
    };
    const regularizers = (model: tf.LayersModel) =>
      model.layers
        .filter((layer) => layer.getClassName() === 'Dense')
        .map((layer) => layer.getConfig().kernelRegularizer ?? null);
    const training = buildHead([SIZE], config, CLASSES, 1, { training: true });
    const plain = buildHead([SIZE], config, CLASSES, 1);
    expect(regularizers(training).every((r) => r !== null)).toBe(true);
    expect(regularizers(plain)).toEqual([null, null]);
    [training, plain].forEach((m) => m.dispose());
  });

  it('puts the input dropout before the first Dense layer and the usual dropout after it', () => {
    const config: HeadConfig = {
      pooling: 'average',
      hidden: [64],
      dropout: 0.2,
      inputDropout: 0.4,
    };
    const head = buildHead([SIZE], config, CLASSES, 1);
    const rates = head.layers
      .filter((layer) => layer.getClassName() === 'Dropout')
      .map((layer) => layer.getConfig().rate);
    expect(rates).toEqual([0.4, 0.2]);
    head.dispose();
  });

  it('folds weight-decayed members exactly, and the base+head graph predicts as the head', async () => {
    const config: HeadConfig = {
      pooling: 'average',
      hidden: [32],
      dropout: 0.2,
      weightDecay: 1e-3,
    };
    const members: tf.LayersModel[] = [];
    for (const seed of [5, 1005]) {
      const trained = await trainHead({
        featureShape: [SIZE],
        classCount: CLASSES,
        train,
        validation,
        settings: { ...oneHead(config), seed },
      });
      members.push(trained.head);
    }
    const wide = buildHead([SIZE], { ...config, members: 2 }, CLASSES, 5);
    foldMembers(members, wide);
    const averaged = tf.tidy(() => {
      const x = tf.tensor2d(test.features, [test.labels.length, SIZE]);
      const logs = members.map((m) => (m.predict(x) as tf.Tensor).log());
      return tf.softmax(tf.addN(logs).div(members.length)).dataSync() as Float32Array;
    });
    expect(largestDifference(predictions(wide, test), averaged)).toBeLessThan(1e-4);
    // The exported graph: an identity "base" whose output feeds the rebuilt head layers.
    const input = tf.input({ shape: [SIZE] });
    const base = tf.model({ inputs: input, outputs: input });
    const classifier = attachHead(base, wide, { ...config, members: 2 }, CLASSES);
    expect(largestDifference(predictions(classifier, test), averaged)).toBeLessThan(1e-4);
    [...members, wide, classifier].forEach((m) => m.dispose());
  });
});
