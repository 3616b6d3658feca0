import { parseArgs } from 'node:util';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ensureSamples,
  runDemo,
  type DemoEvent,
  type DemoResult,
} from '../../../services/demo/runDemo.js';
import {
  findDefaultPack,
  packStoreDirs,
  type PackListing,
} from '../../../services/models/packStore.js';
import { evaluationTable, trainCommand } from './train.js';
import { epochLine } from '../epochLine.js';
import { UsageError, type CliIo } from '../io.js';

export const DEMO_USAGE = `Usage: transfer-studio demo [--dataset <folder>] [--scratch] [--epochs N] [--backend B] [--json]

Runs the main job headlessly on the sample dataset (shapes the project draws itself): with a
pretrained base model installed (see "transfer-studio models"), transfer learning as "train" does
it; without one, or with --scratch, a small CNN trained from scratch. Prints accuracy and the
confusion matrix on the held-out images.`;

export async function demoCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      dataset: { type: 'string' },
      epochs: { type: 'string' },
      backend: { type: 'string' },
      seed: { type: 'string' },
      scratch: { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
    },
  });
  if (positionals.length > 0) throw new UsageError(DEMO_USAGE);
  const pack = values.scratch ? undefined : await findDefaultPack(packStoreDirs(io.env));
  if (pack) return transferDemo(pack, values, io);
  const epochs = positiveInt(values.epochs, '--epochs');
  const seed = positiveInt(values.seed, '--seed');
  const print = values.json
    ? (event: DemoEvent) => {
        const line = jsonEvent(event);
        if (line) io.stdout.write(`${JSON.stringify(line)}\n`);
      }
    : (event: DemoEvent) => io.stdout.write(describe(event));
  const result = await runDemo({
    ...(values.dataset !== undefined ? { dataset: values.dataset } : {}),
    ...(values.backend !== undefined ? { backend: values.backend } : {}),
    ...(epochs !== undefined ? { epochs } : {}),
    ...(seed !== undefined ? { seed } : {}),
    onEvent: print,
  });
  io.stdout.write(
    values.json ? `${JSON.stringify({ type: 'result', ...result })}\n` : summary(result),
  );
  return 0;
}

/** With a pretrained base installed, the demo is the real job: the train command on the samples. */
async function transferDemo(
  pack: PackListing,
  values: {
    dataset?: string | undefined;
    epochs?: string | undefined;
    backend?: string | undefined;
    seed?: string | undefined;
    json?: boolean;
  },
  io: CliIo,
): Promise<number> {
  const dataset =
    values.dataset ??
    (await ensureSamples((event) =>
      io.stdout.write(values.json ? `${JSON.stringify(event)}\n` : describe(event)),
    ));
  const out = join(await mkdtemp(join(tmpdir(), 'transfer-studio-demo-')), 'model');
  if (!values.json)
    io.stdout.write(
      `Transfer learning on ${dataset} with the pretrained ${pack.architecture ?? pack.name} (${pack.path})\n`,
    );
  const args = [dataset, '--base', pack.path, '--out', out];
  for (const flag of ['epochs', 'backend', 'seed'] as const) {
    const value = values[flag];
    if (value !== undefined) args.push(`--${flag}`, value);
  }
  if (values.json) args.push('--json');
  return trainCommand(args, io);
}

function positiveInt(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const number = Number(value);
  if (!Number.isInteger(number) || number < 1)
    throw new UsageError(`${flag} must be a positive whole number`);
  return number;
}

function jsonEvent(event: DemoEvent): object | undefined {
  // Batch events are for live charts; a terminal's JSON stream keeps one line per epoch.
  if (event.type === 'batch') return undefined;
  if (event.type !== 'scanned') return event;
  const { images: _images, ...report } = event.report;
  return { type: event.type, report };
}

function describe(event: DemoEvent): string {
  switch (event.type) {
    case 'samples-generated':
      return `Generated ${event.count} sample images in ${event.path}\n`;
    case 'scanned': {
      const { report } = event;
      const classes = report.classes.map((c) => `${c.name} ${c.count}`).join(', ');
      return `Dataset: ${report.source.path}\n  ${report.files.imported} images in ${report.classes.length} classes (${classes}); ${report.files.skipped} skipped\n`;
    }
    case 'backend': {
      const lines = [
        `Backend: ${event.report.label}${event.report.wasm ? ` (SIMD ${event.report.wasm.simd ? 'on' : 'off'}, threads ${event.report.wasm.threads ? 'on' : 'off'})` : ''}`,
      ];
      for (const attempt of event.report.attempts.filter((a) => a.outcome === 'skipped')) {
        lines.push(`  skipped ${attempt.backend}: ${attempt.message}`);
      }
      if (event.report.patchedKernels.length > 0) {
        lines.push(`  supplied missing kernels: ${event.report.patchedKernels.join(', ')}`);
      }
      return `${lines.join('\n')}\n`;
    }
    case 'base':
      return `Model: ${event.name}, trained on ${event.device}${event.fallbackReason ? `\n  note: ${event.fallbackReason}` : ''}\n`;
    case 'epoch':
      return `${epochLine(event.metrics)}\n`;
    case 'stopped':
      return `  stopped: ${event.message}\n`;
    default:
      return '';
  }
}

function summary(result: DemoResult): string {
  const trainAccuracy = Math.max(...result.history.map((m) => m.accuracy));
  return [
    '',
    `Validation accuracy: ${(result.accuracy * 100).toFixed(1)}% on ${result.validationCount} held-out images (trained on ${result.trainCount}, ${result.seconds.toFixed(1)} s, ${result.trainingBackend} backend)`,
    `Training accuracy reached ${(trainAccuracy * 100).toFixed(1)}% (the model kept epoch ${result.bestEpoch}, where validation loss was lowest)`,
    ...(trainAccuracy - result.accuracy > 0.2
      ? [
          'A network trained from scratch on this few images memorises them but generalises poorly.',
          'A pretrained base model is what transfer learning adds: install one with',
          '"npx transfer-studio models fetch" (see "Model packs" in the README) and run the demo again.',
        ]
      : []),
    '',
    evaluationTable(result),
  ].join('\n');
}
