import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeStoredZip } from '../../adapters/files/storedZip.js';
import { makeJpeg, makePng } from '../../testing/images.js';
import { FolderSource } from './folderSource.js';
import { decideModality } from './modality.js';
import { scanTextDataset } from './textDataset.js';

const POSITIVE = [
  'Absolutely loved it. The plot kept me guessing until the very end.',
  'Great acting, beautiful music, and a story I will remember.',
  'One of the best films this year; I laughed and cried.',
  'A warm, funny, clever film with a cast at the top of its game.',
];
const NEGATIVE = [
  'Dull and far too long. I checked my watch every ten minutes.',
  'The dialogue was wooden and the ending made no sense at all.',
  'I want those two hours back. Avoid.',
  'Poorly shot, badly edited, and the jokes never land.',
];

let root: string;

async function put(path: string, data: string | Uint8Array): Promise<void> {
  const full = join(root, path);
  await mkdir(join(full, '..'), { recursive: true });
  await writeFile(full, data);
}

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'text-dataset-'));
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('scanTextDataset on class folders', () => {
  it('imports .txt files per class, reads Latin-1 with a warning, skips what is not text', async () => {
    const folder = 'messy';
    for (const [i, text] of POSITIVE.entries()) await put(`${folder}/pos/p${i}.txt`, text);
    for (const [i, text] of NEGATIVE.entries()) await put(`${folder}/neg/n${i}.txt`, text);
    await put(`${folder}/pos/bom.txt`, `\uFEFFWith a byte order mark.\r\nAnd CRLF lines.\r\n`);
    await put(`${folder}/pos/empty.txt`, '');
    await put(`${folder}/neg/blank.txt`, '  \r\n\t \n');
    await put(`${folder}/neg/latin1.txt`, Buffer.from('Un café très décevant, hélas.', 'latin1'));
    await put(`${folder}/neg/photo.txt`, await makeJpeg(320, 240));
    await put(`${folder}/neg/noise.txt`, randomBytes(64 * 1024));
    // The same text in both classes, and twice in one.
    await put(`${folder}/neg/copy-of-p0.txt`, POSITIVE[0] as string);
    await put(`${folder}/pos/again-p1.txt`, POSITIVE[1] as string);
    await put(`${folder}/README.md`, 'How this dataset was made.');
    await put(`${folder}/pos/.DS_Store`, randomBytes(100));

    const report = await scanTextDataset(join(root, folder));
    expect(report.layout).toBe('class-folders');
    expect(report.classes.map((c) => [c.name, c.count])).toEqual([
      ['neg', NEGATIVE.length + 2],
      ['pos', POSITIVE.length + 2],
    ]);
    const bom = report.examples.find((e) => e.origin.endsWith('bom.txt'));
    expect(bom?.text.startsWith('With')).toBe(true);
    const skippedCodes = Object.fromEntries(
      report.skipped.map((s) => [s.path.split('/').pop(), s.code]),
    );
    expect(skippedCodes).toEqual({
      'empty.txt': 'empty-file',
      'blank.txt': 'empty-text',
      'photo.txt': 'binary-file',
      'noise.txt': 'binary-file',
      'README.md': 'outside-class-folder',
    });
    const latin1 = report.examples.find((e) => e.origin.endsWith('latin1.txt'));
    expect(latin1?.text).toBe('Un café très décevant, hélas.');
    expect(report.notUtf8).toEqual([
      { path: 'neg/latin1.txt', readAs: 'windows-1252', line: 1, offset: 6, byte: 0xe9 },
    ]);
    const codes = report.warnings.map((w) => w.code);
    expect(codes).toContain('duplicates');
    expect(codes).toContain('conflicting-duplicates');
    expect(codes).toContain('empty-texts');
    expect(report.classes[1]?.snippets[0]).toBe(POSITIVE[1]);
  });

  it('reads a zip that wraps the class folders in one more folder', async () => {
    const entries = [
      ...POSITIVE.map((text, i) => ({ name: `reviews/good/${i}.txt`, data: Buffer.from(text) })),
      ...NEGATIVE.map((text, i) => ({
        name: `reviews/bad/${i}.txt`,
        data: Buffer.from(text),
        deflate: true,
      })),
    ];
    await put('reviews.zip', writeStoredZip(entries));
    const report = await scanTextDataset(join(root, 'reviews.zip'));
    expect(report.sourceKind).toBe('zip');
    expect(report.classes.map((c) => [c.name, c.count])).toEqual([
      ['bad', 4],
      ['good', 4],
    ]);
  });

  it('warns of a single class, of imbalance and of texts longer than the encoder reads', async () => {
    await put('one/only/a.txt', 'just one class here');
    await put('one/only/b.txt', 'and another text in it');
    const single = await scanTextDataset(join(root, 'one'));
    expect(single.warnings.map((w) => w.code)).toContain('single-class');

    for (let i = 0; i < 12; i++)
      await put(`skewed/big/${i}.txt`, `${'long words '.repeat(i * 30)}${i}`);
    await put('skewed/small/0.txt', 'tiny class');
    const skewed = await scanTextDataset(join(root, 'skewed'), {
      maxPieces: 100,
      cutPieces: (text) => Math.max(0, text.split(/\s+/).length - 100),
    });
    const imbalance = skewed.warnings.find((w) => w.code === 'class-imbalance');
    expect(imbalance?.message).toMatch(/big has 12 texts and small only 1/);
    const long = skewed.warnings.find((w) => w.code === 'long-texts');
    expect(long?.message).toMatch(
      /^10 texts are longer than the encoder reads \(at most 100 word pieces/,
    );
  });
});

describe('scanTextDataset on tables', () => {
  it('reads a 10 MB CSV with a BOM, CRLF and quoted newlines', async () => {
    const lines = ['\uFEFFid,review,sentiment'];
    let bytes = 0;
    let count = 0;
    while (bytes < 10 * 2 ** 20) {
      const base = (count % 2 ? NEGATIVE : POSITIVE)[count % 4] as string;
      const review =
        count % 7 === 0
          ? `"${base}\r\nSecond line, with ""quotes"" (${count})"`
          : `"${base} (${count})"`;
      const line = `${count},${review},${count % 2 ? 'negative' : 'positive'}`;
      lines.push(line);
      bytes += line.length + 2;
      count++;
    }
    await put('big/reviews.csv', `${lines.join('\r\n')}\r\n`);
    const report = await scanTextDataset(join(root, 'big'));
    expect(report.layout).toBe('table');
    expect(report.tables[0]).toMatchObject({
      textColumn: 'review',
      labelColumn: 'sentiment',
      format: 'csv',
    });
    expect(report.examples).toHaveLength(count);
    expect(report.examples[7]?.text).toContain('\r\nSecond line, with "quotes" (7)');
    // Rows 0 and 7 span two lines each, so row 8 starts on line 1 + 8 + 2 + 1.
    expect(report.examples[8]?.origin).toBe('reviews.csv:12');
    expect(report.classes.map((c) => c.name)).toEqual(['negative', 'positive']);
  });

  it('reports the line of a broken quote and imports nothing', async () => {
    await put('broken/data.csv', 'text,label\n"fine",a\n"this one never closes,b\nnext,a\n');
    await expect(scanTextDataset(join(root, 'broken'))).rejects.toThrow(/data\.csv, line 3/);
  });

  it('reads a TSV and a JSON-lines file, with columns given when they are not obvious', async () => {
    await put('tsv/x.tsv', 'a\tb\nhello there friend\tgreet\nbye for now then\tpart\n');
    const report = await scanTextDataset(join(root, 'tsv'), { textColumn: 'a', labelColumn: 'b' });
    expect(report.examples.map((e) => e.label)).toEqual(['greet', 'part']);

    await put(
      'jsonl/x.jsonl',
      '{"text":"spam spam","label":"spam"}\n{"text":"  ","label":"ham"}\n',
    );
    const jsonl = await scanTextDataset(join(root, 'jsonl'));
    expect(jsonl.examples).toHaveLength(1);
    expect(jsonl.warnings.find((w) => w.code === 'empty-texts')?.examples).toEqual(['x.jsonl:2']);
  });

  it('says what it expected, and what each file was, when nothing is usable', async () => {
    await put('nothing/a/x.txt', await makePng(8, 8));
    await put('nothing/b/y.txt', ' \n');
    await expect(scanTextDataset(join(root, 'nothing'))).rejects.toThrow(
      /No usable text.*Found: a\/x\.txt: the file holds binary data, not text; b\/y\.txt: the text is empty or only whitespace\.$/,
    );
  });
});

describe('decideModality', () => {
  it('tells text folders from image folders by content, whatever the names', async () => {
    await put('detect-text/a/one.dat', 'plain words in a file with an odd name');
    await put('detect-text/b/two', 'more plain words');
    await put('detect-images/a/one.txt', await makePng(224, 224));
    await put('detect-images/b/two.txt', await makeJpeg(224, 224));
    const modality = async (folder: string) =>
      (await decideModality(new FolderSource(join(root, folder)))).modality;
    expect(await modality('detect-text')).toBe('text');
    expect(await modality('detect-images')).toBe('image');
  });
});
