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
