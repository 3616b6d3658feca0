import * as tf from '../../../engine/tf.js';
import { AppError } from '../../../common/errors.js';
import { scalePixels, type Preprocessing } from '../../../common/preprocessing.js';
import { catalogEntry } from '../../../engine/catalog/catalog.js';
import { readImageFile } from '../../adapters/files/readImageFile.js';
import { throwIfAborted } from '../../adapters/platform/abort.js';
import { decodeForModel } from '../../adapters/image/decode.js';
import { loadFullLayersModel } from './loadPack.js';
import { openPackFiles } from './packFiles.js';
import { readManifest } from './packMetadata.js';
import { listPacksIn } from './packStore.js';

/**
 * A pretrained network kept whole with its original classifier (the bundled MobileNet V1 0.75 and
 * its 1000 ImageNet classes): shows a student what the base "sees" before any transfer learning.
 */
export interface ImageClassifier {
  model: tf.LayersModel;
  labels: string[];
  preprocessing: Preprocessing;
  name: string;
}

export interface Guess {
  label: string;
  probability: number;
}

const LABELS_FILE = 'labels.txt';

/** Loads a pack that carries its classifier: model.json whose output has one unit per labels.txt line. */
export async function loadImageClassifier(path: string): Promise<ImageClassifier> {
  const { labels, manifest } = await readLabelsAndManifest(path);
  const model = await loadFullLayersModel(path);
  const classes = model.outputs[0]?.shape.at(-1);
  if (model.outputs.length !== 1 || classes !== labels.length) {
    model.dispose();
    throw new AppError(
      'INVALID_ARGUMENT',
      `${path} is not a classifier for its ${LABELS_FILE}: ${labels.length} labels, ${classes ?? '?'} outputs`,
    );
  }
  const preprocessing = manifest.preprocessing ?? catalogEntry(manifest.architecture).preprocessing;
  return { model, labels, preprocessing, name: manifest.name };
}

async function readLabelsAndManifest(path: string) {
  const files = await openPackFiles(path);
  try {
    if (files.size(LABELS_FILE) === undefined)
      throw new AppError(
        'INVALID_ARGUMENT',
        `${path} has no ${LABELS_FILE}: it is not a classifier`,
      );
    const text = Buffer.from(await files.read(LABELS_FILE)).toString('utf8');
    const labels = text.split('\n').filter((line) => line.length > 0);
    return { labels, manifest: await readManifest(files) };
  } finally {
    await files.close();
  }
}

/** The first usable pack in the stores that carries its classifier (the bundled V1 when nothing else). */
export async function findImageClassifier(dirs: readonly string[]): Promise<string | undefined> {
  for (const pack of await listPacksIn(dirs)) {
    if (pack.problem !== undefined || pack.kind !== 'pack') continue;
    const files = await openPackFiles(pack.path);
    const hasLabels = files.size(LABELS_FILE) !== undefined;
    await files.close();
    if (hasLabels) return pack.path;
  }
  return undefined;
}

export interface ClassifyOptions {
  /** Gets an image's bytes: from the file system (default), or from a dataset (folder or zip). */
  read?: ((path: string) => Promise<Uint8Array>) | undefined;
  /** Stops the work between images with CANCELLED. */
  signal?: AbortSignal | undefined;
}

/** The `top` most probable labels for each image file, with the classifier's own preprocessing. */
export async function classifyImageFiles(
  classifier: ImageClassifier,
  paths: readonly string[],
  top = 5,
  options: ClassifyOptions = {},
): Promise<Guess[][]> {
  const read = options.read ?? readImageFile;
  const guesses: Guess[][] = [];
  for (const path of paths) {
    throwIfAborted(options.signal);
    const bytes = await read(path);
    // The read may have been the slow part: no decode for a request nobody waits for.
    throwIfAborted(options.signal);
    const batch = await inputBatch(bytes, classifier.preprocessing);
    const probabilities = tf.tidy(() => {
      const output = classifier.model.predict(batch) as tf.Tensor;
      return tf.reshape(output, [-1]).dataSync() as Float32Array;
    });
    batch.dispose();
    guesses.push(topGuesses(probabilities, classifier.labels, top));
  }
  return guesses;
}

async function inputBatch(bytes: Uint8Array, preprocessing: Preprocessing): Promise<tf.Tensor4D> {
  const image = await decodeForModel(bytes, preprocessing);
  const data = scalePixels(image.data, preprocessing);
  return tf.tensor4d(data, [1, preprocessing.height, preprocessing.width, 3]);
}

/** The `top` highest probabilities with their labels, most probable first. */
export function topGuesses(probabilities: Float32Array, labels: string[], top: number): Guess[] {
  return [...probabilities]
    .map((probability, i) => ({ label: labels[i] ?? String(i), probability }))
    .sort((a, b) => b.probability - a.probability)
    .slice(0, top);
}
