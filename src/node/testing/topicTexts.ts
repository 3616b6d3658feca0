import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { seededRandom, type Random } from '../../common/random.js';
import type { TextExample } from '../services/dataset/textHealth.js';

/**
 * Two topics written as short notes: each text is two or three sentences made of its topic's
 * words in everyday phrasing, with words both topics use (days, people, "the", "after"), so a
 * model has to learn which words matter rather than spot a marker.
 */
const TOPICS: Record<string, { subjects: string[]; actions: string[]; objects: string[] }> = {
  cooking: {
    subjects: ['The chef', 'My grandmother', 'The recipe', 'Our baker', 'The cook'],
    actions: ['simmered', 'whisked', 'roasted', 'seasoned', 'kneaded', 'baked', 'chopped'],
    objects: [
      'the onions in butter',
      'the dough overnight',
      'a pot of tomato soup',
      'the garlic and fresh herbs',
      'the eggs with sugar',
      'a lemon cake for dessert',
      'the vegetables in the oven',
    ],
  },
  football: {
    subjects: ['The striker', 'Our goalkeeper', 'The referee', 'The coach', 'The winger'],
    actions: ['scored', 'saved', 'crossed', 'defended', 'booked', 'tackled', 'headed'],
    objects: [
      'a penalty in the final minute',
      'the ball into the box',
      'a free kick near the corner',
      'the league leaders at home',
      'two goals in the second half',
      'the cup final after extra time',
      'the defender before the transfer deadline',
    ],
  },
};
const WHEN = ['on Saturday', 'after lunch', 'last week', 'today', 'before the holidays', 'again'];
const ASIDES = ['Everyone was happy.', 'It was a long day.', 'Nobody expected that.', ''];

function pick<T>(items: readonly T[], random: Random): T {
  return items[Math.floor(random() * items.length)] as T;
}

function note(topic: string, random: Random): string {
  const words = TOPICS[topic];
  if (!words) throw new Error(`unknown topic ${topic}`);
  const sentence = () =>
    `${pick(words.subjects, random)} ${pick(words.actions, random)} ${pick(words.objects, random)} ${pick(WHEN, random)}.`;
  const count = 2 + Math.floor(random() * 2);
  return [...Array.from({ length: count }, sentence), pick(ASIDES, random)].join(' ').trim();
}

/** `perClass` notes of each topic (cooking, football), the same for the same seed. */
export function topicExamples(perClass: number, seed = 11): TextExample[] {
  const random = seededRandom(seed);
  return Object.keys(TOPICS).flatMap((label) =>
    Array.from({ length: perClass }, (_, i) => ({
      text: note(label, random),
      label,
      origin: `${label}/note-${String(i).padStart(3, '0')}.txt`,
    })),
  );
}

/** The same notes as a text dataset: a folder per topic, one .txt file per note. */
export async function writeTopicDataset(
  dir: string,
  perClass: number,
  seed = 11,
): Promise<TextExample[]> {
  const examples = topicExamples(perClass, seed);
  for (const example of examples) {
    const path = join(dir, example.origin);
    await mkdir(join(path, '..'), { recursive: true });
    await writeFile(path, `${example.text}\n`);
  }
  return examples;
}

/** A text dataset of class folders: `folder/<class>/<i>.txt`, one file per text, in order. */
export async function writeTextClassFolders(
  folder: string,
  classes: Record<string, readonly string[]>,
): Promise<void> {
  for (const [label, texts] of Object.entries(classes)) {
    await mkdir(join(folder, label), { recursive: true });
    for (const [i, text] of texts.entries()) await writeFile(join(folder, label, `${i}.txt`), text);
  }
}
