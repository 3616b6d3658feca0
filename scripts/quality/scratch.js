// From scratch: the app's own scratch recipe (a small CNN from random weights, the same split and
// seed as the transfer run), evaluated on the test images by the app's evaluate path. It shows
// what the pretrained features are worth on each task.
import { join } from 'node:path';

const dist = (path) => import(new URL(`../../dist/src/${path}`, import.meta.url).href);
const scratch = await dist('node/services/training/scratchRecipe.js').catch(() => undefined);
const { evaluateModelOnDataset } = await dist('node/services/training/modelServices.js');

export const scratchAvailable = scratch !== undefined;

/** Test accuracy of a from-scratch run on `task`, or undefined when the app has no scratch recipe. */
export async function scratchRecipe({ task, settings, seed, work }) {
  if (!scratch) return undefined;
  const out = join(work, `${task.name.replace(/\W+/g, '-')}-scratch-${seed}`);
  await scratch.runScratchTraining({ dataset: task.train, out, settings: { ...settings, seed } });
  return (await evaluateModelOnDataset(out, task.test)).accuracy;
}
