import * as tf from '../tf.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HEAD_PRESETS } from '../../common/training.js';
import { catalogEntry } from '../catalog/catalog.js';
import { applyHead } from '../training/head.js';
import { activationOf } from './camGraph.js';
import { camGraph, gradCam, gradCamFromActivation, type ClassActivationMap } from './gradCam.js';
import { nestBase, patchBatch, patchImages, trainPatchClassifier } from './testing/patchModel.js';

const SIZE = 32;
const MARKED = 1;

/** Share of a map's mass in the left half of the image. */
function leftShare(map: ClassActivationMap): number {
  let left = 0;
  let total = 0;
  map.heatmap.forEach((v, i) => {
    total += v;
    if (i % map.width < map.width / 2) left += v;
  });
  return left / total;
}

const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;

describe('Grad-CAM', () => {
  let classifier: tf.LayersModel;

  beforeAll(async () => {
    classifier = await trainPatchClassifier(SIZE);
  });
  afterAll(() => classifier.dispose());

  function explainMarked(model: tf.LayersModel, side: 'left' | 'right', seed: number) {
    const marked = patchImages(16, SIZE, { seed, side }).filter((i) => i.label === MARKED);
    const batch = patchBatch(marked, SIZE);
    const maps = gradCam(
      camGraph(model),
      batch,
      marked.map(() => MARKED),
    );
    batch.dispose();
    return maps;
  }

  it('cuts at the base’s last convolutional activation, before pooling', () => {
    const graph = camGraph(classifier);
    expect(graph.activation.sourceLayer.name).toBe('conv_2');
    expect([graph.height, graph.width]).toEqual([16, 16]);
  });

  it('puts the heatmap’s mass on the side of the patch that decides the class', () => {
    const left = explainMarked(classifier, 'left', 101);
    // The model must actually have learned the patch for the map to mean anything.
    expect(mean(left.map((m) => m.probabilities[MARKED] ?? 0))).toBeGreaterThan(0.7);
    expect(mean(left.map(leftShare))).toBeGreaterThan(0.6);
    // Patches on the other side move the map with them: it follows the evidence, not a bias.
    const right = explainMarked(classifier, 'right', 102);
    expect(mean(right.map(leftShare))).toBeLessThan(0.4);
  });

  it('gives maps in [0, 1] that reach 1, and the predicted class by default', () => {
    const images = patchImages(6, SIZE, { seed: 7 });
    const batch = patchBatch(images, SIZE);
    const maps = gradCam(camGraph(classifier), batch);
    const predicted = (classifier.predict(batch) as tf.Tensor).argMax(1);
    expect(maps.map((m) => m.classIndex)).toEqual(Array.from(predicted.dataSync()));
    for (const map of maps) {
      expect(map.heatmap).toHaveLength(16 * 16);
      expect(Math.min(...map.heatmap)).toBeGreaterThanOrEqual(0);
      const peak = Math.max(...map.heatmap);
      expect(peak === 0 || Math.abs(peak - 1) < 1e-6).toBe(true);
    }
    tf.dispose([batch, predicted]);
  });

  it('returns the model’s own probabilities', () => {
    const batch = patchBatch(patchImages(4, SIZE, { seed: 8 }), SIZE);
    const maps = gradCam(camGraph(classifier), batch);
    const expected = (classifier.predict(batch) as tf.Tensor).arraySync() as number[][];
    maps.forEach((m, i) =>
      Array.from(m.probabilities).forEach((p, c) =>
        expect(p).toBeCloseTo(expected[i]?.[c] ?? -1, 5),
      ),
    );
    batch.dispose();
  });

  it('looks inside a base nested as one layer, and finds the same maps', () => {
    const nested = nestBase(classifier, SIZE);
    const graph = camGraph(nested);
    expect(graph.activation.sourceLayer.name).toBe('conv_2');
    const flat = explainMarked(classifier, 'left', 103);
    const fromNested = explainMarked(nested, 'left', 103);
    fromNested.forEach((m, i) =>
      m.heatmap.forEach((v, p) => expect(v).toBeCloseTo(flat[i]?.heatmap[p] ?? -1, 5)),
    );
    // The nested base takes the classifier's input directly, so it can run on its own.
    expect(graph.featureModel()?.outputs[0]?.shape).toEqual([null, 16, 16, 16]);
  });

  it('gives the same maps from an activation computed apart (the split path)', () => {
    const graph = camGraph(classifier);
    const batch = patchBatch(patchImages(4, SIZE, { seed: 9 }), SIZE);
    const features = graph.featureModel();
    if (!features) throw new Error('a flat classifier always has a feature model');
    const activation = features.predict(batch) as tf.Tensor4D;
    const split = gradCamFromActivation(graph, activation);
    const whole = gradCam(graph, batch);
    split.forEach((m, i) =>
      m.heatmap.forEach((v, p) => expect(v).toBeCloseTo(whole[i]?.heatmap[p] ?? -1, 5)),
    );
    tf.dispose([batch, activation]);
  });

  it('leaves no tensor behind', () => {
    const graph = camGraph(classifier);
    const batch = patchBatch(patchImages(4, SIZE, { seed: 10 }), SIZE);
    gradCam(graph, batch); // warm-up: first calls may create lasting kernels' state
    const before = tf.memory().numTensors;
    gradCam(graph, batch);
    gradCam(graph, batch, [0, 1, 0, 1]);
    const activation = activationOf(graph, batch);
    gradCamFromActivation(graph, activation);
    activation.dispose();
    expect(tf.memory().numTensors).toBe(before);
    batch.dispose();
  });

  it('refuses a class the model does not have', () => {
    const batch = patchBatch(patchImages(1, SIZE, { seed: 11 }), SIZE);
    const before = tf.memory().numTensors;
    expect(() => gradCam(camGraph(classifier), batch, [5])).toThrow(/Class 5 does not exist/);
    expect(tf.memory().numTensors).toBe(before);
    batch.dispose();
  });

  it('cuts a catalog MobileNet V2 classifier at out_relu, with a pooled or a Flatten head', () => {
    const entry = catalogEntry('mobilenet_v2_0.35_96');
    const base = entry.build();
    const pooled = applyHead(base.outputs[0] as tf.SymbolicTensor, HEAD_PRESETS.default, 3, 1);
    const map = base.getLayer(entry.featureLayer).output as tf.SymbolicTensor;
    const flatten = applyHead(map, HEAD_PRESETS.classic, 3, 1);
    for (const output of [pooled, flatten]) {
      const graph = camGraph(tf.model({ inputs: base.inputs, outputs: output }));
      expect(graph.activation.sourceLayer.name).toBe('out_relu');
      expect([graph.height, graph.width]).toEqual([3, 3]);
      // The softmax Dense is read without its softmax: the class score is the logit.
      expect(graph.scores.linear?.name).toBe('head_predictions');
    }
    base.dispose();
  });

  it('refuses a model with no convolutional map', () => {
    const input = tf.input({ shape: [SIZE, SIZE, 3] });
    const flat = tf.layers.flatten().apply(input) as tf.SymbolicTensor;
    const out = tf.layers.dense({ units: 2, activation: 'softmax' }).apply(flat);
    const dense = tf.model({ inputs: input, outputs: out as tf.SymbolicTensor });
    expect(() => camGraph(dense)).toThrow(/needs a convolutional base/);
    dense.dispose();
  });
});
