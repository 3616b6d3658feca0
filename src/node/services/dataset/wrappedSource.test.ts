import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeStoredZip } from '../../adapters/files/storedZip.js';
import { makeNoisyJpeg } from '../../testing/images.js';
import { openDatasetSource } from './openSource.js';
import { displayPath, type SourceEntry } from './source.js';
import { wrapSource } from './wrappedSource.js';

describe('wrapSource', () => {
  let dir: string;
  let zip: string;
  const photos = new Map<string, Buffer>();

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ts-wrapped-source-'));
    photos.set('cats/cat.jpg', await makeNoisyJpeg(320, 240, 1));
    photos.set('dogs/dog.jpg', await makeNoisyJpeg(240, 320, 2));
    zip = join(dir, 'photos.zip');
    const files = [...photos].map(([name, data]) => ({ name, data }));
    await writeFile(zip, writeStoredZip(files));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('lists through the override and reads, lists folders and closes through the source', async () => {
    const source = await openDatasetSource(zip);
    const wrapped = wrapSource(source, {
      async *entries(signal?: AbortSignal): AsyncIterable<SourceEntry> {
        for await (const entry of source.entries(signal))
          if (entry.segments[0] === 'dogs') yield entry;
      },
    });
    expect({ kind: wrapped.kind, path: wrapped.path }).toEqual({ kind: 'zip', path: source.path });
    const listed: string[] = [];
    for await (const entry of wrapped.entries())
      if (entry.kind === 'file') listed.push(displayPath(entry.segments));
    expect(listed).toEqual(['dogs/dog.jpg']);
    expect((await wrapped.list([])).map((child) => child.name).sort()).toEqual(['cats', 'dogs']);
    expect(Buffer.from(await wrapped.read('cats/cat.jpg'))).toEqual(photos.get('cats/cat.jpg'));
    await wrapped.close();
    await expect(source.read('cats/cat.jpg')).rejects.toThrow();
  });
});
