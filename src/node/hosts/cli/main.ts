import { shownLines } from './shown.js';
import * as tf from '../../../engine/tf.js';
import { serializeError, AppError } from '../../../common/errors.js';
import { packageVersion } from '../../adapters/platform/packageRoot.js';
import { backendCommand, BACKEND_USAGE } from './commands/backend.js';
import { checkProjectCommand, CHECK_PROJECT_USAGE } from './commands/checkProject.js';
import { demoCommand, DEMO_USAGE } from './commands/demo.js';
import { evaluateCommand, EVALUATE_USAGE } from './commands/evaluate.js';
import { exportCommand, EXPORT_USAGE } from './commands/export.js';
import { explainCommand, EXPLAIN_USAGE } from './commands/explain.js';
import { handInCommand, HAND_IN_USAGE } from './commands/handIn.js';
import { imagenetCommand, IMAGENET_USAGE } from './commands/imagenet.js';
import { predictCommand, PREDICT_USAGE } from './commands/predict.js';
import { trainCommand, TRAIN_USAGE } from './commands/train.js';
import { modelsCommand, MODELS_USAGE } from './commands/models.js';
import { MODELS_FETCH_USAGE } from './commands/modelsFetch.js';
import { samplesCommand, SAMPLES_USAGE } from './commands/samples.js';
import { scanCommand, SCAN_USAGE } from './commands/scan.js';
import { summaryCommand, SUMMARY_USAGE } from './commands/summary.js';
import { UsageError, type CliIo } from './io.js';

type Command = (args: string[], io: CliIo) => Promise<number>;

const COMMANDS: Record<string, { run: Command; usage: string; summary: string }> = {
  scan: {
    run: scanCommand,
    usage: SCAN_USAGE,
    summary: 'report what a dataset folder or zip holds',
  },
  train: {
    run: trainCommand,
    usage: TRAIN_USAGE,
    summary: 'train a classifier on a dataset with a pretrained base',
  },
  evaluate: {
    run: evaluateCommand,
    usage: EVALUATE_USAGE,
    summary: 'measure a trained model on a dataset',
  },
  export: {
    run: exportCommand,
    usage: EXPORT_USAGE,
    summary: 'write a trained model as TF.js, ONNX or Keras, checked by re-loading',
  },
  predict: {
    run: predictCommand,
    usage: PREDICT_USAGE,
    summary: 'classify images with a trained model',
  },
  explain: {
    run: explainCommand,
    usage: EXPLAIN_USAGE,
    summary: 'show where a trained model looked in images (Grad-CAM overlays)',
  },
  demo: {
    run: demoCommand,
    usage: DEMO_USAGE,
    summary: 'train on the sample dataset and print the result',
  },
  models: {
    run: modelsCommand,
    usage: MODELS_USAGE,
    summary: 'list base-model architectures and installed model packs',
  },
  summary: {
    run: summaryCommand,
    usage: SUMMARY_USAGE,
    summary: 'show a base model layer by layer, with blocks and freezing',
  },
  imagenet: {
    run: imagenetCommand,
    usage: IMAGENET_USAGE,
    summary: 'what the pretrained network sees in images (top-5 ImageNet labels)',
  },
  samples: { run: samplesCommand, usage: SAMPLES_USAGE, summary: 'draw the sample shapes dataset' },
  'hand-in': {
    run: handInCommand,
    usage: HAND_IN_USAGE,
    summary: 'write the lab report and a zip to hand in (model, project, images)',
  },
  'check-project': {
    run: checkProjectCommand,
    usage: CHECK_PROJECT_USAGE,
    summary: 'report images of a project that moved, changed or vanished',
  },
  backend: {
    run: backendCommand,
    usage: BACKEND_USAGE,
    summary: 'show which tensor backend runs here',
  },
};

export const EXIT_OK = 0;
export const EXIT_ERROR = 1;
export const EXIT_USAGE = 2;

function overview(): string {
  const rows = Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(13)} ${c.summary}`);
  return [
    'Usage: transfer-studio <command> [options]',
    '',
    'Commands:',
    ...rows,
    '',
    'Run transfer-studio <command> --help for its options.',
  ].join('\n');
}

/** Runs one CLI invocation; returns the exit code instead of exiting so tests can call it. */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  // tfjs' console advice ("install our node backend") would interleave with reports that already
  // say which backend runs and why.
  tf.env().set('PROD', true);
  const [name, ...args] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.stdout.write(`${overview()}\n`);
    return name === undefined ? EXIT_USAGE : EXIT_OK;
  }
  if (name === '--version' || name === '-v') {
    io.stdout.write(`${packageVersion()}\n`);
    return EXIT_OK;
  }
  const command = COMMANDS[name];
  if (!command) {
    io.stderr.write(`Unknown command "${name}".\n\n${overview()}\n`);
    return EXIT_USAGE;
  }
  if (args.includes('--help') || args.includes('-h')) {
    io.stdout.write(
      `${name === 'models' && args[0] === 'fetch' ? MODELS_FETCH_USAGE : command.usage}\n`,
    );
    return EXIT_OK;
  }
  try {
    return await command.run(args, io);
  } catch (error) {
    return reportError(error, io);
  }
}

function reportError(error: unknown, io: CliIo): number {
  if (error instanceof UsageError) {
    io.stderr.write(`${error.message}\n`);
    return EXIT_USAGE;
  }
  if ((error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
    io.stderr.write(`${(error as Error).message}\n`);
    return EXIT_USAGE;
  }
  const serialized = serializeError(error);
  io.stderr.write(`error: ${shownLines(serialized.message)}\n`);
  if (!(error instanceof AppError) && io.env['TRANSFER_STUDIO_DEBUG'])
    io.stderr.write(`${(error as Error).stack ?? ''}\n`);
  return EXIT_ERROR;
}
