import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '../../../engine/tf.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Channel, RequestOf } from '../../../common/contract/contract.js';
import { buildMobileNetV1 } from '../../../engine/catalog/mobilenetV1.js';
import { SHAPE_CLASSES, writeShapeSamples } from '../../services/samples/shapes.js';
import { handlerPair, type HandlerPair } from '../../testing/handlerPair.js';
import { writeTestTrainedModel } from '../../testing/trainedModels.js';

const SIZE = 32;

/**
 * The model channels take their request's signal. Each request here is cancelled as soon as it
 * is sent: the cancel message follows the request on the same port, so the handler sees the
 * abort before its first file has been read, whatever the machine's speed.
 */
describe('cancelling the model channels over the trainer’s port', () => {
  let dir: string;
  let pair: HandlerPair;
  let modelDir: string;
  let images: string[];

  beforeAll(async () => {
    await tf.setBackend('cpu');
    dir = await mkdtemp(join(tmpdir(), 'ts-cancel-channels-'));
    const dataset = join(dir, 'shapes');
    await writeShapeSamples(dataset, { perClass: 2, size: 320, seed: 21 });
    images = SHAPE_CLASSES.map((c) => join(dataset, c, `${c}-000.png`));
    modelDir = await writeTestTrainedModel(dir, 'model', () => buildMobileNetV1(0.25, SIZE), {
      size: SIZE,
      classes: [...SHAPE_CLASSES],
    });
    pair = handlerPair({
      TRANSFER_STUDIO_MODELS: join(dir, 'store'),
      TRANSFER_STUDIO_CACHE: join(dir, 'cache'),
      TRANSFER_STUDIO_HOME: join(dir, 'home'),
    });
  }, 60_000);
  afterAll(async () => {
    pair.close();
    await rm(dir, { recursive: true, force: true });
  });

  async function cancelledAtOnce<C extends Channel>(channel: C, request: RequestOf<C>) {
    const controller = new AbortController();
    const call = pair.rpc.call(channel, request, { signal: controller.signal });
    controller.abort();
    await expect(call).rejects.toMatchObject({ code: 'CANCELLED' });
  }

  it('an export cancelled at once writes no folder; the same export then completes', async () => {
    const out = join(dir, 'export');
    const request = { modelDir, formats: ['tfjs' as const, 'onnx' as const], out };
    await cancelledAtOnce('model.export', request);
    expect(await readdir(dir)).not.toContain('export');
    const results = await pair.rpc.call('model.export', request);
    expect(results.map((r) => r.format)).toEqual(['tfjs', 'onnx']);
  });

  it('predict, explain and the pretrained guesses answer CANCELLED, and the next ones answer', async () => {
    const tensors = tf.memory().numTensors;
    await cancelledAtOnce('model.predict', { modelDir, images });
    await cancelledAtOnce('model.explain', { modelDir, images });
    expect(tf.memory().numTensors).toBe(tensors);
    // The pretrained classifier is loaded once and kept, so its tensors stay by design.
    await cancelledAtOnce('bases.imagenet', { images });

    expect(await pair.rpc.call('model.predict', { modelDir, images })).toHaveLength(3);
    expect(await pair.rpc.call('model.explain', { modelDir, images })).toHaveLength(3);
    const guesses = await pair.rpc.call('bases.imagenet', { images });
    expect(guesses.results.map((r) => r.path)).toEqual(images);
  });
});
