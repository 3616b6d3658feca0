import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeTopicDataset } from '../../../testing/topicTexts.js';
import { runCli } from '../main.js';
import { memoryIo } from '../testIo.js';

/** `predict --explain` on a text model from scratch: the prediction and the words behind it. */
describe('transfer-studio predict <text model> --explain', () => {
  let dir: string;
  let model: string;
  const env = () => ({ TRANSFER_STUDIO_HOME: join(dir, 'home') });

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ts-explain-cli-'));
    await writeTopicDataset(join(dir, 'notes'), 30, 17);
    model = join(dir, 'model');
    const io = memoryIo({ env: env() });
    const args = ['train', join(dir, 'notes'), '--scratch', '--out', model, '--epochs', '10'];
    expect(await runCli(args, io), io.err()).toBe(0);
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('prints each text’s prediction and its most important words', async () => {
    const file = join(dir, 'note.txt');
    await writeFile(file, 'The chef simmered a pot of tomato soup after lunch.\n');
    const io = memoryIo({ env: env() });
    const text = 'The striker scored a penalty in the final minute.';
    const args = ['predict', model, '--text', text, file, '--explain', '--top', '2'];
    expect(await runCli(args, io), io.err()).toBe(0);
    const lines = io.out().trim().split('\n');
    expect(lines).toHaveLength(4);
    expect(lines[0]).toMatch(/^"The striker scored.*": football \d+\.\d%$/);
    expect(lines[1]).toMatch(
      /most important words \(points of football lost without them\): \S+ \+\d+\.\d, \S+ \+\d+\.\d$/,
    );
    expect(lines[2]).toMatch(/note\.txt: cooking \d+\.\d%$/);
  });

  it('gives the attributions as JSON, and says when only the first words were weighed', async () => {
    const io = memoryIo({ env: env() });
    const long = Array.from({ length: 80 }, () => 'the striker scored').join(' ');
    const args = ['predict', model, '--text', long, '--explain', '--json'];
    expect(await runCli(args, io), io.err()).toBe(0);
    const [result] = JSON.parse(io.out()) as {
      capped: boolean;
      totalWords: number;
      words: unknown[];
    }[];
    expect(result).toMatchObject({ capped: true, totalWords: 240 });
    expect(result?.words).toHaveLength(64);
  });

  it('refuses --explain for a folder with no model', async () => {
    const io = memoryIo({ env: env() });
    const args = ['predict', join(dir, 'missing'), '--text', 'a penalty', '--explain'];
    expect(await runCli(args, io)).not.toBe(0);
    expect(io.err()).toMatch(/no trained model in .*missing/);
  });
});
