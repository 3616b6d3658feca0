import * as tf from '../tf.js';
import { seededRandom } from '../../common/random.js';
import type { FeatureSet } from '../training/fitOnArrays.js';

/** MobileNet V2's pooled output: 1,280 non-negative activations (ReLU6, 0–6). */
export const POOLED_SIZE = 1280;
/** The classes pooledFeatures draws rows of. */
export const POOLED_CLASSES = 6;
/** Each class lifts its own band of this many features. */
const BAND = 40;

export interface PooledClasses {
  /** How far a row's own class band is lifted. */
  lift: number;
  /** The width of the uniform noise on every activation. */
  noise: number;
  /**
   * At most this share of `lift` lifts the next class's band too (drawn per row): overlapping
   * classes, as two artists' emoji are. Without it, no draw is made and the bands do not mix.
   */
  neighbourShare?: number;
}

/**
 * Feature rows shaped like a real base's pooled output, `perClass` rows of each class in turn,
 * drawn from `seed`: what a head trains on in the engine's tests instead of embedded images.
 */
export function pooledFeatures(perClass: number, seed: number, shape: PooledClasses): FeatureSet {
  const random = seededRandom(seed);
  const features = new Float32Array(perClass * POOLED_CLASSES * POOLED_SIZE);
  const labels: number[] = [];
  for (let row = 0; row < perClass * POOLED_CLASSES; row++) {
    const label = row % POOLED_CLASSES;
    const neighbour = (label + 1) % POOLED_CLASSES;
    const mix = shape.neighbourShare === undefined ? 0 : shape.neighbourShare * random();
    for (let j = 0; j < POOLED_SIZE; j++) {
      const band = Math.floor(j / BAND) % POOLED_CLASSES;
      const lift = band === label ? shape.lift : band === neighbour ? shape.lift * mix : 0;
      const value = lift + shape.noise * (random() - 0.5);
      features[row * POOLED_SIZE + j] = Math.min(6, Math.max(0, value));
    }
    labels.push(label);
  }
  return { features, labels };
}

/**
 * Training, validation and test rows of `shape`, of the given sizes per class, drawn from seeds
 * 1, 2 and 3: independent draws of the same classes.
 */
export function pooledSplits(
  perClass: { train: number; validation: number; test: number },
  shape: PooledClasses,
): { train: FeatureSet; validation: FeatureSet; test: FeatureSet } {
  return {
    train: pooledFeatures(perClass.train, 1, shape),
    validation: pooledFeatures(perClass.validation, 2, shape),
    test: pooledFeatures(perClass.test, 3, shape),
  };
}

/** The share of `set`'s rows whose most probable class under `model` is their label. */
export function headAccuracy(model: tf.LayersModel, set: FeatureSet): number {
  const predicted = tf.tidy(() =>
    (model.predict(tf.tensor2d(set.features, [set.labels.length, POOLED_SIZE])) as tf.Tensor)
      .argMax(-1)
      .dataSync(),
  );
  return set.labels.filter((label, i) => predicted[i] === label).length / set.labels.length;
}
