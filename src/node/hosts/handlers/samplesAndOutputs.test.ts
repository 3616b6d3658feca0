import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ContractClient } from '../../../common/contract/rpc.js';
import { handlerPair, type HandlerPair } from '../../testing/handlerPair.js';

describe('samples.list, output.suggestPath and output.download over the contract', () => {
  let home: string;
  let rpc: ContractClient;
  let pair: HandlerPair;

  beforeAll(async () => {
    home = await mkdtemp(join(tmpdir(), 'ts-samples-channel-'));
    const env = { TRANSFER_STUDIO_HOME: home };
    pair = handlerPair(env);
    rpc = pair.rpc;
  });
  afterAll(async () => {
    pair.close();
    await rm(home, { recursive: true, force: true });
  });

  it('lists the Fashion sample first, and its copy scans as 4 classes of 60 images', async () => {
    const samples = await rpc.call('samples.list', {});
    const fashion = samples[0];
    expect(fashion).toMatchObject({ id: 'fashion', imageCount: 240 });
    if (!fashion) throw new Error('no sample');
    const report = await rpc.call('dataset.scan', { path: fashion.path });
    expect(report.files).toEqual({ seen: 240, imported: 240, skipped: 0 });
    expect(report.classes.map((c) => [c.name, c.count])).toEqual([
      ['bag', 60],
      ['sneaker', 60],
      ['t-shirt', 60],
      ['trouser', 60],
    ]);
  });

  it('suggests a free export folder in the app home', async () => {
    const { path } = await rpc.call('output.suggestPath', { kind: 'export', name: 'Fashion' });
    expect(path).toBe(join(home, 'exports', 'Fashion model'));
  });

  it('refuses to download a path it did not write', async () => {
    await expect(
      rpc.call('output.download', { path: join(home, 'samples', 'fashion', 'bag', '001.png') }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });
});
