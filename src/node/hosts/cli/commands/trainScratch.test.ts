import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeShapeSamples } from '../../../services/samples/shapes.js';
import { writeTopicDataset } from '../../../testing/topicTexts.js';
import { makeCliTestFolder, type CliTestFolder } from '../cliTestFolder.js';

describe('train --scratch', () => {
  let cli: CliTestFolder;
  let dataset: string;

  beforeAll(async () => {
    cli = await makeCliTestFolder('ts-train-scratch-');
    dataset = join(cli.dir, 'shapes');
    await writeShapeSamples(dataset, { perClass: 8, size: 48, seed: 5 });
  });
  afterAll(() => cli.remove());

  it('prints one JSON line per epoch and the result in the transfer run’s shape', async () => {
    const args = ['train', dataset, '--scratch', '--out', join(cli.dir, 'json'), '--epochs', '2'];
    const trained = await cli.run(...args, '--json');
    expect(trained.code).toBe(0);
    const lines = trained.out
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { type: string; [key: string]: unknown });
    expect(lines.filter((l) => l.type === 'epoch')).toHaveLength(2);
    const result = lines.at(-1);
    expect(result).toMatchObject({
      type: 'result',
      recipe: 'scratch',
      classes: ['circle', 'square', 'triangle'],
      counts: { train: 18, validation: 6 },
      modelDir: join(cli.dir, 'json'),
    });
    expect(result?.['validation']).toMatchObject({ count: 6 });
    expect(await readdir(join(cli.dir, 'json'))).toEqual(
      expect.arrayContaining(['model.json', 'metadata.json', 'labels.txt']),
    );
  });

  it('prints the epoch lines and a summary that says the model started from scratch', async () => {
    const args = ['train', dataset, '--scratch', '--out', join(cli.dir, 'human'), '--epochs', '2'];
    const { code, out } = await cli.run(...args);
    expect(code).toBe(0);
    expect(out.match(/^ {2}epoch +\d+ {2}loss /gm)).toHaveLength(2);
    expect(out).toMatch(/Base: small CNN from scratch \(\d[\d,]* parameters\), run by tfjs on \w+/);
    expect(out).toMatch(/Model written to .*human \(from scratch on \w+; best epoch [12] of 2/);
    expect(out).toMatch(/Validation accuracy: \d+\.\d% on 6 images/);
  });

  it('gives a model that evaluate, predict and export take like any trained model', async () => {
    const model = join(cli.dir, 'json');
    const evaluated = await cli.run('evaluate', model, dataset, '--json');
    expect(evaluated.err).toBe('');
    expect(JSON.parse(evaluated.out.trim().split('\n').at(-1) ?? '{}')).toMatchObject({
      classes: ['circle', 'square', 'triangle'],
    });
    const predicted = await cli.run('predict', model, join(dataset, 'circle', 'circle-000.png'));
    expect(predicted.code).toBe(0);
    expect(predicted.out).toContain('circle-000.png');
    const out = join(cli.dir, 'export');
    const exported = await cli.run('export', model, '--format', 'all', '--out', out);
    expect(exported.err).toBe('');
    expect(exported.code).toBe(0);
    expect((await readdir(out)).sort()).toEqual(['keras', 'onnx', 'tfjs']);
  });

  it('refuses flags that need a pretrained base, naming them', async () => {
    const args = [
      'train',
      dataset,
      '--scratch',
      '--base',
      'mobilenet_v2_0.35_96',
      '--augment',
      '2',
    ];
    // A usage error: exit code 2, as for any command.
    const refused = await cli.run(...args, '--out', join(cli.dir, 'refused'));
    expect(refused.code).toBe(2);
    expect(refused.err).toContain('drop --base, --augment');
    expect(await readdir(cli.dir)).not.toContain('refused');
  });
});

describe('train --scratch on a text dataset', () => {
  let cli: CliTestFolder;
  let dataset: string;

  beforeAll(async () => {
    cli = await makeCliTestFolder('ts-train-scratch-text-');
    dataset = join(cli.dir, 'notes');
    await writeTopicDataset(dataset, 20, 23);
  });
  afterAll(() => cli.remove());

  it('prints the image run’s JSON shapes: an epoch line each, then the result', async () => {
    const model = join(cli.dir, 'json');
    const trained = await cli.run(
      'train',
      dataset,
      '--scratch',
      '--out',
      model,
      '--epochs',
      '15',
      '--json',
    );
    expect(trained.err).toBe('');
    expect(trained.code).toBe(0);
    const lines = trained.out
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { type: string; [key: string]: unknown });
    expect(lines.map((l) => l.type)).toEqual(
      expect.arrayContaining(['backend', 'scanned', 'base', 'epoch', 'result']),
    );
    expect(lines.filter((l) => l.type === 'epoch').length).toBeLessThanOrEqual(15);
    expect(lines.at(-1)).toMatchObject({
      type: 'result',
      recipe: 'scratch',
      classes: ['cooking', 'football'],
      counts: { train: 32, validation: 8 },
      modelDir: model,
    });
    expect((await readdir(model)).sort()).toEqual(
      expect.arrayContaining(['metadata.json', 'model.json', 'vocabulary.json']),
    );
  });

  it('prints epoch lines and a summary that says the texts were read, not embedded', async () => {
    const trained = await cli.run(
      'train',
      dataset,
      '--scratch',
      '--out',
      join(cli.dir, 'human'),
      '--epochs',
      '3',
    );
    expect(trained.code).toBe(0);
    expect(trained.out.match(/^ {2}epoch +\d+ {2}loss /gm)?.length).toBeGreaterThan(0);
    expect(trained.out).toMatch(
      /Base: bag of words from scratch, [\d,]+ terms \([\d,]+ parameters\), run by tfjs/,
    );
    expect(trained.out).toMatch(
      /Model written to .*human \(from scratch on .*; best epoch \d of \d, \d+ texts\/s read\)/,
    );
    // The examples are texts: no line of a text run calls them images.
    expect(trained.out).toMatch(/^Dataset: 40 texts in 2 classes/m);
    expect(trained.out).toMatch(/Validation accuracy: \d+\.\d% on 8 texts/);
    expect(trained.out).not.toMatch(/images/);
  });

  it('gives a model that evaluate and predict take like a transfer text model', async () => {
    const model = join(cli.dir, 'json');
    const evaluated = await cli.run('evaluate', model, dataset, '--json');
    expect(evaluated.err).toBe('');
    const line = JSON.parse(evaluated.out.trim().split('\n').at(-1) ?? '{}') as object;
    expect(Object.keys(line).sort()).toEqual(['accuracy', 'classes', 'confusion', 'perClass']);
    expect(line).toMatchObject({ classes: ['cooking', 'football'] });
    const predicted = await cli.run(
      'predict',
      model,
      '--text',
      'The goalkeeper saved two goals in the second half.',
      '--json',
    );
    expect(predicted.err).toBe('');
    const [prediction] = JSON.parse(predicted.out) as { prediction: string }[];
    expect(prediction?.prediction).toBe('football');
  });
});
