import { parseArgs } from 'node:util';
import { writeShapeSamples } from '../../../services/samples/shapes.js';
import { UsageError, type CliIo } from '../io.js';

export const SAMPLES_USAGE = `Usage: transfer-studio samples --out <folder> [--per-class N] [--size N] [--seed N]

Draws the sample dataset (circles, squares, triangles in varied colours, sizes and positions),
one folder per class. The same seed always draws the same images.`;

export async function samplesCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      out: { type: 'string' },
      'per-class': { type: 'string', default: '60' },
      size: { type: 'string', default: '64' },
      seed: { type: 'string', default: '2026' },
    },
  });
  if (!values.out || positionals.length > 0) throw new UsageError(SAMPLES_USAGE);
  const [perClass, size, seed] = [values['per-class'], values.size, values.seed].map(Number);
  if (![perClass, size, seed].every((n) => Number.isInteger(n) && (n ?? 0) > 0)) {
    throw new UsageError('--per-class, --size and --seed must be positive whole numbers');
  }
  const count = await writeShapeSamples(values.out, {
    perClass: perClass ?? 60,
    size: size ?? 64,
    seed: seed ?? 2026,
  });
  io.stdout.write(`Wrote ${count} images to ${values.out}\n`);
  return 0;
}
