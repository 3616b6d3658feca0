import { describe, expect, it } from 'vitest';
import { DEFAULT_TRAIN_SETTINGS, trainSettingsSchema } from '../../src/common/training.js';
import {
  checkField,
  fieldsFor,
  invalidFields,
  shownText,
  TRAIN_FIELDS,
  type NumberField,
} from './trainFields.js';

const field = (id: NumberField['id']): NumberField => {
  const found = TRAIN_FIELDS.find((f) => f.id === id);
  if (!found) throw new Error(`no field ${id}`);
  return found;
};

describe('checkField', () => {
  it('refuses the numbers the form used to swap silently for its defaults', () => {
    expect(checkField(field('epochs'), '-3')).toEqual({ ok: false, problem: 'outOfRange' });
    expect(checkField(field('batchSize'), '0')).toEqual({ ok: false, problem: 'outOfRange' });
    expect(checkField(field('learningRate'), '5')).toEqual({ ok: false, problem: 'outOfRange' });
    expect(checkField(field('learningRate'), '0')).toEqual({ ok: false, problem: 'outOfRange' });
  });

  it('refuses text, empty fields and fractions where a whole number is needed', () => {
    expect(checkField(field('learningRate'), 'fast')).toEqual({ ok: false, problem: 'notANumber' });
    expect(checkField(field('epochs'), '')).toEqual({ ok: false, problem: 'notANumber' });
    expect(checkField(field('epochs'), '0x10')).toEqual({ ok: false, problem: 'notANumber' });
    expect(checkField(field('epochs'), '2.5')).toEqual({ ok: false, problem: 'notWhole' });
  });

  it('accepts the values people type, in the forms they type them', () => {
    expect(checkField(field('learningRate'), '0.001')).toEqual({ ok: true, value: 0.001 });
    expect(checkField(field('learningRate'), '1e-4')).toEqual({ ok: true, value: 1e-4 });
    expect(checkField(field('learningRate'), '.01')).toEqual({ ok: true, value: 0.01 });
    expect(checkField(field('epochs'), ' 12 ')).toEqual({ ok: true, value: 12 });
    expect(checkField(field('fineTuneEpochs'), '0')).toEqual({ ok: true, value: 0 });
    expect(checkField(field('patience'), '0')).toEqual({ ok: true, value: 0 });
  });

  it('lets every field reach its bounds, and every accepted value passes the engine’s schema', () => {
    for (const f of TRAIN_FIELDS) {
      const low = f.minExcluded ? f.min + 1e-6 : f.min;
      for (const value of [low, f.max]) {
        const check = checkField(f, String(value));
        expect(check, `${f.id} ${value}`).toEqual({ ok: true, value });
        const settings = f.apply(DEFAULT_TRAIN_SETTINGS, value);
        expect(trainSettingsSchema.safeParse(settings).success, `${f.id} ${value}`).toBe(true);
        expect(f.read(settings)).toBe(value);
      }
    }
  });
});

describe('the form’s drafts', () => {
  it('keeps showing an invalid draft, and blocks Start while one is left', () => {
    const epochs = field('epochs');
    expect(shownText(epochs, DEFAULT_TRAIN_SETTINGS, '-3')).toBe('-3');
    expect(invalidFields({ epochs: '-3', batchSize: '16' })).toEqual(['epochs']);
    expect(invalidFields({ epochs: '5', batchSize: '16' })).toEqual([]);
  });

  it('keeps the typed form of a valid value, and shows a value set elsewhere', () => {
    const rate = field('learningRate');
    const settings = rate.apply(DEFAULT_TRAIN_SETTINGS, 0.001);
    expect(shownText(rate, settings, '1e-3')).toBe('1e-3');
    expect(shownText(rate, rate.apply(settings, 0.01), '1e-3')).toBe('0.01');
    expect(shownText(rate, settings, undefined)).toBe('0.001');
  });

  it('gives fine-tuning a tenth of the learning rate typed for phase 1', () => {
    const settings = field('learningRate').apply(DEFAULT_TRAIN_SETTINGS, 0.002);
    expect(settings.phase2.learningRate).toBeCloseTo(0.0002, 10);
  });
});

describe('the fields a text model is offered', () => {
  it('has no phase 2 and no augmented views, and every other field of the image form', () => {
    const text = fieldsFor('text').map((f) => f.id);
    expect(text).not.toContain('fineTuneEpochs');
    expect(text).not.toContain('augment');
    const image = fieldsFor('image').map((f) => f.id);
    expect(image.filter((id) => id !== 'fineTuneEpochs' && id !== 'augment')).toEqual(text);
    expect(image).toContain('fineTuneEpochs');
  });

  it('is not held back by a draft left in a field it does not offer', () => {
    const drafts = { fineTuneEpochs: '-1', epochs: '5' };
    expect(invalidFields(drafts, fieldsFor('image'))).toEqual(['fineTuneEpochs']);
    expect(invalidFields(drafts, fieldsFor('text'))).toEqual([]);
  });
});
