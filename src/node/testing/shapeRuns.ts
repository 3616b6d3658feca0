import { join } from 'node:path';
import { DEFAULT_TRAIN_SETTINGS, type TrainSettings } from '../../common/training.js';
import { writeShapeSamples } from '../services/samples/shapes.js';
import { runTraining } from '../services/training/runTraining.js';
import { writeTestPack } from './packs.js';
import { packTestEnv } from './testEnv.js';

/** The architecture of the test pack the shape fixtures train on: small, yet a real catalog base. */
export const SHAPE_PACK_ARCH = 'mobilenet_v2_0.35_96';

/**
 * A small shapes dataset in `dir/shapes` (six 40-px photos a class, drawn from `seed`) and a test
 * pack of SHAPE_PACK_ARCH in `dir/store`; answers the environment that trains on that pack.
 */
export async function writeShapesAndTestPack(
  dir: string,
  seed: number,
): Promise<Record<string, string>> {
  await writeShapeSamples(join(dir, 'shapes'), { perClass: 6, size: 40, seed });
  await writeTestPack(join(dir, 'store'), SHAPE_PACK_ARCH);
  return packTestEnv(dir);
}

/**
 * A model folder `dir/model` as `train` writes it: the shapes dataset of `seed` trained on the
 * test pack for three epochs, with `settings` over the defaults.
 */
export async function trainShapeModel(
  dir: string,
  seed: number,
  settings: Partial<TrainSettings> = {},
): Promise<string> {
  const env = await writeShapesAndTestPack(dir, seed);
  const out = join(dir, 'model');
  await runTraining({
    dataset: join(dir, 'shapes'),
    base: SHAPE_PACK_ARCH,
    out,
    settings: {
      ...DEFAULT_TRAIN_SETTINGS,
      phase1: { ...DEFAULT_TRAIN_SETTINGS.phase1, epochs: 3 },
      ...settings,
    },
    env,
  });
  return out;
}
