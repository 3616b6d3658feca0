import { describe, expect, it } from 'vitest';
import { ProgressBar, renderProgress } from './progressBar.js';
import { memoryIo } from './testIo.js';

describe('renderProgress', () => {
  it('draws a bar when the total is known, a counter when not', () => {
    expect(renderProgress('Scanning', 5, 10, 'a.jpg', 80)).toBe(
      'Scanning [############------------] 5/10 a.jpg',
    );
    expect(renderProgress('Scanning', 7, undefined, 'b.jpg', 80)).toBe('Scanning 7 b.jpg');
  });

  it('fits the terminal width', () => {
    expect(
      renderProgress('Scanning', 1, undefined, 'x'.repeat(200), 40).length,
    ).toBeLessThanOrEqual(40);
  });
});

describe('ProgressBar', () => {
  it('redraws at most once per interval', () => {
    let now = 0;
    const io = memoryIo({ tty: true });
    const bar = new ProgressBar(io, 'Work', 100, () => now);
    for (let i = 0; i < 10; i++) {
      now += 30;
      bar.update(i, 10);
    }
    expect(io.err().split('\r\x1b[2K').filter(Boolean)).toHaveLength(3);
    bar.finish();
    expect(io.err().endsWith('\r\x1b[2K')).toBe(true);
  });
});
