import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { cp, mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  BUNDLED_SAMPLES_ENV_VAR,
  listSampleDatasets,
  shippedSamplesDir,
} from './sampleDatasets.js';

describe('the shipped sample datasets', () => {
  let home: string;
  beforeEach(async () => {
    home = await mkdtemp(join(tmpdir(), 'ts-samples-'));
  });
  afterEach(() => rm(home, { recursive: true, force: true }));

  it('offers the Fashion sample first, as a copy in the app home with its image count', async () => {
    const samples = await listSampleDatasets({ TRANSFER_STUDIO_HOME: home });
    expect(samples.map((s) => s.id)).toEqual(['fashion', 'shapes']);
    const fashion = samples[0];
    expect(fashion?.path).toBe(join(home, 'samples', 'fashion'));
    expect(fashion?.imageCount).toBe(240);
    expect((await readdir(join(home, 'samples', 'fashion'))).sort()).toEqual([
      'bag',
      'sneaker',
      't-shirt',
      'trouser',
    ]);
  });

  it('keeps the student’s copy, edits included, on the next listing', async () => {
    await listSampleDatasets({ TRANSFER_STUDIO_HOME: home });
    await rm(join(home, 'samples', 'fashion', 'bag'), { recursive: true });
    await writeFile(join(home, 'samples', 'fashion', 'note.txt'), 'mine');
    const [fashion] = await listSampleDatasets({ TRANSFER_STUDIO_HOME: home });
    expect(fashion?.imageCount).toBe(180);
  });

  it('reads an installer’s samples where the desktop app says they are', async () => {
    const installed = join(home, 'resources', 'samples');
    await cp(join(shippedSamplesDir({}), 'shapes'), join(installed, 'shapes'), { recursive: true });
    const samples = await listSampleDatasets({
      TRANSFER_STUDIO_HOME: home,
      [BUNDLED_SAMPLES_ENV_VAR]: installed,
    });
    expect(samples.map((s) => s.id)).toEqual(['shapes']);
  });

  it('gives every one of several first listings at once the whole copy, and leaves no partial one', async () => {
    const env = { TRANSFER_STUDIO_HOME: home };
    const shippedCount = async (id: string) =>
      (await readdir(join(shippedSamplesDir({}), id), { recursive: true })).filter((name) =>
        name.endsWith('.png'),
      ).length;
    const expected = [
      ['fashion', await shippedCount('fashion')],
      ['shapes', await shippedCount('shapes')],
    ];
    const listings = await Promise.all([1, 2, 3, 4].map(() => listSampleDatasets(env)));
    for (const samples of listings)
      expect(samples.map((s) => [s.id, s.imageCount])).toEqual(expected);
    expect((await readdir(join(home, 'samples'))).sort()).toEqual(['fashion', 'shapes']);
  });

  it('removes a copy abandoned by a process that died, and keeps one a running process writes', async () => {
    const samplesDir = join(home, 'samples');
    const dead = await exitedProcessId();
    const abandoned = join(samplesDir, `.fashion.partial-${dead}-${randomUUID()}`);
    const inProgress = join(samplesDir, `.shapes.partial-${process.pid}-${randomUUID()}`);
    await mkdir(join(abandoned, 'bag'), { recursive: true });
    await writeFile(join(abandoned, 'bag', 'half.png'), Buffer.alloc(1000));
    await mkdir(inProgress, { recursive: true });
    await listSampleDatasets({ TRANSFER_STUDIO_HOME: home });
    expect((await readdir(samplesDir)).sort()).toEqual([basename(inProgress), 'fashion', 'shapes']);
  });

  it('leaves out samples this build does not have', async () => {
    const samples = await listSampleDatasets({ TRANSFER_STUDIO_HOME: home }, join(home, 'none'));
    expect(samples).toEqual([]);
  });
});

/** The id of a process that has exited (ids are not reused this soon). */
async function exitedProcessId(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '']);
  await once(child, 'exit');
  if (child.pid === undefined) throw new Error('the child process did not start');
  return child.pid;
}
