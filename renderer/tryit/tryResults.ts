import type { ResponseOf } from '../../src/common/contract/contract.js';
import type { TriedImage } from './tryRequests.js';

/** Anything Try it lists per image: a prediction, the pretrained network's guesses, a thumbnail. */
export interface PerImage {
  path: string;
}

/**
 * Newer results on top of earlier ones. An image tried again moves to the top with its new result
 * instead of showing twice (one card per path).
 */
export function addOnTop<T extends PerImage>(earlier: readonly T[], newer: readonly T[]): T[] {
  const seen = new Set<string>();
  return [...newer, ...earlier].filter((r) => !seen.has(r.path) && seen.add(r.path));
}

/**
 * File names made unique within one try ("001.png", "001 (2).png"): browser mode uploads the
 * images into one flat folder, where two classes' "001.png" would otherwise be one file.
 */
export function uniqueNames(names: readonly string[]): string[] {
  const taken = new Set<string>();
  return names.map((name) => {
    const dot = name.lastIndexOf('.');
    const [stem, ext] = dot > 0 ? [name.slice(0, dot), name.slice(dot)] : [name, ''];
    let unique = name;
    for (let n = 2; taken.has(unique); n++) unique = `${stem} (${n})${ext}`;
    taken.add(unique);
    return unique;
  });
}

/** A path's folder and file name, on either kind of separator ("C:\\a\\b.jpg", "/a/b.jpg"). */
export function splitPath(path: string): { folder: string; name: string } {
  const cut = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
  if (cut < 0) return { folder: '.', name: path };
  return { folder: cut === 0 ? path.slice(0, 1) : path.slice(0, cut), name: path.slice(cut + 1) };
}

/** Paths grouped by folder, so one thumbnails request serves every image of a folder. */
export function byFolder(paths: readonly string[]): Map<string, string[]> {
  const groups = new Map<string, string[]>();
  for (const path of paths) {
    const { folder, name } = splitPath(path);
    groups.set(folder, [...(groups.get(folder) ?? []), name]);
  }
  return groups;
}

type Prediction = ResponseOf<'model.predict'>[number];
type Guesses = ResponseOf<'bases.imagenet'>;

/**
 * A try's answer split into the images the model classified and, one line each, the files it
 * could not (each message names its file): those show as errors, not as cards without bars.
 */
export function withoutFailures(answer: readonly Prediction[]): {
  predictions: Prediction[];
  failures: string[];
} {
  return {
    predictions: answer.filter((p) => !p.error),
    failures: answer.flatMap((p) => (p.error ? [p.error.message] : [])),
  };
}

/** Everything Try it shows, for one model: a new model starts from nothing. */
export interface TryState {
  modelDir: string | undefined;
  predictions: Prediction[];
  guesses: Guesses | undefined;
  thumbnails: ReadonlyMap<string, string>;
  /** The try that last showed each path: a path tried again may be a new picture. */
  tryIds: ReadonlyMap<string, number>;
  tries: number;
}

/** What one try brought back. */
export interface TryAnswer {
  predictions: readonly Prediction[];
  guesses: Guesses | undefined;
  thumbnails: readonly (readonly [string, string])[];
}

export function emptyTry(modelDir: string | undefined): TryState {
  return {
    modelDir,
    predictions: [],
    guesses: undefined,
    thumbnails: new Map(),
    tryIds: new Map(),
    tries: 0,
  };
}

/** What to show for `modelDir`: nothing of another model's, even for one render. */
export function shownFor(state: TryState, modelDir: string | undefined): TryState {
  return state.modelDir === modelDir ? state : emptyTry(modelDir);
}

/**
 * The screen with a try's answer on top. An answer asked of another model than the one the
 * screen now shows is dropped: it would mix two models' classes in one list.
 */
export function addTry(state: TryState, askedFor: string | undefined, answer: TryAnswer): TryState {
  if (state.modelDir !== askedFor) return state;
  const tries = state.tries + 1;
  const tryIds = new Map(state.tryIds);
  for (const p of answer.predictions) tryIds.set(p.path, tries);
  const guesses = answer.guesses
    ? {
        model: answer.guesses.model,
        results: addOnTop(state.guesses?.results ?? [], answer.guesses.results),
      }
    : state.guesses;
  return {
    modelDir: state.modelDir,
    predictions: addOnTop(state.predictions, answer.predictions),
    guesses,
    thumbnails: new Map([...state.thumbnails, ...answer.thumbnails]),
    tryIds,
    tries,
  };
}

/** The images on screen, newest first, each with the try that showed it. */
export function triedImages(state: TryState): TriedImage[] {
  return state.predictions.map((p) => ({ path: p.path, tryId: state.tryIds.get(p.path) ?? 0 }));
}
