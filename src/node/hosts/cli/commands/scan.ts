import { shown } from '../shown.js';
import { parseArgs } from 'node:util';
import type { ScanReport } from '../../../../common/dataset.js';
import { scanDatasetOnce } from '../../../services/dataset/datasetScan.js';
import { textScanReport } from '../../../services/text/textScanReport.js';
import { UsageError, type CliIo } from '../io.js';
import { ProgressBar } from '../progressBar.js';
import { renderTable, skippedSection } from '../table.js';
import { humanTextReport } from './scanTextHuman.js';

export const SCAN_USAGE = `Usage: transfer-studio scan <folder|zip|table> [--json] [--images] [--min-side N] [--fast]

Scans a dataset (one folder per class, or train/ val/ test/ folders of class folders, or a zip of
either; for texts also a CSV, TSV or JSON-lines table with a text and a label column) and reports
every file: imported, or skipped with the reason, and for a table every row.
  --json        print the report as JSON
  --images      include every imported image (path, class, size, hash) in the JSON
  --min-side N  warn about images whose shorter side is below N pixels (default 224)
  --fast        trust image headers instead of decoding every image to the end`;

export async function scanCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      json: { type: 'boolean', default: false },
      images: { type: 'boolean', default: false },
      'min-side': { type: 'string' },
      fast: { type: 'boolean', default: false },
    },
  });
  const path = positionals[0];
  if (!path || positionals.length > 1) throw new UsageError(SCAN_USAGE);
  const minSide = values['min-side'] === undefined ? undefined : Number(values['min-side']);
  if (minSide !== undefined && !(Number.isInteger(minSide) && minSide > 0)) {
    throw new UsageError('--min-side must be a positive whole number');
  }
  const progress = new ProgressBar(io, 'Scanning');
  // One pass tells images from texts (by content) and scans as that.
  const scanned = await scanDatasetOnce(path, {
    images: {
      verify: values.fast ? 'header' : 'decode',
      ...(minSide !== undefined ? { minSide } : {}),
      onProgress: (p) => progress.update(p.imported + p.skipped, undefined, p.lastPath),
    },
  });
  progress.finish();
  const report = scanned.modality === 'text' ? textScanReport(scanned.report) : scanned.report;
  if (values.json) io.stdout.write(`${JSON.stringify(jsonReport(report, values.images))}\n`);
  else if (scanned.modality === 'text') io.stdout.write(humanTextReport(path, scanned.report));
  else io.stdout.write(humanReport(report));
  return 0;
}

function jsonReport(
  report: ScanReport,
  withImages: boolean,
): Omit<ScanReport, 'images'> & { images?: ScanReport['images'] } {
  if (withImages) return report;
  const { images: _images, ...rest } = report;
  return rest;
}

export function humanReport(report: ScanReport): string {
  const lines: string[] = [];
  const layout =
    report.layout === 'split-folders' ? 'train/val/test folders' : 'one folder per class';
  lines.push(`Dataset: ${shown(report.source.path)} (${report.source.kind}, ${layout})`, '');
  lines.push(
    renderTable(
      [
        'Class',
        report.modality === 'text' ? 'Texts' : 'Images',
        ...(report.layout === 'split-folders' ? ['Split'] : []),
      ],
      report.classes.map(classRow),
    ),
  );
  const { seen, imported, skipped } = report.files;
  lines.push('', `Files: ${seen} seen, ${imported} imported, ${skipped} skipped`);
  lines.push(...skippedSection(report.skipped));
  if (report.warnings.length > 0) {
    lines.push('', 'Warnings:', ...report.warnings.map((w) => `  ! ${shown(w.message)}`));
  }
  return `${lines.join('\n')}\n`;
}

function classRow(summary: ScanReport['classes'][number]): (string | number)[] {
  const row: (string | number)[] = [summary.name, summary.count];
  if (summary.splits) {
    row.push(
      Object.entries(summary.splits)
        .map(([split, n]) => `${split} ${n}`)
        .join(', '),
    );
  }
  return row;
}
