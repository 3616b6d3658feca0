import { describe, expect, it } from 'vitest';
import {
  caffePreprocessing,
  DEFAULT_ALPHA_BACKGROUND,
  mobilenetPreprocessing,
  preprocessingSchema,
  scalePixels,
} from './preprocessing.js';

describe('scalePixels', () => {
  it('maps 0..255 onto [-1, 1] for MobileNet', () => {
    const out = scalePixels(Uint8Array.of(0, 255, 127.5), mobilenetPreprocessing(224));
    expect(out[0]).toBeCloseTo(-1);
    expect(out[1]).toBeCloseTo(1);
    expect(out[2]).toBeCloseTo(0, 1);
  });

  it('swaps to BGR and subtracts the ImageNet means in caffe mode', () => {
    const out = scalePixels(Uint8Array.of(10, 20, 30), caffePreprocessing(224));
    expect(out[0]).toBeCloseTo(30 - 103.939);
    expect(out[1]).toBeCloseTo(20 - 116.779);
    expect(out[2]).toBeCloseTo(10 - 123.68);
  });

  it('divides by std in mean-std mode (torchvision-style figures)', () => {
    const prep = {
      ...mobilenetPreprocessing(8),
      scaling: {
        mode: 'mean-std' as const,
        mean: [123.675, 116.28, 103.53] as [number, number, number],
        std: [58.395, 57.12, 57.375] as [number, number, number],
      },
    };
    const out = scalePixels(Uint8Array.of(255, 255, 255), prep);
    expect(out[0]).toBeCloseTo((255 - 123.675) / 58.395);
  });

  it('fills a slice of a larger batch buffer', () => {
    const batch = new Float32Array(6).fill(9);
    scalePixels(Uint8Array.of(0, 0, 0), mobilenetPreprocessing(1), batch.subarray(3));
    expect([...batch]).toEqual([9, 9, 9, -1, -1, -1]);
  });

  it('rejects data that is not RGB triples', () => {
    expect(() => scalePixels(Uint8Array.of(1, 2), mobilenetPreprocessing(1))).toThrow(RangeError);
  });
});

describe('new models’ transparency', () => {
  it('flattens transparent pixels onto white, in both presets', () => {
    expect(DEFAULT_ALPHA_BACKGROUND).toEqual([255, 255, 255]);
    for (const prep of [mobilenetPreprocessing(224), caffePreprocessing(224)])
      expect(prep).toMatchObject({ transparency: 'flatten', alphaBackground: [255, 255, 255] });
  });

  it('hands every model its own background array', () => {
    const a = mobilenetPreprocessing(96);
    a.alphaBackground[0] = 0;
    expect(mobilenetPreprocessing(96).alphaBackground).toEqual([255, 255, 255]);
  });
});

describe('preprocessingSchema', () => {
  it('round-trips the presets through JSON', () => {
    for (const prep of [mobilenetPreprocessing(224), caffePreprocessing(224)]) {
      expect(preprocessingSchema.parse(JSON.parse(JSON.stringify(prep)))).toEqual(prep);
    }
  });

  it('keeps the transparency a model was recorded with: canvas, or flatten when absent', () => {
    const canvas = { ...mobilenetPreprocessing(224), transparency: 'canvas' as const };
    const read = preprocessingSchema.parse(JSON.parse(JSON.stringify(canvas)));
    expect(read.transparency).toBe('canvas');
    const { transparency: _absent, ...earlier } = canvas;
    expect(preprocessingSchema.parse(earlier)).toMatchObject({ alphaBackground: [255, 255, 255] });
    expect(preprocessingSchema.parse(earlier).transparency).toBeUndefined();
  });

  it('rejects an unknown resize policy', () => {
    expect(() =>
      preprocessingSchema.parse({ ...mobilenetPreprocessing(224), resize: 'squash' }),
    ).toThrow();
  });
});
