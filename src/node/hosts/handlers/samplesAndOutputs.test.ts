import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MessageChannel } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  connectContract,
  serveContract,
  type ContractClient,
} from '../../../common/contract/rpc.js';
import { nodeMessagePort } from '../../adapters/rpc/nodePort.js';
import { createHandlers } from './createHandlers.js';

describe('samples.list, output.suggestPath and output.download over the contract', () => {
  let home: string;
  let rpc: ContractClient;
  let channel: MessageChannel;

  beforeAll(async () => {
    home = await mkdtemp(join(tmpdir(), 'ts-samples-channel-'));
    channel = new MessageChannel();
    const env = { TRANSFER_STUDIO_HOME: home };
    const server = serveContract(
      nodeMessagePort(channel.port1),
      createHandlers({ env, emit: (name, payload) => server.emit(name, payload) }),
    );
    rpc = connectContract(nodeMessagePort(channel.port2));
  });
  afterAll(async () => {
    rpc.close();
    channel.port1.close();
    channel.port2.close();
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
