import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import yauzl from 'yauzl';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DOWNLOAD_CHUNK_BYTES, OutputDownloads, suggestOutputPath } from './outputs.js';

describe('default output places', () => {
  let home: string;
  beforeEach(async () => {
    home = await mkdtemp(join(tmpdir(), 'ts-outputs-'));
  });
  afterEach(() => rm(home, { recursive: true, force: true }));

  it('names exports and hand-ins after the project, never reusing a taken name', async () => {
    const env = { TRANSFER_STUDIO_HOME: home };
    const first = await suggestOutputPath(env, 'export', 'Flowers/../x');
    expect(first).toBe(join(home, 'exports', 'Flowers_.._x model'));
    await mkdir(first);
    expect(await suggestOutputPath(env, 'export', 'Flowers/../x')).toBe(`${first} (2)`);
    expect(await suggestOutputPath(env, 'handIn', undefined)).toBe(
      join(home, 'exports', 'Transfer Studio hand-in.zip'),
    );
  });
});

describe('browser-mode downloads', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ts-downloads-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('refuses any path this engine did not write', async () => {
    const downloads = new OutputDownloads();
    await writeFile(join(dir, 'secret.txt'), 'no');
    await expect(downloads.read(join(dir, 'secret.txt'), 0)).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    downloads.allow(join(dir, 'export'));
    await expect(downloads.read(join(dir, 'export', '..', 'secret.txt'), 0)).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
  });

  it('sends a file in chunks that rebuild it byte for byte', async () => {
    const bytes = Buffer.alloc(DOWNLOAD_CHUNK_BYTES * 2 + 5, 0);
    for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 31) % 251;
    const file = join(dir, 'hand-in.zip');
    await writeFile(file, bytes);
    const downloads = new OutputDownloads();
    downloads.allow(file);
    const { name, data } = await readAll(downloads, file);
    expect(name).toBe('hand-in.zip');
    expect(data.equals(bytes)).toBe(true);
  });

  it('zips an export folder with its files at their paths inside it', async () => {
    const folder = join(dir, 'Flowers model');
    await mkdir(join(folder, 'tfjs'), { recursive: true });
    await writeFile(join(folder, 'labels.txt'), 'a\nb\n');
    await writeFile(join(folder, 'tfjs', 'model.json'), '{}');
    const downloads = new OutputDownloads();
    downloads.allow(folder);
    const { name, data } = await readAll(downloads, folder);
    expect(name).toBe('Flowers model.zip');
    const zipPath = join(dir, 'out.zip');
    await writeFile(zipPath, data);
    expect(await zipEntries(zipPath)).toEqual({ 'labels.txt': 'a\nb\n', 'tfjs/model.json': '{}' });
    expect((await readFile(join(folder, 'labels.txt'), 'utf8')).length).toBe(4);
  });
});

async function readAll(downloads: OutputDownloads, path: string) {
  const parts: Buffer[] = [];
  for (let offset = 0; ;) {
    const chunk = await downloads.read(path, offset);
    const bytes = Buffer.from(chunk.base64, 'base64');
    parts.push(bytes);
    offset += bytes.length;
    if (offset >= chunk.size) return { name: chunk.name, data: Buffer.concat(parts) };
  }
}

/** The zip's entries and their text, read by yauzl (what the engine's own zip reading uses). */
async function zipEntries(path: string): Promise<Record<string, string>> {
  const zip = await yauzl.openPromise(path, { lazyEntries: true });
  const out: Record<string, string> = {};
  await new Promise<void>((resolve, reject) => {
    zip.on('entry', (entry: yauzl.Entry) => {
      zip.openReadStream(entry, (error, stream) => {
        if (error) return reject(error);
        const parts: Buffer[] = [];
        stream.on('data', (part: Buffer) => parts.push(part));
        stream.on('end', () => {
          out[entry.fileName] = Buffer.concat(parts).toString('utf8');
          zip.readEntry();
        });
      });
    });
    zip.on('end', () => resolve());
    zip.on('error', reject);
    zip.readEntry();
  });
  zip.close();
  return out;
}
