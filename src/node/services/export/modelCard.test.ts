import { describe, expect, it } from 'vitest';
import {
  caffePreprocessing,
  channelAffine,
  mobilenetPreprocessing,
  scalePixels,
  type Preprocessing,
} from '../../../common/preprocessing.js';
import { testTrainedModelMetadata } from '../../testing/trainedModels.js';
import { ml5Snippet, onnxWebSnippet, tfjsSnippet } from './browserSnippets.js';
import { modelCard, type ExportFormat } from './modelCard.js';
import type { Parity } from './parity.js';

const parity: Parity = { agreement: 1, maxAbsDifference: 1e-6, count: 8, inputs: 'random images' };

function cardFor(preprocessing: Preprocessing, format: ExportFormat = 'tfjs'): string {
  const metadata = testTrainedModelMetadata({ size: preprocessing.width, classes: ['a', 'b'] });
  return modelCard({ ...metadata, preprocessing }, format, parity);
}

/** The card's "Input" section alone, so a statement elsewhere cannot satisfy a check. */
function inputOf(card: string): string {
  return card.slice(card.indexOf('## Input'), card.indexOf('## Loading it'));
}

describe('the model card states the recorded preprocessing', () => {
  it('says what a MobileNet export expects, from its record', () => {
    const preprocessing = mobilenetPreprocessing(224);
    const input = inputOf(cardFor(preprocessing));
    expect(input).toContain('[batch, 224, 224, 3]');
    expect(input).toContain('centre cropped');
    expect(input).toContain('`linear` kernel');
    expect(input).toContain('0 → -1 and 255 → 1');
    expect(input).toContain(`v × ${(2 / 255).toPrecision(8).replace(/0+$/, '')} + -1`);
    expect(input).toMatch(/Channel order\*\*: RGB/);
    expect(input).toContain('flattened onto RGB (255, 255, 255) before resizing');
    // A model recorded with a canvas's reading says so.
    const canvas = inputOf(cardFor({ ...preprocessing, transparency: 'canvas' }));
    expect(canvas).toContain('fully transparent pixels are black (0, 0, 0)');
  });

  it('describes the head in words, never as an empty list', () => {
    const metadata = testTrainedModelMetadata({ size: 224, classes: ['a', 'b'] });
    const head = { ...metadata.settings.head, hidden: [] };
    const card = modelCard(
      { ...metadata, settings: { ...metadata.settings, head } },
      'tfjs',
      parity,
    );
    expect(card).toMatch(/- Head: .*no hidden layer/);
    expect(card).not.toContain('[]');
  });

  it('follows every field of the record: kernel, policy, pad colour, channel order, scaling, transparency', () => {
    const preprocessing: Preprocessing = {
      ...caffePreprocessing(160),
      resize: 'pad',
      padColor: [10, 20, 30],
      kernel: 'cubic',
      transparency: 'flatten',
      alphaBackground: [200, 100, 50],
    };
    const card = cardFor(preprocessing);
    const input = inputOf(card);
    expect(input).toContain('[batch, 160, 160, 3]');
    expect(input).toContain('bars filled with RGB (10, 20, 30)');
    expect(input).toContain('`cubic` kernel');
    expect(input).not.toContain('`linear` kernel');
    expect(input).toContain('mean (103.939, 116.779, 123.68)');
    expect(input).toMatch(/Channel order\*\*: BGR/);
    expect(input).toContain('flattened onto RGB (200, 100, 50)');
    // Teachable Machine's library scales RGB by x / 127 - 1 itself: the card must not offer it.
    expect(card).not.toContain('tmImage.load');
    expect(card).toContain("context.fillStyle = 'rgb(200, 100, 50)'");
    expect(card).toContain("context.fillStyle = 'rgb(10, 20, 30)'");
    expect(card).toContain('.reverse(-1)');
  });

  it('offers the Teachable Machine snippet for a square MobileNet-scaled model only', () => {
    expect(cardFor(mobilenetPreprocessing(224))).toContain("tmImage.load('model.json'");
    expect(cardFor(mobilenetPreprocessing(96))).toContain("tmImage.load('model.json'");
    const card = cardFor({
      ...mobilenetPreprocessing(224),
      scaling: { mode: 'range', min: 0, max: 1 },
    });
    expect(card).not.toContain('tmImage.load');
  });

  it("offers ml5's snippet only where ml5's fixed 224×224, x / 127 - 1 input fits", () => {
    const at224 = cardFor(mobilenetPreprocessing(224));
    expect(at224).toContain(ml5Snippet(mobilenetPreprocessing(224)));
    expect(at224).toContain('squashes the whole image to 224×224');
    const at96 = cardFor(mobilenetPreprocessing(96));
    expect(at96).not.toContain('ml5.imageClassifier');
    expect(at96).toContain('this one takes 96×96');
    const caffe = cardFor(caffePreprocessing(224));
    expect(caffe).not.toContain('ml5');
    expect(cardFor(mobilenetPreprocessing(224), 'onnx')).not.toContain('ml5');
  });

  it('gives the ONNX export the onnxruntime-web snippet and the TF.js export the tfjs one', () => {
    const preprocessing = mobilenetPreprocessing(128);
    expect(cardFor(preprocessing, 'onnx')).toContain(onnxWebSnippet(preprocessing));
    expect(cardFor(preprocessing, 'tfjs')).toContain(tfjsSnippet(preprocessing));
    expect(cardFor(preprocessing, 'keras')).not.toContain('toModelCanvas');
  });
});

describe('the snippets scale pixels as the app does', () => {
  it('channelAffine matches scalePixels on every byte value, for both presets', () => {
    for (const preprocessing of [mobilenetPreprocessing(224), caffePreprocessing(224)]) {
      const { scale, offset } = channelAffine(preprocessing);
      const rgb = Uint8Array.from({ length: 256 * 3 }, (_, i) => Math.floor(i / 3));
      const expected = scalePixels(rgb, preprocessing);
      const order = preprocessing.channelOrder === 'bgr' ? [2, 1, 0] : [0, 1, 2];
      for (let i = 0; i < rgb.length; i += 3) {
        for (let c = 0; c < 3; c++) {
          const value = (rgb[i + (order[c] ?? c)] ?? 0) * (scale[c] ?? 1) + (offset[c] ?? 0);
          expect(value).toBeCloseTo(expected[i + c] ?? NaN, 4);
        }
      }
    }
  });

  it("the ONNX snippet's loop, run on real RGBA bytes, gives the app's model input", () => {
    const preprocessing = { ...caffePreprocessing(2), width: 2, height: 1 };
    const snippet = onnxWebSnippet(preprocessing);
    const line = snippet.split('\n').find((l) => l.includes('const [order, scale, offset]')) ?? '';
    const [order, scale, offset] = new Function(
      `${line.replace('const [order, scale, offset] =', 'return')}`,
    )() as number[][];
    const rgba = [12, 200, 90, 255, 250, 3, 77, 128];
    const rgb = Uint8Array.from(rgba.filter((_, i) => i % 4 !== 3));
    const expected = scalePixels(rgb, preprocessing);
    for (let p = 0; p < 2; p++)
      for (let c = 0; c < 3; c++) {
        const value =
          (rgba[p * 4 + (order?.[c] ?? c)] ?? 0) * (scale?.[c] ?? 1) + (offset?.[c] ?? 0);
        expect(value).toBeCloseTo(expected[p * 3 + c] ?? NaN, 4);
      }
  });
});

describe('the model card of a refit model', () => {
  const metadata = testTrainedModelMetadata({ size: 224, classes: ['cat', 'dog'] });
  const validation = {
    count: 40,
    accuracy: 0.925,
    confusion: [
      [19, 1],
      [2, 18],
    ],
  };

  /** The card's accuracy section alone, so the settings list cannot satisfy a check. */
  function accuracyOf(card: string): string {
    return card.slice(card.indexOf('## Accuracy'), card.indexOf('## Checked after export'));
  }

  it('says next to the validation scores that the exported model trained on those images', () => {
    const refit = { epochs: 12, images: 200, message: 'refit on all images' };
    const card = modelCard({ ...metadata, validation, refit }, 'onnx', parity);
    const accuracy = accuracyOf(card);
    expect(accuracy).toContain('**92.5%** on 40 images');
    expect(accuracy).toContain('before its refit');
    expect(accuracy).toContain('has seen these images');
    expect(card).toMatch(/- Refit: .*all 200 training and validation images for 12 epochs/);
  });

  it('counts every image the exported model trained on in its data, not the split before the refit', () => {
    const counts = { train: { cat: 80, dog: 76 }, validation: { cat: 20, dog: 19 } };
    const refit = { epochs: 12, images: 195, message: 'refit on all images' };
    const card = modelCard({ ...metadata, counts, validation, refit }, 'tfjs', parity);
    const data = card.slice(card.indexOf('## Data'), card.indexOf('## Settings'));
    expect(data).toContain('refit on all 195 images, the training and validation images together');
    expect(data).toContain(
      '| class | training images | validation images | trained on in the refit |',
    );
    expect(data).toContain('| cat | 80 | 20 | 100 |');
    expect(data).toContain('| dog | 76 | 19 | 95 |');
    // Without a refit, the split is what the model trained and was checked on.
    const plain = modelCard({ ...metadata, counts, validation }, 'tfjs', parity);
    expect(plain).toContain('| cat | 80 | 20 |\n');
    expect(plain).not.toMatch(/refit/i);
  });

  it('says nothing of a refit for a model validated on images it never trained on', () => {
    const card = modelCard({ ...metadata, validation }, 'onnx', parity);
    expect(accuracyOf(card)).toContain('**92.5%** on 40 images');
    expect(card).not.toMatch(/refit/i);
  });
});
