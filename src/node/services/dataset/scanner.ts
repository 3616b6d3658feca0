import type {
  ClassSummary,
  ImportedImage,
  ScanProgress,
  ScanReport,
  SkipCode,
  SkippedFile,
  SplitName,
} from '../../../common/dataset.js';
import { datasetWarnings, type DuplicateGroup } from '../../../common/datasetWarnings.js';
import { compareCodePoints } from '../../../common/split.js';
import { throwIfAborted } from '../../adapters/platform/abort.js';
import { forEachBounded } from '../../adapters/platform/concurrency.js';
import { DEFAULT_MAX_PIXELS } from '../../adapters/image/decode.js';
import { inspectFile, type InspectOptions } from './inspect.js';
import { isSystemPath, placeEntry, resolveLayout, type ResolvedLayout } from './layout.js';
import { openDatasetSource } from './openSource.js';
import { displayPath, type DatasetSource, type SourceEntry } from './source.js';
import type { ZipLimits } from './zipSource.js';

export interface ScanOptions extends Partial<InspectOptions> {
  /** Files inspected at once. Default 4: decoding is the cost and sharp uses its own threads. */
  concurrency?: number;
  /** Shorter side below which an image is reported as small. Default 224 (MobileNet's input). */
  minSide?: number;
  /** Largest/smallest class ratio reported as imbalance. Default 3. */
  imbalanceRatio?: number;
  zipLimits?: ZipLimits;
  signal?: AbortSignal;
  onProgress?: (progress: ScanProgress) => void;
}

/** Scans a dataset folder or zip: every file is either imported or skipped with a reason. */
export async function scanDataset(path: string, options: ScanOptions = {}): Promise<ScanReport> {
  const source = await openDatasetSource(path, options.zipLimits);
  try {
    return await scanSource(source, options);
  } finally {
    await source.close();
  }
}

export async function scanSource(
  source: DatasetSource,
  options: ScanOptions = {},
): Promise<ScanReport> {
  const layout = await resolveLayout(source);
  const tally = new ScanTally(options.onProgress);
  const inspect: InspectOptions = {
    maxFileBytes: options.maxFileBytes ?? 64 * 2 ** 20,
    maxPixels: options.maxPixels ?? DEFAULT_MAX_PIXELS,
    verify: options.verify ?? 'decode',
  };
  await forEachBounded(source.entries(options.signal), options.concurrency ?? 4, (entry) =>
    handleEntry(entry, layout, inspect, tally),
  );
  throwIfAborted(options.signal);
  return tally.report(source, layout, options);
}

async function handleEntry(
  entry: SourceEntry,
  layout: ResolvedLayout,
  inspect: InspectOptions,
  tally: ScanTally,
): Promise<void> {
  const path = displayPath(entry.segments);
  const hidden = isSystemPath(entry.segments);
  const placement = placeEntry(layout, entry.segments, entry.kind === 'folder');
  if (placement.kind === 'class-folder' && !hidden)
    tally.addClass(placement.className, placement.split);
  if (entry.kind === 'folder') return;
  tally.seeFile();
  if (entry.problem) return tally.skip(path, entry.problem.code, entry.problem.reason);
  if (hidden) return tally.skip(path, 'system-file', 'system or hidden file');
  if (entry.kind === 'symlink') return tally.skip(path, 'symlink', 'symbolic link, not followed');
  if (entry.kind === 'special') return tally.skip(path, 'special-file', 'not a regular file');
  if (placement.kind !== 'image') {
    return tally.skip(
      path,
      'outside-class-folder',
      placement.kind === 'outside' ? placement.reason : 'not inside a class folder',
    );
  }
  const result = await inspectFile(entry, inspect);
  if (!result.ok) return tally.skip(path, result.code, result.reason);
  const { ok: _ok, ...facts } = result;
  tally.importImage({ path, className: placement.className, split: placement.split, ...facts });
}

/** Accumulates results as files finish, in whatever order they finish. */
class ScanTally {
  private readonly classes = new Map<string, Map<SplitName | 'all', number>>();
  private readonly images: ImportedImage[] = [];
  private readonly skipped: SkippedFile[] = [];
  private readonly firstByHash = new Map<string, ImportedImage>();
  private readonly duplicates = new Map<string, DuplicateGroup>();
  /** Counted on arrival, apart from the outcomes, so imported + skipped = seen is a real check. */
  private seen = 0;

  constructor(private readonly onProgress: ((progress: ScanProgress) => void) | undefined) {}

  addClass(name: string, split: SplitName | undefined): void {
    const counts = this.classes.get(name) ?? new Map([['all', 0]]);
    if (split && !counts.has(split)) counts.set(split, 0);
    this.classes.set(name, counts);
  }

  seeFile(): void {
    this.seen++;
  }

  skip(path: string, code: SkipCode, reason: string): void {
    this.skipped.push({ path, code, reason });
    this.progress(path);
  }

  importImage(image: ImportedImage): void {
    this.addClass(image.className, image.split);
    const counts = this.classes.get(image.className);
    counts?.set('all', (counts.get('all') ?? 0) + 1);
    if (image.split) counts?.set(image.split, (counts.get(image.split) ?? 0) + 1);
    this.images.push(image);
    this.trackDuplicate(image);
    this.progress(image.path);
  }

  report(source: DatasetSource, layout: ResolvedLayout, options: ScanOptions): ScanReport {
    const classes = this.classSummaries(layout);
    const minSide = options.minSide ?? 224;
    const byPath = (a: { path: string }, b: { path: string }) => compareCodePoints(a.path, b.path);
    this.images.sort(byPath);
    this.skipped.sort(byPath);
    return {
      source: { path: source.path, kind: source.kind },
      layout: layout.layout,
      classes,
      files: this.counts(),
      skipped: this.skipped,
      warnings: datasetWarnings({
        layout: layout.layout,
        classes,
        duplicates: [...this.duplicates.values()],
        smallImages: this.images
          .filter((i) => Math.min(i.width, i.height) < minSide)
          .map((i) => i.path),
        minSide,
        imbalanceRatio: options.imbalanceRatio ?? 3,
      }),
      images: this.images,
    };
  }

  private trackDuplicate(image: ImportedImage): void {
    const first = this.firstByHash.get(image.sha256);
    if (!first) {
      this.firstByHash.set(image.sha256, image);
      return;
    }
    const group = this.duplicates.get(image.sha256) ?? {
      sha256: image.sha256,
      files: [{ path: first.path, className: first.className }],
    };
    group.files.push({ path: image.path, className: image.className });
    this.duplicates.set(image.sha256, group);
  }

  private classSummaries(layout: ResolvedLayout): ClassSummary[] {
    return [...this.classes.entries()]
      .sort(([a], [b]) => compareCodePoints(a, b))
      .map(([name, counts]) => {
        const summary: ClassSummary = { name, count: counts.get('all') ?? 0 };
        if (layout.layout === 'split-folders') {
          summary.splits = Object.fromEntries([...counts].filter(([key]) => key !== 'all'));
        }
        return summary;
      });
  }

  private counts(): ScanReport['files'] {
    const imported = this.images.length;
    const skipped = this.skipped.length;
    return { seen: this.seen, imported, skipped };
  }

  private progress(lastPath: string): void {
    this.onProgress?.({ ...this.counts(), lastPath });
  }
}
