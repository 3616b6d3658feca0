import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { cp, readdir, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
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
  await removeAbandonedCopies(join(appHome(env), 'samples'));
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
 * write into, or remove, each other's partial copy. It carries the copying process's id so a later
 * start can tell a copy abandoned by a crash from one still being written.
 */
async function userCopy(shipped: string, target: string): Promise<string> {
  if (existsSync(target)) return target;
  const partial = join(
    dirname(target),
    `.${basename(target)}.partial-${process.pid}-${randomUUID()}`,
  );
  // README.md (license and provenance) is not an image: the scanner would list it as skipped.
  await cp(shipped, partial, { recursive: true, filter: (src) => !src.endsWith('README.md') });
  await rename(partial, target).catch(async (error: unknown) => {
    await rm(partial, { recursive: true, force: true });
    // Another window made the copy first: theirs is as good.
    if (!existsSync(target)) throw error;
  });
  return target;
}

const PARTIAL_COPY = /^\.[^/]+\.partial-(\d+)-[0-9a-f-]{36}$/;

/**
 * A crash or a kill during the first copy leaves its partial folder behind (a sample is up to a
 * few MB); the next start removes those whose process is gone.
 */
async function removeAbandonedCopies(samplesDir: string): Promise<void> {
  const names = await readdir(samplesDir).catch(() => [] as string[]);
  for (const name of names) {
    const pid = Number(PARTIAL_COPY.exec(name)?.[1]);
    if (!pid || processIsRunning(pid)) continue;
    await rm(join(samplesDir, name), { recursive: true, force: true });
  }
}

function processIsRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it runs, under another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function countImages(folder: string): Promise<number> {
  const entries = await readdir(folder, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile() && /\.(png|jpe?g)$/i.test(e.name)).length;
}
