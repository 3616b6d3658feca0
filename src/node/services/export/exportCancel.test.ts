import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '../../../engine/tf.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildMobileNetV1 } from '../../../engine/catalog/mobilenetV1.js';
import { realFileOps, type FileOps } from '../../adapters/files/fileOps.js';
import { writeTestTrainedModel } from '../../testing/trainedModels.js';
import { exportModel, type ExportOptions } from './exportModel.js';

const SIZE = 32;

/** The real file operations, with a cancel right after the call that `when` picks. */
function cancellingOps(
  controller: AbortController,
  when: (name: keyof FileOps, path: string) => boolean,
): FileOps {
  const after =
    <A extends unknown[], R>(name: keyof FileOps, call: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      const result = await call(...args);
      if (when(name, String(args.at(-1)))) controller.abort();
      return result;
    };
  return {
    mkdir: after('mkdir', realFileOps.mkdir),
    writeFile: after('writeFile', (path: string, data: Uint8Array | string) =>
      realFileOps.writeFile(path, data),
    ),
    sync: after('sync', realFileOps.sync),
    rename: after('rename', realFileOps.rename),
    rm: realFileOps.rm,
    exists: realFileOps.exists,
  };
}

describe('cancelling an export', () => {
  let dir: string;
  let model: string;
  let trash: string;

  beforeAll(async () => {
    await tf.setBackend('cpu');
    dir = await mkdtemp(join(tmpdir(), 'ts-export-cancel-'));
    trash = join(dir, 'trash');
    model = await writeTestTrainedModel(dir, 'model', () => buildMobileNetV1(0.25, SIZE), {
      size: SIZE,
      classes: ['cat', 'dog'],
    });
  }, 60_000);
  afterAll(() => rm(dir, { recursive: true, force: true }));

  const exportWith = (out: string, options: Partial<ExportOptions>) =>
    exportModel(model, { formats: ['tfjs', 'onnx'], out, trash, ...options });
  /** Hidden `.partial-*` or `.previous-*` folders an interrupted write could leave. */
  const leftovers = async (folder: string) =>
    (await readdir(folder)).filter((name) => name.startsWith('.'));

  it('while the first format is being written: no folder at all, and the next export works', async () => {
    const out = join(dir, 'mid-write');
    const controller = new AbortController();
    const ops = cancellingOps(controller, (name) => name === 'writeFile');
    await expect(exportWith(out, { ops, signal: controller.signal })).rejects.toMatchObject({
      code: 'CANCELLED',
    });
    expect(await readdir(dir)).not.toContain('mid-write');
    expect(await leftovers(dir)).toEqual([]);

    const results = await exportWith(out, {});
    expect(results.map((r) => r.format)).toEqual(['tfjs', 'onnx']);
    expect((await readdir(out)).sort()).toEqual(['onnx', 'tfjs']);
  });

  it('after the first format was put in place: that format is taken away again', async () => {
    const out = join(dir, 'between-formats');
    const controller = new AbortController();
    const ops = cancellingOps(
      controller,
      (name, to) => name === 'rename' && to === join(out, 'tfjs'),
    );
    await expect(exportWith(out, { ops, signal: controller.signal })).rejects.toMatchObject({
      code: 'CANCELLED',
    });
    expect(await readdir(dir)).not.toContain('between-formats');
    expect(await leftovers(dir)).toEqual([]);
  });

  it('into a folder of the user’s: their files stay, nothing of the export does', async () => {
    const out = join(dir, 'Documents');
    await mkdir(out);
    await writeFile(join(out, 'essay.txt'), 'my essay');
    const controller = new AbortController();
    const ops = cancellingOps(
      controller,
      (name, to) => name === 'rename' && to === join(out, 'tfjs'),
    );
    await expect(exportWith(out, { ops, signal: controller.signal })).rejects.toMatchObject({
      code: 'CANCELLED',
    });
    expect(await readdir(out)).toEqual(['essay.txt']);
  });

  it('into a folder someone created and filled meanwhile: their files stay', async () => {
    const out = join(dir, 'created-meanwhile');
    const controller = new AbortController();
    // The export found no folder; while it writes, the user makes it and saves a file in it.
    const ops: FileOps = {
      ...realFileOps,
      writeFile: async (path, data) => {
        await realFileOps.writeFile(path, data);
        if (controller.signal.aborted) return;
        await writeFile(join(out, 'notes.txt'), 'mine');
        controller.abort();
      },
    };
    await expect(exportWith(out, { ops, signal: controller.signal })).rejects.toMatchObject({
      code: 'CANCELLED',
    });
    expect(await readdir(out)).toEqual(['notes.txt']);
    expect(await readFile(join(out, 'notes.txt'), 'utf8')).toBe('mine');
  });

  it('a failure after the cancel still takes away the formats already in place', async () => {
    const out = join(dir, 'failed-after-cancel');
    const controller = new AbortController();
    // The cancel lands while the second format is written, and that write then fails as well:
    // the caller is told CANCELLED, so nothing of the export may stay.
    const ops: FileOps = {
      ...realFileOps,
      writeFile: async (path, data) => {
        if (!path.includes('.onnx.partial-')) return await realFileOps.writeFile(path, data);
        controller.abort();
        throw Object.assign(new Error('no space left'), { code: 'ENOSPC' });
      },
    };
    await expect(exportWith(out, { ops, signal: controller.signal })).rejects.toMatchObject({
      code: 'WRITE_FAILED',
    });
    expect(await readdir(dir)).not.toContain('failed-after-cancel');
    expect(await leftovers(dir)).toEqual([]);
  });

  it('replacing an earlier export: the earlier one stays as it was', async () => {
    const out = join(dir, 'again');
    await exportWith(out, { formats: ['tfjs'] });
    const before = await readFile(join(out, 'README.md'), 'utf8');
    const controller = new AbortController();
    const ops = cancellingOps(controller, (name) => name === 'writeFile');
    await expect(
      exportWith(out, { formats: ['tfjs'], overwrite: true, ops, signal: controller.signal }),
    ).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(await readFile(join(out, 'README.md'), 'utf8')).toBe(before);
    expect(await leftovers(dir)).toEqual([]);
  });

  it('once it replaced an earlier export it cannot undo that, so it finishes and answers', async () => {
    const out = join(dir, 'replaced');
    await exportWith(out, {});
    const trashed = (await readdir(trash).catch(() => [])).length;
    const controller = new AbortController();
    const ops = cancellingOps(
      controller,
      (name, to) => name === 'rename' && to === join(out, 'tfjs'),
    );
    const results = await exportWith(out, { overwrite: true, ops, signal: controller.signal });
    expect(controller.signal.aborted).toBe(true);
    expect(results.map((r) => r.format)).toEqual(['tfjs', 'onnx']);
    // Both earlier formats were replaced (they are in the trash), none was left half-done.
    expect((await readdir(trash)).length).toBe(trashed + 2);
    expect(await readdir(join(out, 'onnx'))).toContain('model.onnx');
    expect(await leftovers(out)).toEqual([]);
  });
});
