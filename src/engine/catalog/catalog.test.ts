import * as tf from '../tf.js';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CATALOG, catalogEntry } from './catalog.js';
import { summarizeModel } from './summary.js';

/**
 * keras.applications figures with include_top=False, as Keras reports them (model.summary() of
 * the Keras models, and the sizes of Keras' own *_no_top weight files) — not read back from ours.
 */
const KERAS_PARAMS: Record<string, number> = {
  mobilenet_v2_0_35: 410_208,
  mobilenet_v2_0_5: 706_224,
  mobilenet_v2_0_75: 1_382_064,
  mobilenet_v2_1: 2_257_984,
  mobilenet_v2_1_3: 3_766_048,
  mobilenet_v1_0_25: 218_544,
  mobilenet_v1_0_5: 829_536,
  mobilenet_v1_0_75: 1_832_976,
  mobilenet_v1_1: 3_228_864,
  vgg16: 14_714_688,
  resnet50: 23_587_712,
};

/** Multiply-adds at 224 from the papers (MobileNet V1 Table 6, V2 Table 6) and common references. */
const PUBLISHED_MULT_ADDS: [id: string, millions: number][] = [
  ['mobilenet_v1_1_224', 569],
  ['mobilenet_v1_0.5_224', 150],
  ['mobilenet_v2_1_224', 300],
  ['mobilenet_v2_0.35_224', 59],
  ['vgg16_224', 15_300],
  ['resnet50_224', 3_860],
];

function kerasKey(id: string): string {
  return id.replace(/_\d+$/, '').replaceAll('.', '_');
}

describe('catalog', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });
  afterEach(() => tf.disposeVariables());

  it('offers the Keras input sizes per family', () => {
    expect(CATALOG.filter((e) => e.family === 'mobilenet_v2')).toHaveLength(21);
    expect(CATALOG.filter((e) => e.family === 'mobilenet_v1')).toHaveLength(16);
    expect(catalogEntry('mobilenet_v2_0.35_96').inputSize).toBe(96);
    expect(() => catalogEntry('mobilenet_v9')).toThrow(/Unknown base model/);
  });

  // One size per width is enough: parameter counts do not depend on the input size.
  const oneSizeEach = CATALOG.filter(
    (e) =>
      e.inputSize ===
        (e.family === 'mobilenet_v2' ? 96 : e.family === 'mobilenet_v1' ? 128 : 224) ||
      e.id === 'mobilenet_v2_1.3_224',
  );

  it.each(oneSizeEach.map((e) => [e.id, KERAS_PARAMS[kerasKey(e.id)]]))(
    '%s has Keras’ %i parameters',
    (id, expected) => {
      const model = catalogEntry(id).build();
      expect(model.countParams()).toBe(expected);
      model.dispose();
    },
  );

  it('splits trainable and non-trainable parameters as Keras does (BatchNorm statistics)', () => {
    for (const [id, trainable, nonTrainable] of [
      ['mobilenet_v2_0.35_224', 396_128, 14_080],
      ['mobilenet_v2_1_224', 2_223_872, 34_112],
    ] as const) {
      const model = catalogEntry(id).build();
      const summary = summarizeModel(model, 'mobilenet_v2');
      expect([summary.trainableParams, summary.nonTrainableParams]).toEqual([
        trainable,
        nonTrainable,
      ]);
      model.dispose();
    }
  });

  it('has MobileNetV2’s 17 inverted-residual blocks between its stem and top', () => {
    const model = catalogEntry('mobilenet_v2_0.35_224').build();
    const { blocks } = summarizeModel(model, 'mobilenet_v2');
    expect(blocks.map((b) => b.id)).toEqual([
      'stem',
      ...Array.from({ length: 17 }, (_, i) => `block_${i}`),
      'top',
    ]);
    expect(blocks.find((b) => b.id === 'stem')?.layers).toEqual([
      'input_1',
      'Conv1',
      'bn_Conv1',
      'Conv1_relu',
    ]);
    expect(blocks.find((b) => b.id === 'block_16')?.layers[0]).toBe('block_16_expand');
    expect(blocks.find((b) => b.id === 'top')?.layers).toEqual([
      'Conv_1',
      'Conv_1_bn',
      'out_relu',
      'global_average_pooling2d',
    ]);
    expect(blocks.reduce((sum, b) => sum + b.params, 0)).toBe(410_208);
    model.dispose();
  });

  it('names blocks as Keras does for V1, VGG16 and ResNet50', () => {
    const expectations: [string, 'mobilenet_v1' | 'vgg16' | 'resnet50', number[]][] = [
      ['mobilenet_v1_0.25_128', 'mobilenet_v1', Array.from({ length: 13 }, (_, i) => i + 1)],
      ['vgg16_224', 'vgg16', [1, 2, 3, 4, 5]],
      ['resnet50_224', 'resnet50', [2, 3, 4, 5]],
    ];
    for (const [id, family, numbers] of expectations) {
      const model = catalogEntry(id).build();
      const { blocks } = summarizeModel(model, family);
      expect(blocks.filter((b) => b.number !== undefined).map((b) => b.number)).toEqual(numbers);
      model.dispose();
    }
  });

  it.each(PUBLISHED_MULT_ADDS)('%s needs about %i M multiply-adds per image', (id, millions) => {
    const entry = catalogEntry(id);
    const model = entry.build();
    const measured = summarizeModel(model, entry.family).multiplyAdds / 1e6;
    expect(Math.abs(measured - millions) / millions).toBeLessThan(0.06);
    model.dispose();
  });

  it('produces the stated feature size from the stated feature layer', () => {
    for (const id of ['mobilenet_v2_0.35_96', 'mobilenet_v2_1.3_224', 'mobilenet_v1_0.75_128']) {
      const entry = catalogEntry(id);
      const model = entry.build();
      expect(model.outputs[0]?.shape).toEqual([null, entry.featureSize]);
      expect(model.getLayer(entry.featureLayer)).toBeDefined();
      model.dispose();
    }
  });
});
