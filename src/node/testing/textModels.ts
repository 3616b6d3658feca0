import { join } from 'node:path';
import type { TrainSettings } from '../../common/training.js';
import type { TextExample } from '../services/dataset/textHealth.js';
import type { LoadedTextEncoder } from '../services/text/loadTextEncoder.js';
import { saveTextModel } from '../services/text/textModelFolder.js';
import { trainTextClassifier } from '../services/text/trainTextClassifier.js';
import { writeTextClassFolders } from './topicTexts.js';

/** Three topics, ten short texts each: enough for a head that separates them. */
export const TOPIC_TEXTS: Record<string, string[]> = {
  cooking: [
    'Simmer the onions in butter until golden, then add the garlic.',
    'Knead the dough for ten minutes and let it rise overnight.',
    'Season the soup with salt, pepper and a squeeze of lemon.',
    'Roast the vegetables at 200 degrees for forty minutes.',
    'Whisk the eggs with sugar until pale and fluffy.',
    'Marinate the chicken in yoghurt and spices for an hour.',
    'Stir the risotto slowly, adding stock a ladle at a time.',
    'Bake the cake until a skewer comes out clean.',
    'Fry the tofu until crisp and toss it in the sauce.',
    'Chop the herbs finely and sprinkle them over the pasta.',
  ],
  football: [
    'The striker scored twice in the second half to win the match.',
    'The goalkeeper saved a penalty in the final minute.',
    'Both teams were reduced to ten men after red cards.',
    'The referee awarded a free kick just outside the box.',
    'The coach changed the formation at half time.',
    'A late header from the corner sealed the victory.',
    'The club signed a new defender before the transfer deadline.',
    'Fans sang for ninety minutes as the league leaders lost.',
    'The winger crossed low and the midfielder tapped it in.',
    'Extra time ended level, so the cup final went to penalties.',
  ],
  weather: [
    'Rain and strong wind are expected tonight.',
    'A sunny, warm afternoon with a light breeze.',
    'Snow will settle on the hills by morning.',
    'Thick fog lifts slowly, then sunshine.',
    'Thunderstorms may bring hail in the east.',
    'Temperatures drop below freezing overnight.',
    'A dry week ahead with clear skies.',
    'Drizzle along the coast, brighter inland.',
    'Gale warnings for the northern islands.',
    'Humid and cloudy, with showers later.',
  ],
};

/** Ten news sentences on each of two topics, weather and finance, in the words of a news desk. */
export const NEWS_SENTENCES = {
  weather: [
    'Heavy rain and strong winds are expected across the north tonight.',
    'Sunny spells this afternoon with highs of twenty-four degrees.',
    'Snow will settle on high ground by the morning.',
    'A cold front brings thunderstorms and hail later today.',
    'Fog patches clearing slowly, then a dry and mild day.',
    'Frost overnight, so expect icy roads at dawn.',
    'Gusts of up to seventy miles an hour along the coast.',
    'Humid and warm, with the chance of a shower in the evening.',
    'Drizzle at first, brightening up by lunchtime in the south.',
    'Temperatures will drop well below freezing this weekend.',
  ],
  finance: [
    'Shares fell three percent after the quarterly earnings missed forecasts.',
    'The central bank raised interest rates by a quarter point.',
    'Bond yields climbed as investors priced in more inflation.',
    'The company announced a buyback and a higher dividend.',
    'Oil prices slid on signs of weaker demand.',
    'The currency weakened against the dollar for a third day.',
    'Analysts cut their profit outlook for the retailer.',
    'The index closed at a record high on strong tech stocks.',
    'The merger was approved by shareholders on Tuesday.',
    'Mortgage lenders raised their fixed rates again this month.',
  ],
} as const;

/** The first `perClass` NEWS_SENTENCES of each topic as class folders in `folder`. */
export function writeNewsFolders(folder: string, perClass: number): Promise<void> {
  const { weather, finance } = NEWS_SENTENCES;
  return writeTextClassFolders(folder, {
    weather: weather.slice(0, perClass),
    finance: finance.slice(0, perClass),
  });
}

/**
 * A text model folder as a text training writes it (head, metadata, the validation texts), trained
 * on TOPIC_TEXTS with the given encoder.
 */
export async function writeTestTextModel(
  dir: string,
  name: string,
  loaded: LoadedTextEncoder,
  settings: TrainSettings,
): Promise<string> {
  const examples: TextExample[] = Object.entries(TOPIC_TEXTS).flatMap(([label, texts]) =>
    texts.map((text, i) => ({ text, label, origin: `${label}/${i}.txt` })),
  );
  const trained = await trainTextClassifier({ examples, loaded, settings });
  const path = join(dir, name);
  try {
    await saveTextModel(path, trained, {
      settings,
      dataset: 'topics',
      validation: trained.split.validation.map((i) => examples[i] as TextExample),
    });
  } finally {
    trained.head.dispose();
  }
  return path;
}
