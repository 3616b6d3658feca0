/** How a dataset on disk differs from what a project recorded (image path → SHA-256). */
export interface DatasetChanges {
  unchanged: number;
  /** Same content, found at another path (renamed, or moved to another class folder). */
  moved: { from: string; to: string }[];
  /** Recorded images that are nowhere in the folder any more. */
  vanished: string[];
  /** Still at their path, but with other content (edited or replaced). */
  changed: string[];
  /** Images the project has not seen. */
  added: string[];
}

export interface CurrentImage {
  path: string;
  sha256: string;
}

/**
 * Compares a recorded dataset with a fresh scan so that nothing is dropped silently: every
 * recorded image is unchanged, moved, changed or vanished, and every new one is added.
 */
export function compareDataset(
  recorded: Readonly<Record<string, string>>,
  current: readonly CurrentImage[],
): DatasetChanges {
  const currentByPath = new Map(current.map((image) => [image.path, image.sha256]));
  // New paths by content, so a moved image is matched to one new path only (copies are distinct).
  const newPathsByHash = new Map<string, string[]>();
  for (const image of current) {
    if (image.path in recorded) continue;
    const paths = newPathsByHash.get(image.sha256) ?? [];
    paths.push(image.path);
    newPathsByHash.set(image.sha256, paths);
  }
  const changes: DatasetChanges = { unchanged: 0, moved: [], vanished: [], changed: [], added: [] };
  const claimed = new Set<string>();
  for (const [path, sha256] of Object.entries(recorded).sort(([a], [b]) => a.localeCompare(b))) {
    const now = currentByPath.get(path);
    if (now === sha256) changes.unchanged++;
    else if (now !== undefined) changes.changed.push(path);
    else {
      const to = newPathsByHash.get(sha256)?.shift();
      if (to === undefined) changes.vanished.push(path);
      else {
        changes.moved.push({ from: path, to });
        claimed.add(to);
      }
    }
  }
  changes.added = current
    .map((image) => image.path)
    .filter((path) => !(path in recorded) && !claimed.has(path))
    .sort();
  return changes;
}

/** True when the dataset is exactly as recorded. */
export function datasetUnchanged(changes: DatasetChanges): boolean {
  return (
    changes.moved.length +
      changes.vanished.length +
      changes.changed.length +
      changes.added.length ===
    0
  );
}
