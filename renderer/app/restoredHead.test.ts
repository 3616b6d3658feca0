import { describe, expect, it } from 'vitest';
import { HEAD_PRESETS } from '../../src/common/training.js';
import { restoredHead } from './restoredHead.js';

describe('the head of a reopened project', () => {
  it('names the preset it is', () => {
    expect(restoredHead(HEAD_PRESETS.classic)).toEqual({
      preset: 'classic',
      head: HEAD_PRESETS.classic,
    });
    expect(restoredHead({ ...HEAD_PRESETS.linear, members: 1 }).preset).toBe('linear');
  });

  it('brings a head saved before the default became three heads up to the default as it is now', () => {
    const before = { pooling: 'average' as const, hidden: [100], dropout: 0.2 };
    expect(restoredHead(before)).toEqual({ preset: 'default', head: HEAD_PRESETS.default });
  });

  it('falls back to the default for a head no preset describes', () => {
    const custom = { pooling: 'average' as const, hidden: [64, 32], dropout: 0.1 };
    expect(restoredHead(custom)).toEqual({ preset: 'default', head: HEAD_PRESETS.default });
  });
});
