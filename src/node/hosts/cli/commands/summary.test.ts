import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '../../../../engine/tf.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { modelSummarySchema } from '../../../../common/models.js';
import { catalogEntry } from '../../../../engine/catalog/catalog.js';
import { writeLayersModel } from '../../../services/models/writeLayersModel.js';
import { runCli } from '../main.js';
import { memoryIo } from '../testIo.js';
import { freezePlan } from './summary.js';

describe('summary and models commands', () => {
  let store: string;

  beforeAll(async () => {
    store = await mkdtemp(join(tmpdir(), 'ts-store-'));
    const manifest = {
      format: 'transfer-studio-model-pack',
      version: 1,
      architecture: 'mobilenet_v2_0.35_96',
      name: 'Tiny V2',
      source: 'test',
      license: 'Apache-2.0',
    };
    await writeLayersModel(catalogEntry('mobilenet_v2_0.35_96').build(), join(store, 'tiny-v2'), {
      extraFiles: { 'manifest.json': JSON.stringify(manifest) },
    });
    await mkdir(join(store, 'broken'));
    await writeFile(
      join(store, 'broken', 'model.json'),
      '{"modelTopology": {}, "weightsManifest": [{"paths": ["../x.bin"], "weights": []}]}',
    );
  });
  afterAll(async () => {
    tf.disposeVariables();
    await rm(store, { recursive: true, force: true });
  });

  it('summarises a catalog architecture as JSON with Keras’ counts and 17 blocks', async () => {
    const io = memoryIo();
    expect(await runCli(['summary', '--base', 'mobilenet_v2_0.35_96', '--json'], io)).toBe(0);
    const summary = modelSummarySchema.parse(JSON.parse(io.out()));
    expect(summary.totalParams).toBe(410_208);
    expect(summary.blocks.filter((b) => b.number !== undefined)).toHaveLength(17);
  });

  it('summarises a pack under a freeze plan, Keras-style', async () => {
    const io = memoryIo();
    expect(
      await runCli(['summary', '--base', join(store, 'tiny-v2'), '--unfreeze-from', '16'], io),
    ).toBe(0);
    expect(io.out()).toContain('Model: "mobilenetv2_0.35_96" — Tiny V2 (pack');
    expect(io.out()).toMatch(/Conv1 \(Conv2D\)\s+\(None, 48, 48, 16\)\s+432\s+Stem\s+no/);
    expect(io.out()).toMatch(/block_16_project_BN \(BatchNormalization\).*yes \(BN inference\)/);
    expect(io.out()).toContain('Total params: 410,208');
    // Block 16 (expand 56→336, depthwise, project 336→112) and Conv_1 (112→1280) with their BN
    // scales and offsets train: 61,040 + 145,920 parameters; BN moving statistics never do.
    expect(io.out()).toContain('Trainable params: 206,960');
    expect(io.out()).toContain('Non-trainable params: 203,248');
  });

  it('fails clearly for an unknown base or block', async () => {
    const unknown = memoryIo();
    expect(await runCli(['summary', '--base', 'mobilenet_v9'], unknown)).toBe(1);
    expect(unknown.err()).toMatch(/Unknown base model "mobilenet_v9"/);
    const block = memoryIo();
    expect(
      await runCli(['summary', '--base', 'mobilenet_v2_0.35_96', '--unfreeze-from', '30'], block),
    ).toBe(1);
    expect(block.err()).toMatch(/No block 30/);
  });

  it('lists the store’s packs, usable or not, and the catalog', async () => {
    const io = memoryIo({ env: { TRANSFER_STUDIO_MODELS: store } });
    expect(await runCli(['models', '--json'], io)).toBe(0);
    const listing = JSON.parse(io.out());
    expect(listing.packs).toEqual(
      expect.arrayContaining([
        {
          path: join(store, 'tiny-v2'),
          kind: 'pack',
          name: 'Tiny V2',
          architecture: 'mobilenet_v2_0.35_96',
        },
        expect.objectContaining({
          path: join(store, 'broken'),
          problem: expect.stringMatching(/must be a plain file name/),
        }),
      ]),
    );
    expect(listing.catalog.find((c: { id: string }) => c.id === 'resnet50_224').params).toBe(
      23_587_712,
    );
  });

  it('parses --unfreeze-from into a freeze plan', () => {
    expect(freezePlan('14', false).unfreeze).toEqual({ kind: 'from-block', block: 14 });
    expect(freezePlan('top', true)).toMatchObject({
      unfreeze: { kind: 'from-block', block: 'top' },
      batchNorm: 'train',
    });
    expect(freezePlan('Conv_1', false).unfreeze).toEqual({ kind: 'from-layer', layer: 'Conv_1' });
    expect(freezePlan('none', false).unfreeze).toEqual({ kind: 'none' });
  });
});
