import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

/** The folder zones of docs/ARCHITECTURE.md, enforced by eslint.config.js: each import below must be refused. */
const FORBIDDEN: [file: string, source: string][] = [
  ['src/common/x.ts', "import { readFile } from 'node:fs';"],
  ['src/common/x.ts', "import path from 'path';"],
  ['src/common/x.ts', "import * as tf from '@tensorflow/tfjs';"],
  ['src/common/x.ts', "import { scanDataset } from '../node/services/dataset/scanner.js';"],
  ['src/engine/x.ts', "import { readFile } from 'node:fs/promises';"],
  ['src/engine/x.ts', "import sharp from 'sharp';"],
  ['src/engine/x.ts', "import { loadBackend } from '../node/adapters/backend/loadBackend.js';"],
  ['src/engine/x.ts', "import { app } from 'electron';"],
  ['src/engine/x.ts', "import * as tf from '@tensorflow/tfjs';"],
  ['src/node/services/training/x.ts', "import * as tf from '@tensorflow/tfjs';"],
  ['src/node/adapters/image/x.ts', "import * as tf from '@tensorflow/tfjs';"],
  ['main/x.ts', "import * as tf from '@tensorflow/tfjs';"],
  ['src/node/x.ts', "import { app } from 'electron';"],
  ['src/node/x.ts', "import React from 'react';"],
  ['src/node/x.ts', "import { Button } from '@mui/material';"],
  ['src/node/x.ts', "import { Chart } from 'chart.js';"],
  [
    'src/node/adapters/image/x.ts',
    "import { scanDataset } from '../../services/dataset/scanner.js';",
  ],
  ['src/node/adapters/files/x.ts', "import { runCli } from '../../hosts/cli/main.js';"],
  ['src/node/services/training/x.ts', "import { runCli } from '../../hosts/cli/main.js';"],
  ['src/node/services/report/x.ts', "import React from 'react';"],
  ['renderer/x.ts', "import { readFile } from 'node:fs';"],
  ['renderer/x.ts', "import { buildSmallCnn } from '../src/engine/smallCnn.js';"],
  ['renderer/x.ts', "import { scanDataset } from '../src/node/services/dataset/scanner.js';"],
  ['renderer/x.ts', "import { ipcRenderer } from 'electron';"],
  ['renderer/x.ts', "import * as tf from '@tensorflow/tfjs';"],
];

const ALLOWED: [file: string, source: string][] = [
  ['src/common/x.ts', "import { z } from 'zod';"],
  ['src/engine/x.ts', "import * as tf from './tf.js';"],
  ['src/node/services/training/x.ts', "import * as tf from '../../../engine/tf.js';"],
  ['src/engine/x.ts', "import { splitDataset } from '../common/split.js';"],
  ['src/node/x.ts', "import { readFile } from 'node:fs/promises';"],
  ['src/node/x.ts', "import { buildSmallCnn } from '../engine/smallCnn.js';"],
  [
    'src/node/services/training/x.ts',
    "import { decodeForModel } from '../../adapters/image/decode.js';",
  ],
  ['src/node/services/training/x.ts', "import { scanDataset } from '../dataset/scanner.js';"],
  ['src/node/services/training/x.test.ts', "import { runCli } from '../../hosts/cli/main.js';"],
  [
    'src/node/hosts/cli/x.ts',
    "import { runTraining } from '../../services/training/runTraining.js';",
  ],
  ['renderer/x.ts', "import { classCards } from './data/datasetView.js';"],
  ['renderer/x.ts', "import type { ScanReport } from '../src/common/dataset.js';"],
];

const eslint = new ESLint();

async function importErrors(file: string, source: string): Promise<string[]> {
  const [result] = await eslint.lintText(`${source}\nexport const used = 1;\n`, { filePath: file });
  return (result?.messages ?? [])
    .filter((m) => m.ruleId === 'no-restricted-imports')
    .map((m) => m.message);
}

describe('folder zones', () => {
  it.each(FORBIDDEN)('%s refuses: %s', async (file, source) => {
    expect(await importErrors(file, source)).toHaveLength(1);
  });

  it.each(ALLOWED)('%s allows: %s', async (file, source) => {
    expect(await importErrors(file, source)).toEqual([]);
  });
});
