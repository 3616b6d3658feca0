import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { textWindows, type LongTextReading } from '../../../engine/text/longText.js';
import {
  SentencePieceTokenizer,
  UNKNOWN_ID,
  type VocabularyEntry,
} from '../../../engine/text/sentencePiece.js';
import { TEXT_ENCODERS, USE_LITE_ID } from '../../../engine/text/textEncoders.js';
import { bundledVocabulary } from '../../testing/bundledVocabulary.js';
import { TOPIC_TEXTS } from '../../testing/textModels.js';
import { TEXT_CLASSIFIER_JS } from './textClassifierSource.js';
import { SAMPLE_TEXTS } from './textProbe.js';

const vocabulary = bundledVocabulary();

interface BrowserTokenizer {
  encode(text: string): number[];
}

interface LoaderModule {
  Tokenizer: new (vocabulary: readonly VocabularyEntry[]) => BrowserTokenizer;
  textWindows(tokenizer: BrowserTokenizer, text: string, reading: LongTextReading): number[][];
}

/**
 * Strings that stress a tokenizer: code points drawn from ASCII, Latin with combining marks,
 * compatibility forms NFKC rewrites, CJK, Cyrillic, Arabic, emoji (surrogate pairs, joiners,
 * skin tones), controls and odd spaces, and words from the vocabulary; seeded, so a failure
 * reproduces.
 */
function variedStrings(count: number, seed: number): string[] {
  const ranges: [number, number][] = [
    [0x20, 0x7e],
    [0xa0, 0x17f],
    [0x300, 0x36f],
    [0x400, 0x44f],
    [0x600, 0x6ff],
    [0x2000, 0x206f],
    [0x2460, 0x24ff],
    [0x3040, 0x30ff],
    [0x4e00, 0x4fff],
    [0xac00, 0xacff],
    [0xfb00, 0xfb06],
    [0xff01, 0xff5e],
    [0x1f300, 0x1f64f],
    [0x1f3fb, 0x1f3ff],
    [0x0, 0x1f],
  ];
  const words = Object.values(TOPIC_TEXTS)
    .flat()
    .flatMap((t) => t.split(' '));
  let state = seed;
  const next = (): number => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return state / 2 ** 31;
  };
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)] as T;
  return Array.from({ length: count }, () => {
    let text = '';
    const length = Math.floor(next() ** 2 * 120);
    for (let i = 0; i < length; i++) {
      const roll = next();
      if (roll < 0.35) text += `${pick(words)}${pick([' ', ' ', '  ', '\u200d', '\u00a0', ''])}`;
      else if (roll < 0.45) text += ' ';
      else {
        const [low, high] = pick(ranges);
        text += String.fromCodePoint(low + Math.floor(next() * (high - low + 1)));
      }
    }
    return text;
  });
}

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '../../../..');

/**
 * The loader as the built app writes it. It holds the source text of the app's compiled tokenizer
 * and window functions, and the app ships TypeScript's output (npm run build), not the test
 * runner's transform: so the four files it is made of are compiled here with the project's
 * compiler options, and the loader they write is loaded from `dir`.
 */
async function loaderAsBuilt(dir: string): Promise<LoaderModule> {
  const base = ts.readConfigFile(join(repoRoot, 'tsconfig.base.json'), (path) =>
    ts.sys.readFile(path),
  );
  const { options } = ts.convertCompilerOptionsFromJson(
    (base.config as { compilerOptions: object }).compilerOptions,
    repoRoot,
  );
  const built = join(dir, 'built');
  const loaderSource = 'src/node/services/export/textClassifierSource';
  const files = [
    `${loaderSource}.ts`,
    'src/engine/text/longText.ts',
    'src/engine/text/sentencePiece.ts',
    'src/common/errors.ts',
  ];
  for (const file of files) {
    const { outputText } = ts.transpileModule(await readFile(join(repoRoot, file), 'utf8'), {
      compilerOptions: { ...options, module: ts.ModuleKind.ESNext, sourceMap: false },
    });
    await mkdir(dirname(join(built, file)), { recursive: true });
    await writeFile(join(built, file.replace(/\.ts$/u, '.js')), outputText);
  }
  await writeFile(join(built, 'package.json'), '{ "type": "module" }');
  const source = (await import(pathToFileURL(join(built, `${loaderSource}.js`)).href)) as {
    TEXT_CLASSIFIER_JS: string;
  };
  const loaderFile = join(built, 'textClassifier.js');
  await writeFile(loaderFile, source.TEXT_CLASSIFIER_JS);
  return (await import(pathToFileURL(loaderFile).href)) as LoaderModule;
}

describe("the exported textClassifier.js's tokenizer", () => {
  let dir: string;
  let exported: BrowserTokenizer;
  let loader: LoaderModule;
  const app = new SentencePieceTokenizer(vocabulary);

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ts-text-loader-'));
    const file = join(dir, 'textClassifier.js');
    await writeFile(file, TEXT_CLASSIFIER_JS);
    loader = (await import(pathToFileURL(file).href)) as LoaderModule;
    exported = new loader.Tokenizer(vocabulary);
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('gives the app tokenizer’s ids on a few hundred varied strings', () => {
    const inputs = [
      ...SAMPLE_TEXTS,
      ...Object.values(TOPIC_TEXTS).flat(),
      ...variedStrings(400, 3),
      '▁already▁has▁boundaries',
      '<s></s> �',
      'Cafe\u0301 vs Café',
      '👨‍👩‍👧‍👦🇯🇵',
    ];
    const differing = inputs.filter(
      (text) => JSON.stringify(exported.encode(text)) !== JSON.stringify(app.encode(text)),
    );
    expect(differing).toEqual([]);
    // The strings reach unknown pieces, long texts and empty ones, not only plain words.
    const encoded = inputs.map((text) => app.encode(text));
    expect(encoded.some((ids) => ids.includes(0))).toBe(true);
    expect(encoded.some((ids) => ids.length === 0)).toBe(true);
    expect(Math.max(...encoded.map((ids) => ids.length))).toBeGreaterThan(256);
  });

  it('gives the app tokenizer’s ids on a very long text', () => {
    const long = variedStrings(120, 17).join(' ');
    expect(long.length).toBeGreaterThan(5_000);
    expect(exported.encode(long)).toEqual(app.encode(long));
  });

  it('cuts long texts into the app’s windows, sentence ends and line breaks included', () => {
    const reading = TEXT_ENCODERS[USE_LITE_ID]?.reading as LongTextReading;
    const small = { windowPieces: 16, maxWindows: 5 };
    const ends = ['. ', '! ', '? ', '\n', '\r\n\r\n', ' ', '.\t', '… '];
    const texts = [
      '',
      ' \n\t ',
      'One short sentence.',
      ...variedStrings(60, 29).map((part, i, all) =>
        all.slice(i, i + 1 + (i % 12)).join(ends[i % ends.length]),
      ),
    ];
    for (const setting of [reading, small]) {
      const differing = texts.filter(
        (text) =>
          JSON.stringify(loader.textWindows(exported, text, setting)) !==
          JSON.stringify(textWindows(text, (t) => app.encode(t), setting, UNKNOWN_ID).windows),
      );
      expect(differing).toEqual([]);
    }
    // Texts of one window, of several, and cut at the last window are all among them.
    const counts = texts.map((t) => loader.textWindows(exported, t, small).length);
    expect(counts).toContain(1);
    expect(counts).toContain(small.maxWindows);
    expect(counts.some((n) => n > 1 && n < small.maxWindows)).toBe(true);
  });

  it('is the same, ids and windows, as the built app writes it', async () => {
    const built = await loaderAsBuilt(dir);
    const tokenizer = new built.Tokenizer(vocabulary);
    const inputs = [...SAMPLE_TEXTS, ...variedStrings(80, 5)];
    const differing = inputs.filter(
      (text) => JSON.stringify(tokenizer.encode(text)) !== JSON.stringify(app.encode(text)),
    );
    expect(differing).toEqual([]);
    const small = { windowPieces: 16, maxWindows: 5 };
    const windowsDiffer = inputs.filter(
      (text) =>
        JSON.stringify(built.textWindows(tokenizer, text, small)) !==
        JSON.stringify(textWindows(text, (t) => app.encode(t), small, UNKNOWN_ID).windows),
    );
    expect(windowsDiffer).toEqual([]);
    expect(inputs.some((text) => built.textWindows(tokenizer, text, small).length > 1)).toBe(true);
  });
});
