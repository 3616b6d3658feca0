import { describe, expect, it } from 'vitest';
import { datasetCheckNotes } from './datasetCheckNotes.js';

const asRecorded = { unchanged: 30, moved: [], vanished: [], changed: [], added: [] };

/** The notes on /d/reviews.csv, a text dataset the project recorded without checking it. */
const uncheckedTextNotes = (why: Pick<Parameters<typeof datasetCheckNotes>[0], 'whyNotChecked'>) =>
  datasetCheckNotes({
    path: '/d/reviews.csv',
    found: true,
    holds: 'texts',
    notChecked: true,
    ...why,
    changes: { ...asRecorded, unchanged: 0 },
  });

describe('datasetCheckNotes', () => {
  it('says nothing of a dataset as recorded, images or texts', () => {
    expect(datasetCheckNotes({ path: '/d/flowers', found: true, changes: asRecorded })).toEqual([]);
    expect(
      datasetCheckNotes({
        path: '/d/reviews.csv',
        found: true,
        holds: 'texts',
        changes: asRecorded,
      }),
    ).toEqual([]);
  });

  it('names the edited, removed and new text files of a text dataset', () => {
    const notes = datasetCheckNotes({
      path: '/d/topics',
      found: true,
      holds: 'texts',
      changes: {
        unchanged: 27,
        moved: [{ from: 'football/0.txt', to: 'weather/0.txt' }],
        vanished: ['football/7.txt'],
        changed: ['weather/3.txt', 'weather/4.txt'],
        added: ['cooking/10.txt'],
      },
    });
    expect(notes).toEqual([
      '1 text file moved (same content, new place)',
      '1 text file removed: football/7.txt',
      '2 text files edited: weather/3.txt, weather/4.txt',
      '1 new text file',
    ]);
  });

  it('says an older project’s text dataset was not checked, rather than changed', () => {
    const notes = uncheckedTextNotes({});
    expect(notes).toHaveLength(1);
    expect(notes[0]).toMatch(/^\/d\/reviews\.csv was not checked for edits/);
  });

  it('says a text dataset missing at every save was not recorded then, not that it is old', () => {
    const notes = uncheckedTextNotes({ whyNotChecked: 'missing-when-saved' });
    expect(notes).toHaveLength(1);
    expect(notes[0]).toMatch(/it was missing \(or could not be read\) when the project was saved/);
    expect(notes[0]).not.toMatch(/older/);
  });

  it('keeps the image wording, and says a dataset that is gone', () => {
    const notes = datasetCheckNotes({
      path: '/d/flowers',
      found: true,
      changes: { ...asRecorded, changed: ['rose/1.jpg'], added: ['tulip/9.jpg', 'tulip/10.jpg'] },
    });
    expect(notes).toEqual(['1 images changed', '2 new images']);
    expect(
      datasetCheckNotes({
        path: '/usb/cats',
        found: false,
        changes: { ...asRecorded, vanished: ['a.jpg'] },
      }),
    ).toEqual(['/usb/cats is not there any more (moved or unplugged?)']);
  });
});
