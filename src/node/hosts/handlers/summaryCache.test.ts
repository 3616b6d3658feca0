import * as tf from '../../../engine/tf.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { resolveBaseForSummary } from '../../services/models/resolveBaseForSummary.js';
import { summaryService } from './summaryCache.js';

describe('summaryService', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it('keeps one base loaded across plans, and no plan leaks into the next answer', async () => {
    const base = 'mobilenet_v2_0.35_96';
    const v1 = 'mobilenet_v1_0.25_128';
    const sizeOf = async (id: string) => {
      const before = tf.memory().numTensors;
      const resolved = await resolveBaseForSummary(id);
      const size = tf.memory().numTensors - before;
      resolved.model.dispose();
      return size;
    };
    const [v2Size, v1Size] = [await sizeOf(base), await sizeOf(v1)];
    const cached = summaryService();
    const before = tf.memory().numTensors;
    const from14 = await cached({ base, unfreezeFrom: 14 });
    const withSwitch = await cached({
      base,
      unfreezeFrom: 14,
      overrides: { block_16_project: false },
    });
    await cached({ base, unfreezeFrom: 'top' });
    const from14Again = await cached({ base, unfreezeFrom: 14 });
    expect(withSwitch.trainableParams).toBeLessThan(from14.trainableParams);
    expect(from14Again.trainableParams).toBe(from14.trainableParams);
    // Loaded once: the weights of one base stay, not one copy per request.
    expect(tf.memory().numTensors - before).toBe(v2Size);
    // Another base replaces it: the first one's weights are released.
    await cached({ base: v1, unfreezeFrom: 'top' });
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(tf.memory().numTensors - before).toBe(v1Size);
  });
});
