import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { storedZipOf, writeFileTree } from './fileTrees.js';
import { makeNoisyJpeg } from './images.js';
import { writeTopicDataset } from './topicTexts.js';

/**
 * More photos per class than the modality decision judges in all, so a training's scan has to go
 * on past the files the decision read.
 */
export const PHOTOS_PER_CLASS = 20;
export const NOTES_PER_CLASS = 24;

/**
 * The datasets a test of "opened once" trains on, under `dir`: `photos` (camera-size JPEGs in two
 * class folders) and `photos.zip` holding the same files; `notes` (topic texts in class folders)
 * and `notes.zip`.
 */
export async function writeOpenOnceDatasets(dir: string): Promise<void> {
  const photos = new Map<string, Buffer>();
  for (let i = 0; i < PHOTOS_PER_CLASS; i++) {
    photos.set(`cats/cat-${i}.jpg`, await makeNoisyJpeg(320, 240, i + 1));
    photos.set(`dogs/dog-${i}.jpg`, await makeNoisyJpeg(240, 320, i + 100));
  }
  await writeFileTree(join(dir, 'photos'), photos);
  await writeFile(join(dir, 'photos.zip'), storedZipOf(photos));
  const notes = await writeTopicDataset(join(dir, 'notes'), NOTES_PER_CLASS);
  const noteFiles = new Map<string, Buffer>();
  for (const note of notes)
    noteFiles.set(note.origin, await readFile(join(dir, 'notes', note.origin)));
  await writeFile(join(dir, 'notes.zip'), storedZipOf(noteFiles));
}
