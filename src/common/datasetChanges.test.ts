import { describe, expect, it } from 'vitest';
import { compareDataset, datasetUnchanged } from './datasetChanges.js';

const hash = (n: number) => n.toString(16).padStart(64, '0');

describe('compareDataset', () => {
  const recorded = {
    'cats/a.jpg': hash(1),
    'cats/b.jpg': hash(2),
    'dogs/c.jpg': hash(3),
    'dogs/d.jpg': hash(4),
    'dogs/e.jpg': hash(5),
  };

  it('finds nothing when the folder is as recorded', () => {
    const current = Object.entries(recorded).map(([path, sha256]) => ({ path, sha256 }));
    const changes = compareDataset(recorded, current);
    expect(changes.unchanged).toBe(5);
    expect(datasetUnchanged(changes)).toBe(true);
  });

  it('accounts for every recorded image: moved, changed or vanished, and reports new ones', () => {
    const changes = compareDataset(recorded, [
      { path: 'cats/a.jpg', sha256: hash(1) },
      { path: 'dogs/b.jpg', sha256: hash(2) }, // moved to another class
      { path: 'dogs/c.jpg', sha256: hash(30) }, // edited in place
      { path: 'dogs/e-renamed.jpg', sha256: hash(5) },
      { path: 'dogs/f.jpg', sha256: hash(6) }, // new
    ]);
    expect(changes).toEqual({
      unchanged: 1,
      moved: [
        { from: 'cats/b.jpg', to: 'dogs/b.jpg' },
        { from: 'dogs/e.jpg', to: 'dogs/e-renamed.jpg' },
      ],
      vanished: ['dogs/d.jpg'],
      changed: ['dogs/c.jpg'],
      added: ['dogs/f.jpg'],
    });
    expect(datasetUnchanged(changes)).toBe(false);
  });

  it('matches identical copies one to one: two moved copies, a third is new', () => {
    const changes = compareDataset({ 'x/1.png': hash(9), 'x/2.png': hash(9) }, [
      { path: 'y/1.png', sha256: hash(9) },
      { path: 'y/2.png', sha256: hash(9) },
      { path: 'y/3.png', sha256: hash(9) },
    ]);
    expect(changes.moved).toEqual([
      { from: 'x/1.png', to: 'y/1.png' },
      { from: 'x/2.png', to: 'y/2.png' },
    ]);
    expect(changes.added).toEqual(['y/3.png']);
    expect(changes.vanished).toEqual([]);
  });

  it('reports every image as vanished when the folder is empty or gone', () => {
    expect(compareDataset(recorded, []).vanished).toHaveLength(5);
  });
});
