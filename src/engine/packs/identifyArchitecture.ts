import * as tf from '../tf.js';
import type { ModelFamily } from '../../common/models.js';
import { CATALOG, type CatalogEntry } from '../catalog/catalog.js';
import { weightsFit } from './assignWeights.js';

/** A weight only each family has, to narrow the search before building candidates. */
const FAMILY_MARKERS: [weight: string, family: Exclude<ModelFamily, 'custom'>][] = [
  ['Conv1/kernel', 'mobilenet_v2'],
  ['conv_dw_1/depthwise_kernel', 'mobilenet_v1'],
  ['block1_conv1/kernel', 'vgg16'],
  ['conv1_conv/kernel', 'resnet50'],
];

/**
 * Finds the catalog architecture whose every weight appears, with the same shape, among `shapes`
 * (weights by Keras name). Weight shapes do not depend on the input size, so the size is given.
 */
export function identifyArchitecture(
  shapes: ReadonlyMap<string, readonly number[]>,
  inputSize: number,
): CatalogEntry | undefined {
  const family = FAMILY_MARKERS.find(([weight]) => shapes.has(weight))?.[1];
  if (!family) return undefined;
  const candidates = CATALOG.filter((e) => e.family === family && e.inputSize === inputSize);
  for (const entry of candidates) {
    const model = entry.build();
    const fits = weightsFit(model, shapes);
    model.dispose();
    if (fits) return entry;
  }
  return undefined;
}

export function shapesOf(specs: readonly tf.io.WeightsManifestEntry[]): Map<string, number[]> {
  return new Map(specs.map((spec) => [spec.name, spec.shape]));
}
