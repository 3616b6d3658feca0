import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { DEFAULT_TRAIN_SETTINGS } from '../../../common/training.js';
import { mobilenetPreprocessing } from '../../../common/preprocessing.js';
import { makeNoisyJpeg } from '../../testing/images.js';
import { decodeForModel } from '../image/decode.js';
import { augmentImage, mirrorImage, viewParameters } from './augmentImage.js';

const augmentation = DEFAULT_TRAIN_SETTINGS.augmentation;

/** 4×2 image: left half red, right half blue. */
function halves(): { data: Uint8Array; width: number; height: number } {
  const data = new Uint8Array(4 * 2 * 3);
  for (let p = 0; p < 8; p++) data[p * 3 + (p % 4 < 2 ? 0 : 2)] = 200;
  return { data, width: 4, height: 2 };
}

describe('augmented views', () => {
  it('draws the same parameters for the same image and view, others for other views', () => {
    const sha = 'a'.repeat(64);
    expect(viewParameters(augmentation, sha, 1)).toEqual(viewParameters(augmentation, sha, 1));
    expect(viewParameters(augmentation, sha, 1)).not.toEqual(viewParameters(augmentation, sha, 2));
    const p = viewParameters(augmentation, sha, 3);
    expect(Math.abs(p.rotation)).toBeLessThanOrEqual(augmentation.rotation);
    expect(p.zoom).toBeLessThanOrEqual(augmentation.zoom);
  });

  it('leaves the image alone with no alteration, and mirrors it when flipped', async () => {
    const none = { flip: false, rotation: 0, zoom: 0, brightness: 0, contrast: 0 };
    expect(Array.from((await augmentImage(halves(), none)).data)).toEqual(
      Array.from(halves().data),
    );
    const flipped = await augmentImage(halves(), { ...none, flip: true });
    expect(Array.from(flipped.data.subarray(0, 3))).toEqual([0, 0, 200]);
    expect([flipped.width, flipped.height]).toEqual([4, 2]);
  });

  it('brightens and keeps the size through rotation and zoom', async () => {
    const result = await augmentImage(halves(), {
      flip: false,
      rotation: 8,
      zoom: 0.1,
      brightness: 0.1,
      contrast: 0,
    });
    expect([result.width, result.height, result.data.length]).toEqual([4, 2, 24]);
    const brighter = await augmentImage(halves(), {
      flip: false,
      rotation: 0,
      zoom: 0,
      brightness: 0.1,
      contrast: 0,
    });
    expect(brighter.data[0]).toBe(226);
  });

  it('mirrors a camera-size photo as it reaches the model, left to right and nothing else', async () => {
    const photo = await decodeForModel(
      await makeNoisyJpeg(1200, 900, 5),
      mobilenetPreprocessing(224),
    );
    const { width, height } = photo;
    const mirrored = mirrorImage(photo);
    const flopped = await sharp(photo.data, { raw: { width, height, channels: 3 } })
      .flop()
      .raw()
      .toBuffer();
    expect([mirrored.width, mirrored.height]).toEqual([width, height]);
    expect(Buffer.from(mirrored.data).equals(flopped)).toBe(true);
    expect(Buffer.from(mirrored.data).equals(Buffer.from(photo.data))).toBe(false);
    expect(Buffer.from(mirrorImage(mirrored).data).equals(Buffer.from(photo.data))).toBe(true);
  });
});
