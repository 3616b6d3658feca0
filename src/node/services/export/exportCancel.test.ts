import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join, relative } from 'node:path';
import * as tf from '../../../engine/tf.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildMobileNetV1 } from '../../../engine/catalog/mobilenetV1.js';
import { realFileOps, type FileOps } from '../../adapters/files/fileOps.js';
import { writeTestTrainedModel } from '../../testing/trainedModels.js';
import { exportModel, type ExportOptions } from './exportModel.js';

const SIZE = 32;

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

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
  /** The first format's folder put in place inside the hidden folder the set is written to. */
  const firstFormatDone = (name: keyof FileOps, to: string) =>
    name === 'rename' && basename(to) === 'tfjs' && basename(dirname(to)).includes('.partial-');
  /** Every file under `folder` (relative path → SHA-256), to compare a folder before and after. */
  const filesOf = async (folder: string) => {
    const names = (await readdir(folder, { recursive: true, withFileTypes: true }))
      .filter((entry) => entry.isFile())
      .map((entry) => relative(folder, join(entry.parentPath, entry.name)))
      .sort();
    return new Map(
      await Promise.all(
        names.map(async (n) => [n, sha256(await readFile(join(folder, n)))] as const),
      ),
    );
  };
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

  it('after the first format was written and checked: no folder at all', async () => {
    const out = join(dir, 'between-formats');
    const controller = new AbortController();
    const ops = cancellingOps(controller, firstFormatDone);
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
        await mkdir(out);
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
      // The place the user asked for, not the hidden folder the formats were written in.
      message: `Could not write ${join(out, 'onnx')}: the disk is full. Nothing was changed.`,
      details: { path: join(out, 'onnx') },
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

  it('replacing an earlier set of formats, between formats: the earlier set stays whole', async () => {
    const out = join(dir, 'set-again');
    await exportWith(out, {});
    const before = await filesOf(out);
    const trashed = (await readdir(trash).catch(() => [])).length;
    const controller = new AbortController();
    const ops = cancellingOps(controller, firstFormatDone);
    await expect(
      exportWith(out, { overwrite: true, ops, signal: controller.signal }),
    ).rejects.toMatchObject({ code: 'CANCELLED' });
    // Not a new tfjs beside the old onnx: every file as it was, nothing moved to the trash.
    expect(await filesOf(out)).toEqual(before);
    expect((await readdir(trash).catch(() => [])).length).toBe(trashed);
    expect(await leftovers(dir)).toEqual([]);
  });

  it('once it swapped in a new set it cannot undo that, so it finishes and answers', async () => {
    const out = join(dir, 'replaced');
    await exportWith(out, {});
    const trashed = (await readdir(trash).catch(() => [])).length;
    const controller = new AbortController();
    const ops = cancellingOps(controller, (name, to) => name === 'rename' && to === out);
    const results = await exportWith(out, { overwrite: true, ops, signal: controller.signal });
    expect(controller.signal.aborted).toBe(true);
    expect(results.map((r) => [r.format, r.path])).toEqual([
      ['tfjs', join(out, 'tfjs')],
      ['onnx', join(out, 'onnx')],
    ]);
    // The earlier set went to the trash whole, and nothing was left half-done.
    expect((await readdir(trash)).length).toBe(trashed + 1);
    expect(await readdir(join(out, 'onnx'))).toContain('model.onnx');
    expect(await leftovers(out)).toEqual([]);
    expect(await leftovers(dir)).toEqual([]);
  });

  it('after a kill left an unfinished set beside an earlier one: the next refusal names the earlier one, and the rest is swept', async () => {
    const out = join(dir, 'killed');
    await exportWith(out, {});
    const before = await filesOf(out);
    // What a kill while a replacing export wrote its second format leaves: a hidden, partial set.
    const partial = join(dir, '.killed.partial-0badc0de');
    await mkdir(join(partial, 'tfjs'), { recursive: true });
    await writeFile(join(partial, 'tfjs', 'model.json'), '{"modelTopology":');
    await expect(exportWith(out, {})).rejects.toMatchObject({
      code: 'ALREADY_EXISTS',
      message: `${join(out, 'tfjs')} already exists; choose another folder or allow overwriting`,
    });
    expect(await leftovers(dir)).toEqual([]);
    expect(await filesOf(out)).toEqual(before);
  });

  it('after a kill mid-swap hid the earlier set: the next export puts it back and refuses, naming it', async () => {
    const out = join(dir, 'mid-swap');
    await exportWith(out, {});
    const before = await filesOf(out);
    // Killed between the swap's two renames: the earlier set is hidden, the new one not yet there.
    await rename(out, join(dir, '.mid-swap.previous-0badc0de'));
    await expect(exportWith(out, {})).rejects.toMatchObject({
      code: 'ALREADY_EXISTS',
      details: { path: join(out, 'tfjs') },
    });
    expect(await filesOf(out)).toEqual(before);
    expect(await leftovers(dir)).toEqual([]);
  });
});
