import type { TrainSettings } from '../../src/common/training.js';

/** One number of the training form: its range, and how a valid value goes into the settings. */
export interface NumberField {
  id: 'epochs' | 'learningRate' | 'batchSize' | 'fineTuneEpochs' | 'augment' | 'patience' | 'seed';
  /** Whole numbers only (epochs, sizes, counts). */
  whole: boolean;
  min: number;
  max: number;
  /** A learning rate of exactly 0 trains nothing, so its lower bound is excluded. */
  minExcluded?: boolean;
  read(settings: TrainSettings): number;
  apply(settings: TrainSettings, value: number): TrainSettings;
}

const withPhases = (s: TrainSettings, change: Partial<TrainSettings['phase1']>) => ({
  ...s,
  phase1: { ...s.phase1, ...change },
  phase2: { ...s.phase2, ...change },
});

export const TRAIN_FIELDS: readonly NumberField[] = [
  {
    id: 'epochs',
    whole: true,
    min: 1,
    max: 1000,
    read: (s) => s.phase1.epochs,
    apply: (s, n) => ({ ...s, phase1: { ...s.phase1, epochs: n } }),
  },
  {
    id: 'learningRate',
    whole: false,
    min: 0,
    minExcluded: true,
    max: 1,
    read: (s) => s.phase1.learningRate,
    // Fine-tuning moves pretrained weights, so it learns 10× slower than the new head.
    apply: (s, n) => ({
      ...s,
      phase1: { ...s.phase1, learningRate: n },
      phase2: { ...s.phase2, learningRate: n / 10 },
    }),
  },
  {
    id: 'batchSize',
    whole: true,
    min: 1,
    max: 4096,
    read: (s) => s.phase1.batchSize,
    apply: (s, n) => withPhases(s, { batchSize: n }),
  },
  {
    id: 'fineTuneEpochs',
    whole: true,
    min: 0,
    max: 1000,
    read: (s) => s.phase2.epochs,
    apply: (s, n) => ({ ...s, phase2: { ...s.phase2, epochs: n } }),
  },
  {
    id: 'augment',
    whole: true,
    min: 0,
    max: 16,
    read: (s) => s.augmentation.views,
    apply: (s, n) => ({ ...s, augmentation: { ...s.augmentation, views: n } }),
  },
  {
    id: 'patience',
    whole: true,
    min: 0,
    max: 1000,
    read: (s) => s.earlyStoppingPatience,
    apply: (s, n) => ({ ...s, earlyStoppingPatience: n }),
  },
  {
    id: 'seed',
    whole: true,
    min: 0,
    max: 2_147_483_647,
    read: (s) => s.seed,
    apply: (s, n) => ({ ...s, seed: n }),
  },
];

/**
 * Fields a text model has no use for: its sentence encoder is a frozen graph model (nothing to
 * fine-tune), and augmented views are made of images.
 */
const IMAGE_ONLY: ReadonlySet<NumberField['id']> = new Set(['fineTuneEpochs', 'augment']);

/** The fields the form offers for a dataset of images or of texts. */
export function fieldsFor(modality: 'image' | 'text'): readonly NumberField[] {
  return modality === 'text' ? TRAIN_FIELDS.filter((f) => !IMAGE_ONLY.has(f.id)) : TRAIN_FIELDS;
}

export type FieldCheck =
  { ok: true; value: number } | { ok: false; problem: 'notANumber' | 'notWhole' | 'outOfRange' };

/** What the user typed, as the field's number or the reason it is not one. */
export function checkField(field: NumberField, text: string): FieldCheck {
  const trimmed = text.trim();
  // Number('') is 0 and Number('0x10') is 16: neither is a number someone typed on purpose.
  if (!/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(trimmed))
    return { ok: false, problem: 'notANumber' };
  const value = Number(trimmed);
  if (!Number.isFinite(value)) return { ok: false, problem: 'notANumber' };
  if (field.whole && !Number.isInteger(value)) return { ok: false, problem: 'notWhole' };
  const low = field.minExcluded ? value <= field.min : value < field.min;
  if (low || value > field.max) return { ok: false, problem: 'outOfRange' };
  return { ok: true, value };
}

/** The typed text of every field whose text is not yet its settings' value. */
export type Drafts = Partial<Record<NumberField['id'], string>>;

/** What a field shows: the text being typed while it is invalid or means the value, else the value. */
export function shownText(field: NumberField, settings: TrainSettings, draft: string | undefined) {
  if (draft === undefined) return String(field.read(settings));
  const check = checkField(field, draft);
  // A valid draft for another value means the settings changed elsewhere (a project opened).
  return !check.ok || check.value === field.read(settings) ? draft : String(field.read(settings));
}

/**
 * The fields whose typed text is not a valid value: while there is one, training cannot start.
 * A field the form does not offer (not in `fields`) cannot hold training back.
 */
export function invalidFields(
  drafts: Drafts,
  fields: readonly NumberField[] = TRAIN_FIELDS,
): NumberField['id'][] {
  return fields
    .filter((f) => {
      const draft = drafts[f.id];
      return draft !== undefined && !checkField(f, draft).ok;
    })
    .map((f) => f.id);
}
