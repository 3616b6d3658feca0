import { createServer, type Server } from 'node:http';
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '../../../engine/tf.js';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { catalogEntry } from '../../../engine/catalog/catalog.js';
import { fetchModels, kerasWeightsPath } from './fetchModels.js';
import { writeKerasH5Weights } from './kerasH5.js';
import { loadBasePack } from './loadPack.js';
import { listPacks } from './packStore.js';

const ID = 'mobilenet_v2_0.35_96';

describe('fetchModels', () => {
  let dir: string;
  let mirror: string;
  let weights: Buffer;
  let server: Server;
  let baseUrl: string;
  let serve: (path: string) => Buffer | undefined;

  beforeAll(async () => {
    await tf.setBackend('cpu');
    dir = await mkdtemp(join(tmpdir(), 'ts-fetch-'));
    mirror = join(dir, 'mirror');
    await mkdir(join(mirror, 'mobilenet_v2'), { recursive: true });
    const file = join(mirror, kerasWeightsPath(catalogEntry(ID)));
    await writeKerasH5Weights(catalogEntry(ID).build(), file);
    weights = await readFile(file);
    serve = (path) => (path === `/${kerasWeightsPath(catalogEntry(ID))}` ? weights : undefined);
    server = createServer((request, response) => {
      const body = serve(request.url ?? '');
      if (!body) {
        response.writeHead(404).end();
        return;
      }
      response.writeHead(200, { 'content-length': body.length }).end(body);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    await rm(dir, { recursive: true, force: true });
  });
  afterEach(() => tf.disposeVariables());

  it('downloads over HTTP, verifies, and installs a pack that loads', async () => {
    const store = join(dir, 'store-http');
    const progress: number[] = [];
    const [result] = await fetchModels([ID], {
      source: { kind: 'url', baseUrl },
      store,
      onProgress: (_id, bytes) => progress.push(bytes),
    });
    expect(result).toMatchObject({ id: ID, status: 'installed', bytes: weights.length });
    expect(progress.at(-1)).toBe(weights.length);
    const packs = await listPacks(store);
    expect(packs).toEqual([
      { path: join(store, ID), kind: 'pack', name: 'MobileNet V2 0.35 @ 96', architecture: ID },
    ]);
    const base = await loadBasePack(join(store, ID));
    expect(base.model.countParams()).toBe(410_208);
    expect(JSON.parse(await readFile(join(store, 'checksums.json'), 'utf8'))).toEqual({
      [catalogEntry(ID).kerasWeightsFile]: result?.sha256,
    });
    const [again] = await fetchModels([ID], { source: { kind: 'url', baseUrl }, store });
    expect(again?.status).toBe('already-installed');
  });

  it('copies from a local mirror (USB stick) with --from', async () => {
    const store = join(dir, 'store-dir');
    const [result] = await fetchModels([ID], { source: { kind: 'dir', dir: mirror }, store });
    expect(result?.status).toBe('installed');
  });

  it('refuses a file whose checksum differs, leaving nothing behind', async () => {
    const store = join(dir, 'store-md5');
    const md5 = { [catalogEntry(ID).kerasWeightsFile]: '0'.repeat(32) };
    const [result] = await fetchModels([ID], { source: { kind: 'url', baseUrl }, store, md5 });
    expect(result).toMatchObject({
      status: 'failed',
      problem: expect.stringMatching(/checksum mismatch \(MD5/),
    });
    expect(await readdir(store)).toEqual([]);
  });

  it('refuses a copy that differs from what was first fetched', async () => {
    const store = join(dir, 'store-recorded');
    await mkdir(store);
    await writeFile(
      join(store, 'checksums.json'),
      JSON.stringify({ [catalogEntry(ID).kerasWeightsFile]: 'f'.repeat(64) }),
    );
    const [result] = await fetchModels([ID], { source: { kind: 'dir', dir: mirror }, store });
    expect(result?.problem).toMatch(/first fetched as f{64}/);
  });

  it('reports a missing file and a damaged download', async () => {
    const store = join(dir, 'store-missing');
    const [missing] = await fetchModels(['mobilenet_v2_0.5_96'], {
      source: { kind: 'url', baseUrl },
      store,
    });
    expect(missing).toMatchObject({
      status: 'failed',
      problem: expect.stringMatching(/answered 404/),
    });
    const original = serve;
    serve = (path) => original(path)?.subarray(0, 5000);
    const [damaged] = await fetchModels([ID], { source: { kind: 'url', baseUrl }, store });
    serve = original;
    expect(damaged?.status).toBe('failed');
    expect(await readdir(store)).toEqual([]);
  });
});
