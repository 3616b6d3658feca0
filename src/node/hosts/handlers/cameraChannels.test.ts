import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ContractClient } from '../../../common/contract/rpc.js';
import {
  CONTRACT,
  MAX_FRAME_BASE64,
  MAX_FRAMES_BASE64_PER_MESSAGE,
  MAX_FRAMES_PER_MESSAGE,
} from '../../../common/contract/contract.js';
import { writeShapeSamples } from '../../services/samples/shapes.js';
import { handlerPair, type HandlerPair } from '../../testing/handlerPair.js';
import { browserShellHandlers } from '../web/browserShell.js';
import { MAX_MESSAGE_BYTES } from '../web/webServer.js';

/** A webcam frame as the page sends it: a 640×480 JPEG, base64. */
async function frameBase64(seed: number): Promise<string> {
  const raw = Buffer.alloc(640 * 480 * 3);
  for (let p = 0; p < raw.length; p++) raw[p] = (p * 3 + seed * 59 + ((p >> 8) % 71)) & 255;
  const jpeg = await sharp(raw, { raw: { width: 640, height: 480, channels: 3 } })
    .jpeg()
    .toBuffer();
  return jpeg.toString('base64');
}

describe('the camera channels over the contract', () => {
  let dir: string;
  let pair: HandlerPair;
  let rpc: ContractClient;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ts-camera-channels-'));
    await writeShapeSamples(join(dir, 'shapes'), { perClass: 4, size: 40, seed: 3 });
    pair = handlerPair({ TRANSFER_STUDIO_HOME: join(dir, 'home') });
    rpc = pair.rpc;
  });
  afterAll(async () => {
    pair.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('refuses frames for a dataset the user did not open here', async () => {
    await expect(
      rpc.call('dataset.addFrames', {
        dataset: join(dir, 'shapes'),
        className: 'circle',
        frames: [{ base64: await frameBase64(1) }],
      }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect(await readdir(join(dir, 'shapes', 'circle'))).toHaveLength(4);
  });

  it('saves frames of an opened dataset, which the next scan counts', async () => {
    const dataset = join(dir, 'shapes');
    const before = await rpc.call('dataset.scan', { path: dataset });
    const frames = await Promise.all(
      [2, 3, 4].map(async (n) => ({ base64: await frameBase64(n) })),
    );
    const { added } = await rpc.call('dataset.addFrames', { dataset, className: 'circle', frames });
    expect(added).toHaveLength(3);
    const after = await rpc.call('dataset.scan', { path: dataset });
    expect(after.files.imported).toBe(before.files.imported + 3);
    expect(after.classes.find((c) => c.name === 'circle')?.count).toBe(7);
  });

  it('refuses a message with more frames than one batch may hold', async () => {
    const frame = { base64: await frameBase64(5) };
    await expect(
      rpc.call('dataset.addFrames', {
        dataset: join(dir, 'shapes'),
        className: 'circle',
        frames: Array.from({ length: MAX_FRAMES_PER_MESSAGE + 1 }, () => frame),
      }),
    ).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
  });

  it('refuses frames too large together for one message, with a plain error', async () => {
    // Each frame is within its own limit, and there are few: only the total is too much for the
    // browser-mode socket, which would otherwise close and cancel everything on it.
    const largest = { base64: 'A'.repeat(MAX_FRAME_BASE64) };
    const count = Math.floor(MAX_FRAMES_BASE64_PER_MESSAGE / MAX_FRAME_BASE64) + 1;
    expect(count).toBeLessThanOrEqual(MAX_FRAMES_PER_MESSAGE);
    const circle = join(dir, 'shapes', 'circle');
    const before = (await readdir(circle)).length;
    await expect(
      rpc.call('dataset.addFrames', {
        dataset: join(dir, 'shapes'),
        className: 'circle',
        frames: Array.from({ length: count }, () => largest),
      }),
    ).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
      message: expect.stringContaining('send fewer frames at a time') as unknown,
    });
    expect(await readdir(circle)).toHaveLength(before);

    // Frames totalling exactly the limit pass, and the limit leaves room for the JSON around them.
    const atLimit: { base64: string }[] = [];
    for (let left = MAX_FRAMES_BASE64_PER_MESSAGE; left > 0; left -= MAX_FRAME_BASE64)
      atLimit.push({ base64: 'A'.repeat(Math.min(left, MAX_FRAME_BASE64)) });
    const request = CONTRACT['dataset.addFrames'].request;
    expect(request.safeParse({ dataset: 'd', className: 'c', frames: atLimit }).success).toBe(true);
    expect(MAX_FRAMES_BASE64_PER_MESSAGE).toBeLessThan(MAX_MESSAGE_BYTES - 2 ** 20);
  });

  it('browser mode has no camera gate of its own to arm', async () => {
    expect(await browserShellHandlers['shell.requestCamera']({})).toEqual({ armed: false });
  });
});
