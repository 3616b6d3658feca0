import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scanReportSchema } from '../../../../common/dataset.js';
import { makeJpeg } from '../../../testing/images.js';
import { runCli } from '../main.js';
import { memoryIo } from '../testIo.js';

/** `scan` tells texts from images by content, as the app does, and reports texts as texts. */
describe('transfer-studio scan on texts', () => {
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ts-cli-scan-text-'));
    for (const [label, lines] of [
      ['praise', ['Lovely staff and a quiet room.', 'Would stay again, great breakfast.']],
      ['complaint', ['The shower was cold all week.', 'Noisy street, thin walls.']],
    ] as const) {
      await mkdir(join(dir, 'reviews', label), { recursive: true });
      for (const [i, line] of lines.entries())
        await writeFile(join(dir, 'reviews', label, `${i}.txt`), line);
    }
    // A photo among the texts is skipped with its reason, not read as an image dataset.
    await writeFile(join(dir, 'reviews', 'praise', 'lobby.jpg'), await makeJpeg(640, 480));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('scan --json prints the text report in the image report shape', async () => {
    const io = memoryIo();
    expect(await runCli(['scan', join(dir, 'reviews'), '--json'], io)).toBe(0);
    const report = scanReportSchema.omit({ images: true }).parse(JSON.parse(io.out()));
    expect(report.modality).toBe('text');
    expect(report.classes.map((c) => [c.name, c.count])).toEqual([
      ['complaint', 2],
      ['praise', 2],
    ]);
    expect(report.files).toEqual({ seen: 5, imported: 4, skipped: 1 });
    expect(report.skipped.map((s) => [s.path, s.code])).toEqual([
      ['praise/lobby.jpg', 'binary-file'],
    ]);
  });

  it('scan prints a table of texts per class', async () => {
    const io = memoryIo();
    expect(await runCli(['scan', join(dir, 'reviews')], io)).toBe(0);
    expect(io.out()).toMatch(/Class\s+Texts/);
    expect(io.out()).toMatch(/praise\s+2/);
  });
});
