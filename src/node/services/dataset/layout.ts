import type { DatasetLayout, SplitName } from '../../../common/dataset.js';
import type { ChildListing, DatasetSource } from './source.js';

export const SPLIT_FOLDER_NAMES: Record<string, SplitName> = {
  train: 'train',
  training: 'train',
  val: 'validation',
  valid: 'validation',
  validation: 'validation',
  test: 'test',
};

const SYSTEM_FILE_NAMES = new Set([
  '.ds_store',
  'thumbs.db',
  'desktop.ini',
  'ehthumbs.db',
  'icon\r',
]);

/** Operating-system clutter (Finder, Explorer, macOS zip resource forks, hidden files). */
export function isSystemPath(segments: readonly string[]): boolean {
  return segments.some(
    (segment) =>
      segment.startsWith('.') ||
      segment === '__MACOSX' ||
      SYSTEM_FILE_NAMES.has(segment.toLowerCase()),
  );
}

export interface ResolvedLayout {
  layout: DatasetLayout;
  /** Segments of a wrapper folder the dataset sits in (a zip of "flowers/" holding classes). */
  root: string[];
  /** Maps a top-level folder name of the split layout to its split. */
  splits: Map<string, SplitName>;
}

/**
 * Keras' two layouts: class folders at the root, or train/ val/ (test/) folders each holding class
 * folders. One wrapper folder holding only folders is stepped into, as zips often have one.
 */
export async function resolveLayout(source: DatasetSource): Promise<ResolvedLayout> {
  let root: string[] = [];
  let children = visible(await source.list(root));
  const only = children[0];
  if (children.length === 1 && only?.isFolder) {
    const grandchildren = visible(await source.list([only.name]));
    if (grandchildren.length > 0 && grandchildren.every((child) => child.isFolder)) {
      root = [only.name];
      children = grandchildren;
    }
  }
  const splits = splitFolders(children);
  const isSplit = splits.has(trainFolderName(splits) ?? '') && splits.size >= 2;
  return {
    layout: isSplit ? 'split-folders' : 'class-folders',
    root,
    splits: isSplit ? splits : new Map(),
  };
}

function visible(children: ChildListing[]): ChildListing[] {
  return children.filter((child) => !isSystemPath([child.name]));
}

function splitFolders(children: readonly ChildListing[]): Map<string, SplitName> {
  const splits = new Map<string, SplitName>();
  for (const child of children) {
    const split = SPLIT_FOLDER_NAMES[child.name.toLowerCase()];
    if (child.isFolder && split) splits.set(child.name, split);
  }
  return splits;
}

function trainFolderName(splits: Map<string, SplitName>): string | undefined {
  return [...splits].find(([, split]) => split === 'train')?.[0];
}

export type Placement =
  | { kind: 'class-folder'; className: string; split: SplitName | undefined }
  | { kind: 'image'; className: string; split: SplitName | undefined }
  | { kind: 'outside'; reason: string }
  | { kind: 'other-folder' };

/** Where an entry belongs: which class (and split) its path puts it in, if any. */
export function placeEntry(
  layout: ResolvedLayout,
  fullSegments: readonly string[],
  isFolder: boolean,
): Placement {
  if (!layout.root.every((segment, i) => fullSegments[i] === segment)) {
    return isFolder
      ? { kind: 'other-folder' }
      : { kind: 'outside', reason: 'not inside the dataset folder' };
  }
  const segments = fullSegments.slice(layout.root.length);
  const depth = layout.layout === 'split-folders' ? 1 : 0;
  const split = depth === 1 ? layout.splits.get(segments[0] ?? '') : undefined;
  if (depth === 1 && split === undefined) {
    return isFolder
      ? { kind: 'other-folder' }
      : { kind: 'outside', reason: 'not inside train/, val/ or test/' };
  }
  const className = segments[depth];
  if (className === undefined || segments.length === depth + 1) {
    if (isFolder && className !== undefined) return { kind: 'class-folder', className, split };
    return isFolder
      ? { kind: 'other-folder' }
      : { kind: 'outside', reason: 'not inside a class folder' };
  }
  return isFolder ? { kind: 'other-folder' } : { kind: 'image', className, split };
}
