import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '../../../../engine/tf.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countingOpener, plainScanReads, readsByFile } from '../../../testing/countingSource.js';
import {
  NOTES_PER_CLASS,
  PHOTOS_PER_CLASS,
  writeOpenOnceDatasets,
} from '../../../testing/openOnceDatasets.js';
import { writeTestPack } from '../../../testing/packs.js';
import { packTestEnv } from '../../../testing/testEnv.js';
import { memoryIo } from '../testIo.js';
import { trainCommand } from './train.js';

const ARCH = 'mobilenet_v2_0.35_96';
const ONE_EPOCH = ['--epochs', '1', '--batch-size', '8', '--json'];

/**
 * `train` opens its dataset once: the pass that tells texts from images hands the training the
 * open source (images) or its scan (texts), so a zip of camera photos is not listed twice.
 */
describe('train (CLI) opens and scans its dataset once', () => {
  let dir: string;
  let env: Record<string, string>;

  beforeAll(async () => {
    await tf.setBackend('cpu');
    dir = await mkdtemp(join(tmpdir(), 'ts-cli-train-once-'));
    await writeOpenOnceDatasets(dir);
    await writeTestPack(join(dir, 'store'), ARCH);
    env = packTestEnv(dir);
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  const cases = [
    { name: 'photos', recipe: ['--base', ARCH, '--no-refit'] },
    { name: 'photos.zip', recipe: ['--base', ARCH, '--no-refit'] },
    { name: 'photos', recipe: ['--scratch'] },
    { name: 'photos.zip', recipe: ['--scratch'] },
  ];
  for (const { name, recipe } of cases) {
    it(
      `train ${name} ${recipe[0]} reads each photo no more than one plain scan does`,
      {
        timeout: 180_000,
      },
      async () => {
        const baseline = await plainScanReads(join(dir, name));
        const { openDatasetSource: open, reads } = countingOpener();
        const out = join(dir, `model-${name}${recipe[0]}`);
        const result = await train([join(dir, name), ...recipe, '--out', out, ...ONE_EPOCH], open);
        expect(result.counts.train + result.counts.validation).toBe(2 * PHOTOS_PER_CLASS);
        expect({ opens: reads.opens, listings: reads.listings }).toEqual({ opens: 1, listings: 1 });
        // The heads the decision read serve the image checks of the training's scan.
        expect(readsByFile(reads.heads)).toEqual(readsByFile(baseline.heads));
        expect(readsByFile(reads.wholes)).toEqual(readsByFile(baseline.wholes));
      },
    );
  }

  it('train notes.zip --scratch trains a bag of words from the deciding pass’s scan', async () => {
    const { openDatasetSource: open, reads } = countingOpener();
    const out = join(dir, 'notes-scratch');
    const result = await train(
      [join(dir, 'notes.zip'), '--scratch', '--out', out, ...ONE_EPOCH],
      open,
    );
    expect(result.counts.train + result.counts.validation).toBe(2 * NOTES_PER_CLASS);
    expect({ opens: reads.opens, listings: reads.listings }).toEqual({ opens: 1, listings: 1 });
    // Each zip entry is read whole once (its CRC checked), through that one opening.
    const wholes = readsByFile(reads.wholes);
    expect(wholes).toHaveLength(2 * NOTES_PER_CLASS);
    for (const [, count] of wholes) expect(count).toBe(1);
  });

  it('train notes.zip embeds and trains on the texts the deciding pass scanned', async () => {
    const { openDatasetSource: open, reads } = countingOpener();
    const out = join(dir, 'notes-transfer');
    const lines = await trainLines([join(dir, 'notes.zip'), '--out', out, ...ONE_EPOCH], open);
    const scanned = lines.find((line) => line['type'] === 'scanned');
    expect(scanned?.['classes']).toMatchObject([
      { count: NOTES_PER_CLASS },
      { count: NOTES_PER_CLASS },
    ]);
    expect(lines.at(-1)).toMatchObject({ type: 'result', modality: 'text' });
    expect({ opens: reads.opens, listings: reads.listings }).toEqual({ opens: 1, listings: 1 });
    for (const [, count] of readsByFile(reads.wholes)) expect(count).toBe(1);
  });

  /** One `train` command through the counting opener; the result line of an image run. */
  async function train(args: string[], open: Opener): Promise<ImageResult> {
    const last = (await trainLines(args, open)).at(-1) as unknown as ImageResult;
    expect(last.type).toBe('result');
    return last;
  }

  /** One `train` command through the counting opener; the JSON lines it printed. */
  async function trainLines(args: string[], open: Opener): Promise<Record<string, unknown>[]> {
    const io = memoryIo({ env });
    const code = await trainCommand(args, io, open);
    expect({ code, err: io.err() }).toEqual({ code: 0, err: '' });
    return io
      .out()
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
  }
});

type Opener = ReturnType<typeof countingOpener>['openDatasetSource'];

interface ImageResult {
  type: string;
  counts: { train: number; validation: number };
}
