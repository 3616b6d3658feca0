import { currentModelDir, type Workspace } from './workspace.js';

export type ScreenId = 'data' | 'model' | 'train' | 'evaluate' | 'runs' | 'try' | 'export';

export interface NextStep {
  /** Steps the student has finished, shown as ticks on their tabs. */
  done: ScreenId[];
  /** What to do now, in a sentence, and the screen it happens on. */
  message: string;
  screen: ScreenId;
}

/** Where the student is in import → base → train → evaluate/try/export, from the workspace alone. */
export function nextStep(state: Workspace): NextStep {
  const done: ScreenId[] = [];
  const classes = state.dataset?.report.classes.length ?? 0;
  const images = state.dataset?.report.files.imported ?? 0;
  if (images === 0 || classes === 0) {
    return {
      done,
      screen: 'data',
      message:
        'Start here: import your examples — one folder per class — or try the sample images.',
    };
  }
  done.push('data');
  const imported = `${images} images in ${classes} ${classes === 1 ? 'class' : 'classes'} imported`;
  if (classes < 2) {
    return {
      done,
      screen: 'data',
      message: `${imported} — add a second class to train a classifier.`,
    };
  }
  if (state.base) done.push('model');
  if (state.job?.status === 'running') {
    return { done, screen: 'train', message: 'Training — follow the charts on the Train tab.' };
  }
  if (!currentModelDir(state)) {
    return state.base
      ? { done, screen: 'train', message: `${imported} — next: train the model.` }
      : { done, screen: 'model', message: `${imported} — next: choose a base model.` };
  }
  done.push('train');
  return {
    done,
    screen: 'evaluate',
    message: 'Model trained — next: see where it goes wrong, try it on new images, or export it.',
  };
}
