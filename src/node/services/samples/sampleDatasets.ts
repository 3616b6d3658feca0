import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { cp, readdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { appHome } from '../../adapters/platform/appHome.js';
import { packageRoot } from '../../adapters/platform/packageRoot.js';

/** A dataset that ships with the app, for a first run with nothing of one's own. */
export interface SampleDataset {
  id: string;
  name: string;
  description: string;
  /** The user's own copy, in the app's home: edits (rename, remove, move) never touch the shipped one. */
  path: string;
  imageCount: number;
}

interface ShippedSample {
  id: string;
  name: string;
  description: string;
}

/** In the order the app offers them: the first is "Try it with sample images". */
const SHIPPED: readonly ShippedSample[] = [
  {
    id: 'fashion',
    name: 'Fashion (4 classes)',
    description:
      'Small photos of t-shirts, trousers, sneakers and bags from Fashion-MNIST (Zalando Research, MIT license).',
  },
  {
    id: 'shapes',
    name: 'Shapes (3 classes)',
    description: 'Circles, squares and triangles the project drew itself.',
  },
];

/** Set by the desktop app to the installer's copy (resources/samples); read-only there. */
export const BUNDLED_SAMPLES_ENV_VAR = 'TRANSFER_STUDIO_BUNDLED_SAMPLES';

/** Where the shipped samples are: the installer's resources, or assets/samples in the package. */
export function shippedSamplesDir(env: Record<string, string | undefined> = process.env): string {
  return env[BUNDLED_SAMPLES_ENV_VAR] || join(packageRoot(), 'assets', 'samples');
}

/**
 * The samples that ship here, each copied once into `<app home>/samples/<id>` so the student can
 * edit it like any dataset (the shipped folder may be read-only, inside an installer, and must
 * stay as it is for the next student). A sample missing from this build is left out.
 */
export async function listSampleDatasets(
  env: Record<string, string | undefined>,
  from: string = shippedSamplesDir(env),
): Promise<SampleDataset[]> {
  const samples: SampleDataset[] = [];
  for (const sample of SHIPPED) {
    const shipped = join(from, sample.id);
    if (!existsSync(shipped)) continue;
    const path = await userCopy(shipped, join(appHome(env), 'samples', sample.id));
    samples.push({ ...sample, path, imageCount: await countImages(path) });
  }
  return samples;
}

/**
 * Copies to a temporary name and renames, so an interrupted copy is never taken for a sample. The
 * name is new for each copy: two listings at once (two windows starting) in one process must not
 * write into, or remove, each other's partial copy.
 */
async function userCopy(shipped: string, target: string): Promise<string> {
  if (existsSync(target)) return target;
  const partial = `${target}.partial-${randomUUID()}`;
  // README.md (license and provenance) is not an image: the scanner would list it as skipped.
  await cp(shipped, partial, { recursive: true, filter: (src) => !src.endsWith('README.md') });
  await rename(partial, target).catch(async (error: unknown) => {
    await rm(partial, { recursive: true, force: true });
    // Another window made the copy first: theirs is as good.
    if (!existsSync(target)) throw error;
  });
  return target;
}

async function countImages(folder: string): Promise<number> {
  const entries = await readdir(folder, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile() && /\.(png|jpe?g)$/i.test(e.name)).length;
}
