import { describe, expect, it } from 'vitest';
import { parseInline, parseMarkdown } from './markdown.js';

/** A model card as the export writes it (shortened), with a hostile class name in it. */
const CARD = [
  '# Image classifier: bag, <img src=x onerror=alert(1)>',
  '',
  'Trained with Transfer Studio 0.1.0 on 2026-11-30: a new head on the pretrained base **MobileNet V2 0.35** (`mobilenet_v2_0.35_96`).',
  '',
  '## Data',
  '',
  '| Class | Training | Validation |',
  '|---|---|---|',
  '| bag | 48 | 12 |',
  '| <img src=x onerror=alert(1)> | 48 | 12 |',
  '',
  '## Training',
  '',
  '- Head: global average pooling, dropout 0.2',
  '- Phase 1: 20 epochs max, adam at 0.001, batch 32',
  '',
  '1. Load the model',
  '2. Run it',
  '',
  '```python',
  'model = keras.models.load_model("model.keras")',
  '| not a table |',
  '```',
  '',
  'See [the TF.js guide](https://www.tensorflow.org/js) or [this](javascript:alert`1`).',
  '| a lone bar line',
].join('\n');

describe('the model card renderer', () => {
  const blocks = parseMarkdown(CARD);

  it('finds the headings, tables, lists, code and paragraphs of a model card', () => {
    expect(blocks.map((b) => b.kind)).toEqual([
      'heading',
      'paragraph',
      'heading',
      'table',
      'heading',
      'list',
      'list',
      'code',
      'paragraph',
      'paragraph',
    ]);
    const table = blocks[3];
    expect(table?.kind === 'table' && table.rows.length).toBe(2);
    expect(table?.kind === 'table' && table.header.map((c) => c[0]?.text)).toEqual([
      'Class',
      'Training',
      'Validation',
    ]);
    const [bullets, numbered] = [blocks[5], blocks[6]];
    expect(bullets).toMatchObject({ kind: 'list', ordered: false });
    expect(numbered).toMatchObject({ kind: 'list', ordered: true });
    expect(blocks[7]).toEqual({
      kind: 'code',
      language: 'python',
      text: 'model = keras.models.load_model("model.keras")\n| not a table |',
    });
  });

  it('keeps markup in a class name as text, and opens only web links', () => {
    const heading = blocks[0];
    expect(heading).toEqual({
      kind: 'heading',
      level: 1,
      inlines: [{ kind: 'text', text: 'Image classifier: bag, <img src=x onerror=alert(1)>' }],
    });
    const last = blocks[8];
    expect(last?.kind === 'paragraph' && last.inlines).toEqual([
      { kind: 'text', text: 'See ' },
      { kind: 'link', text: 'the TF.js guide', href: 'https://www.tensorflow.org/js' },
      { kind: 'text', text: ' or ' },
      { kind: 'text', text: 'this (javascript:alert`1`)' },
      { kind: 'text', text: '.' },
    ]);
    // A line starting with a bar but no table rule under it is text.
    expect(blocks[9]).toEqual({
      kind: 'paragraph',
      inlines: [{ kind: 'text', text: '| a lone bar line' }],
    });
  });

  it('reads inline code and bold, and leaves unmatched marks as they are', () => {
    expect(parseInline('base **MobileNet** (`mobilenet_v2`) 2 * 3 ` open')).toEqual([
      { kind: 'text', text: 'base ' },
      { kind: 'strong', text: 'MobileNet' },
      { kind: 'text', text: ' (' },
      { kind: 'code', text: 'mobilenet_v2' },
      { kind: 'text', text: ') 2 * 3 ` open' },
    ]);
  });

  it('ends a code block left open at the end of the card', () => {
    expect(parseMarkdown('```\nx = 1')).toEqual([{ kind: 'code', language: '', text: 'x = 1' }]);
    expect(parseMarkdown('')).toEqual([]);
  });
});
