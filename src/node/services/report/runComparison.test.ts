import { describe, expect, it } from 'vitest';
import { comparisonHtml, type ComparedRun } from './runComparison.js';

const run = (number: number, recipe: ComparedRun['recipe'], accuracy?: number): ComparedRun => ({
  number,
  recipe,
  model: recipe === 'scratch' ? 'small CNN from scratch' : 'MobileNet V2 0.35 <ImageNet>',
  ...(accuracy === undefined ? {} : { accuracy }),
  seconds: 12.34,
  reported: number === 1,
});

describe('the transfer-vs-scratch table of a lab report', () => {
  it('is left out unless both recipes ran and reported a score', () => {
    expect(comparisonHtml([run(1, 'transfer', 0.9), run(2, 'transfer', 0.8)])).toBe('');
    expect(comparisonHtml([run(1, 'transfer', 0.9), run(2, 'scratch')])).toBe('');
  });

  it('compares the best run of each recipe, in points, and lists every run escaped', () => {
    const html = comparisonHtml([
      run(1, 'transfer', 0.8),
      run(2, 'scratch', 0.55),
      run(3, 'transfer', 0.925),
    ]);
    expect(html).toContain('Best transfer-learning run 92.5%, best from-scratch run 55.0%');
    expect(html).toContain('transfer learning ahead by 37.5 points');
    expect(html).toContain('<td>1 (this report)</td>');
    expect(html).toContain('MobileNet V2 0.35 &lt;ImageNet&gt;');
    expect(html.match(/<tr><td>/g)).toHaveLength(3);
  });

  it('says so when the run from scratch did better', () => {
    const html = comparisonHtml([run(1, 'transfer', 0.5), run(2, 'scratch', 0.625)]);
    expect(html).toContain('from scratch ahead by 12.5 points');
  });
});
