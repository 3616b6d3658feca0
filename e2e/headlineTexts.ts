import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeTextClassFolders } from '../src/node/testing/topicTexts.js';

function sentences<A, B>(first: A[], second: B[], make: (a: A, b: B) => string): string[] {
  return first.flatMap((a) => second.map((b) => make(a, b)));
}

/** Fifteen real sentences a class, made from parts so each one differs. */
export const HEADLINES: Record<string, string[]> = {
  cooking: sentences(
    ['Chop', 'Simmer', 'Roast', 'Season', 'Whisk'],
    ['the onions', 'the carrots', 'the garlic'],
    (verb, food) => `${verb} ${food} before adding them to the pan with butter and herbs.`,
  ),
  football: sentences(
    ['The striker', 'The goalkeeper', 'The captain', 'The winger', 'The defender'],
    ['scored in the final minute', 'was booked by the referee', 'celebrated with the fans'],
    (player, event) => `${player} ${event} as the match ended at the stadium.`,
  ),
  weather: sentences(
    ['Heavy rain', 'Thick fog', 'Strong wind', 'Light snow', 'A thunderstorm'],
    ['is forecast for tonight', 'will reach the coast by morning', 'is expected this weekend'],
    (sky, when) => `${sky} ${when}, with temperatures falling below average.`,
  ),
};

/**
 * Weather reports filed under cooking by mistake: the model should call them weather, so they
 * are mistakes for the Evaluate screen.
 */
export const MISFILED_WEATHER = [
  'Freezing rain will glaze the roads overnight across the hills.',
  'Gale force gusts and hail are forecast for the northern coast tomorrow.',
  'A week of sunshine and record heat is on the way for the south.',
  'Flood warnings remain in place as more heavy showers sweep in.',
];

/**
 * The headlines as a dataset of .txt class folders in `folder` (49 texts in 3 classes): every
 * HEADLINES sentence as `<class>/<i>.txt`, and MISFILED_WEATHER as `cooking/misfiled-<i>.txt`.
 */
export async function writeHeadlineFolders(folder: string): Promise<void> {
  await writeTextClassFolders(folder, HEADLINES);
  for (const [i, text] of MISFILED_WEATHER.entries()) {
    await writeFile(join(folder, 'cooking', `misfiled-${i}.txt`), text);
  }
}
