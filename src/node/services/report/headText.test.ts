import { describe, expect, it } from 'vitest';
import { HEAD_PRESETS } from '../../../common/training.js';
import { headText } from './renderLabReport.js';

describe('the head as the lab report words it', () => {
  it('says what each preset is, never an empty list', () => {
    expect(headText(HEAD_PRESETS.linear)).toBe(
      `global average pooling, no hidden layer, dropout ${HEAD_PRESETS.linear.dropout}`,
    );
    expect(headText(HEAD_PRESETS.default)).toContain(
      'one hidden layer of 100 units, dropout 0.2, 3 such heads trained from different seeds and averaged',
    );
    expect(headText({ ...HEAD_PRESETS.default, members: 1 })).not.toContain('averaged');
    expect(headText(HEAD_PRESETS.hidden128)).toContain('one hidden layer of 128 units');
    expect(headText(HEAD_PRESETS.classic)).toMatch(/^flatten, one hidden layer of 256 units/);
    expect(headText({ ...HEAD_PRESETS.default, hidden: [512, 128] })).toContain(
      'hidden layers of 512 and 128 units',
    );
    for (const head of Object.values(HEAD_PRESETS)) expect(headText(head)).not.toContain('[');
    // A hand-edited metadata.json reaches the teacher's page as text, never as markup.
    const edited = { ...HEAD_PRESETS.default, dropout: '<img src=x>' as unknown as number };
    expect(headText(edited)).toContain('dropout &lt;img src=x&gt;');
  });
});
