// Folder zones (docs/ARCHITECTURE.md): where code runs decides what it may import.
import { builtinModules } from 'node:module';
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const nodeBuiltins = [...builtinModules, ...builtinModules.map((name) => `node:${name}`)];
const uiPackages = ['electron', 'react', 'react-dom', '@mui/*', 'chart.js', 'react-chartjs-2'];

function restrict(groups, message) {
  return { group: groups, message };
}

const noUi = restrict(uiPackages, 'src/** is shared engine code: no Electron or UI packages.');
const noNode = restrict(['node:*', ...nodeBuiltins], 'This zone must run without Node built-ins.');
const noNodeAdapters = restrict(
  ['**/node/*', '**/node/**', 'sharp', 'yauzl', 'onnxruntime-node', '@tensorflow/tfjs-node*'],
  'Node adapters live in src/node; pass data in through interfaces.',
);
const onlyCommon = restrict(
  [
    '**/src/engine/**',
    '**/src/node/**',
    '**/main/**',
    '@tensorflow/*',
    'sharp',
    'yauzl',
    'electron',
  ],
  'The renderer may import src/common only; everything else goes through the contract.',
);
const noServicesOrHosts = restrict(
  ['**/services/**', '**/hosts/**'],
  'src/node/adapters wrap the platform (files, images, onnx, backends): they call no service or host.',
);
const noHosts = restrict(
  ['**/hosts/**'],
  'src/node/services are called by hosts (cli, web, trainer, handlers), never the other way.',
);
// The umbrella package drags WebGL, tfjs-data and a 141 MB dist into the app; src/engine/tf.ts is
// the modular namespace with the same API.
const noUmbrellaTfjs = {
  name: '@tensorflow/tfjs',
  message:
    'Import tf from src/engine/tf.ts (the modular packages), not the @tensorflow/tfjs umbrella.',
};
const noEngine = restrict(
  ['**/engine/**', '@tensorflow/*'],
  'src/common has no tfjs or engine code.',
);

export default tseslint.config(
  {
    ignores: [
      'node_modules/',
      'dist/',
      'build/',
      'coverage/',
      'assets/samples/',
      'test-results/',
      '.cache/',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.strict,
  {
    languageOptions: { ecmaVersion: 2023, sourceType: 'module' },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
    },
  },
  {
    files: ['bin/**/*.js', 'scripts/**/*.js', 'eslint.config.js', 'vitest.config.ts'],
    languageOptions: { globals: globals.node },
  },
  {
    files: ['src/common/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [noUi, noNode, noNodeAdapters, noEngine] }],
    },
  },
  {
    files: ['src/engine/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: [noUmbrellaTfjs], patterns: [noUi, noNode, noNodeAdapters] },
      ],
    },
  },
  {
    files: ['src/node/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: [noUmbrellaTfjs], patterns: [noUi] }] },
  },
  {
    files: ['main/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: [noUmbrellaTfjs] }] },
  },
  {
    files: ['src/node/adapters/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: [noUmbrellaTfjs], patterns: [noUi, noServicesOrHosts] },
      ],
    },
  },
  {
    // Tests may drive a service through the CLI, as a user would.
    files: ['src/node/services/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: [noUmbrellaTfjs], patterns: [noUi, noHosts] }],
    },
  },
  {
    files: ['renderer/**/*.ts', 'renderer/**/*.tsx'],
    rules: { 'no-restricted-imports': ['error', { patterns: [noNode, onlyCommon] }] },
  },
);
