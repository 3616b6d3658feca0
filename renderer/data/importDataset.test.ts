import { describe, expect, it } from 'vitest';
import type { Bridge } from '../../src/common/contract/bridge.js';
import type { RequestOf } from '../../src/common/contract/contract.js';
import { enginePathsFor } from './importDataset.js';

/**
 * The engine's side of browser-mode uploads, at the contract: files land in one new folder per
 * drop, at the path each upload names (a later message with the same path and no offset starts
 * that file anew, as the engine does).
 */
function uploadingEngine() {
  const disk = new Map<string, Uint8Array>();
  let folders = 0;
  const upload = ({ name, files, into }: RequestOf<'dataset.upload'>) => {
    const folder = into ?? `/uploads/${++folders} ${name}`;
    for (const file of files) {
      const binary = atob(file.base64);
      const bytes = new Uint8Array(binary.length);
      for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
      const earlier = file.offset ? disk.get(`${folder}/${file.path}`) : undefined;
      const whole = new Uint8Array((earlier?.length ?? 0) + bytes.length);
      whole.set(earlier ?? [], 0);
      whole.set(bytes, earlier?.length ?? 0);
      disk.set(`${folder}/${file.path}`, whole);
    }
    return { path: folder, folder };
  };
  const bridge: Bridge = {
    kind: 'browser',
    call: async (channel, request) => {
      if (channel !== 'dataset.upload') throw new Error(`${channel} is not part of this test`);
      return upload(request as RequestOf<'dataset.upload'>) as never;
    },
    on: () => () => undefined,
    pathForFile: () => undefined,
  };
  return { bridge, disk };
}

/** A photo-sized file of its own bytes (not an image decoder's concern here). */
function photo(seed: number, size = 300_000): File {
  const bytes = new Uint8Array(size);
  for (let i = 0; i < size; i++) bytes[i] = (i * 31 + seed * 97) % 251;
  return new File([bytes], 'cat.jpg', { type: 'image/jpeg' });
}

function sameBytes(a: Uint8Array | undefined, b: Uint8Array): boolean {
  if (a === undefined || a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

describe('engine paths for single files dropped in browser mode', () => {
  it('keeps two folders’ same-named files apart, each path holding its own bytes', async () => {
    const { bridge, disk } = uploadingEngine();
    const files = [
      { path: 'a/cat.jpg', file: photo(1) },
      { path: 'b/cat.jpg', file: photo(2) },
      // Over one upload message: it goes in two chunks, the second at its offset.
      { path: 'b/dog.jpg', file: photo(3, 1_200_000) },
    ];
    const paths = await enginePathsFor(bridge, files, 'added images');
    expect(new Set(paths).size).toBe(files.length);
    for (const [i, path] of paths.entries()) {
      const sent = new Uint8Array(await (files[i]?.file as File).arrayBuffer());
      expect(sameBytes(disk.get(path), sent), path).toBe(true);
    }
    expect(paths.map((p) => p.split('/').pop())).toEqual(['cat.jpg', 'cat (2).jpg', 'dog.jpg']);
  });
});
