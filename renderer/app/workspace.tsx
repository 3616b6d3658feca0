import { createContext, useContext, useMemo, useReducer, type ReactNode } from 'react';
import type { ResponseOf } from '../../src/common/contract/contract.js';
import type { ScanReport } from '../../src/common/dataset.js';
import type { PhaseSeconds } from '../../src/common/phaseSeconds.js';
import {
  DEFAULT_TRAIN_SETTINGS,
  HEAD_PRESETS,
  type EpochMetrics,
  type HeadPreset,
  type TrainSettings,
} from '../../src/common/training.js';
import {
  applyTrainEvent,
  failedJob,
  finishedJob,
  type JobEvent,
  type JobState,
  type TrainResult,
} from '../train/jobState.js';
import { runChoices } from '../runs/runChoices.js';
import { applyScratchAction } from '../runs/scratchJob.js';
import { restoredHead } from './restoredHead.js';

/** A run of an earlier session, as the project and the model's metadata.json recorded it. */
export interface PastRun {
  id: string;
  startedAt: string;
  modelDir?: string;
  settings: TrainSettings;
  validationAccuracy?: number;
  history: EpochMetrics[];
  /** `scratch`: the from-scratch comparison; absent: transfer learning. */
  recipe?: 'transfer' | 'scratch';
  /** The base the model was trained on, as its folder records it. */
  base?: string;
  /** The epoch whose weights the model kept. */
  bestEpoch?: number;
  /** Wall seconds of its training phases, as its folder records them (absent: older models). */
  phaseSeconds?: PhaseSeconds;
}

/**
 * The model Evaluate, Try it and Export use: the run the student chose, else the latest
 * transfer run (this session's, else the project's last one).
 */
export function currentModelDir(state: Workspace): string | undefined {
  const choices = runChoices(state);
  const chosen = choices.find((c) => c.modelDir === state.chosenModelDir);
  return (chosen ?? choices.at(-1))?.modelDir;
}

/** What the student is working on, shared by every screen. */
export interface Workspace {
  dataset?: { path: string; report: ScanReport };
  /** A pack path (from the installed packs) or a catalog id. */
  base?: string;
  headPreset: HeadPreset;
  settings: TrainSettings;
  job?: JobState;
  /** Every finished run of this session, newest last, for the Runs comparison. */
  runs: JobState[];
  /** The from-scratch comparison job, while it runs and after (when done it is also in runs). */
  scratchJob?: JobState;
  /** Runs recorded in the project before this session (from its file and the model folders). */
  pastRuns: PastRun[];
  /** Where the work is autosaved; created with the first import. */
  project?: { folder: string; name: string; createdAt: string };
  /** The run Evaluate, Try it and Export use; absent: the latest. */
  chosenModelDir?: string;
  /** The last evaluation on a folder other than the validation images (Evaluate). */
  folderEvaluation?: FolderEvaluation;
  /** Bumped by every change worth saving. */
  revision: number;
}

/** A trained model run on a separate labelled folder: a test set it never saw. */
export interface FolderEvaluation {
  modelDir: string;
  /** Where the engine read the images (an uploads copy in browser mode). */
  folder: string;
  /** The folder as the student knows it: its name, or the path typed. */
  label: string;
  evaluation: ResponseOf<'model.evaluate'>;
}

type Action =
  | { type: 'dataset'; path: string; report: ScanReport }
  | { type: 'base'; base: string }
  | { type: 'head'; preset: HeadPreset }
  | { type: 'settings'; settings: TrainSettings }
  | { type: 'job'; job: JobState }
  /** Events fold into the current job here, so a burst of them between renders loses none. */
  | { type: 'jobEvent'; jobId: string; event: JobEvent; plannedEpochs: number }
  | { type: 'jobDone'; jobId: string; result: TrainResult }
  | { type: 'jobFailed'; jobId: string; error: { code: string; message: string } }
  | { type: 'scratchJob'; job: JobState }
  /** The from-scratch job's progress: its own action, so the Train screen's listener never doubles it. */
  | { type: 'scratchEvent'; jobId: string; event: JobEvent }
  | { type: 'project'; project: { folder: string; name: string; createdAt: string } }
  | { type: 'restore'; base?: string; settings: TrainSettings }
  | { type: 'pastRuns'; runs: PastRun[] }
  /** `undefined`: follow the latest run again. */
  | { type: 'chooseRun'; modelDir: string | undefined }
  | { type: 'folderEvaluation'; result: FolderEvaluation | undefined };

export function reduceWorkspace(state: Workspace, action: Action): Workspace {
  const next = applyAction(state, action);
  // What a project records changed: the dataset, the base, the settings, the finished runs.
  const changed =
    next.dataset !== state.dataset ||
    next.base !== state.base ||
    next.settings !== state.settings ||
    next.runs !== state.runs;
  return changed && action.type !== 'restore' ? { ...next, revision: next.revision + 1 } : next;
}

export type { Action as WorkspaceAction };

function applyAction(state: Workspace, action: Action): Workspace {
  const scratch = applyScratchAction(state, action);
  if (scratch) return scratch;
  switch (action.type) {
    case 'dataset':
      // A scan with no usable image (an empty folder, a folder of text files) never replaces
      // the images the student has: the project would autosave without them.
      if (
        action.report.modality !== 'text' &&
        action.report.images.length === 0 &&
        state.dataset?.report.images.length
      )
        return state;
      return { ...state, dataset: { path: action.path, report: action.report } };
    case 'base':
      return { ...state, base: action.base };
    case 'head':
      return {
        ...state,
        headPreset: action.preset,
        settings: { ...state.settings, head: HEAD_PRESETS[action.preset] },
      };
    case 'settings':
      return { ...state, settings: action.settings };
    case 'jobEvent':
      return state.job?.jobId === action.jobId
        ? applyAction(state, {
            type: 'job',
            job: applyTrainEvent(state.job, action.event, action.plannedEpochs),
          })
        : state;
    case 'jobDone':
      return state.job?.jobId === action.jobId
        ? applyAction(state, { type: 'job', job: finishedJob(state.job, action.result) })
        : state;
    case 'jobFailed':
      return state.job?.jobId === action.jobId
        ? applyAction(state, { type: 'job', job: failedJob(state.job, action.error) })
        : state;
    case 'scratchJob':
      return { ...state, scratchJob: action.job };
    case 'scratchEvent':
      // An earlier scratch job's late event (the current one's is applied above).
      return state;
    case 'project':
      return { ...state, project: action.project };
    case 'pastRuns':
      return { ...state, pastRuns: action.runs };
    case 'chooseRun':
      return { ...state, chosenModelDir: action.modelDir };
    case 'folderEvaluation':
      return { ...state, folderEvaluation: action.result };
    case 'restore': {
      const { preset, head } = restoredHead(action.settings.head);
      return {
        ...state,
        ...(action.base ? { base: action.base } : {}),
        settings: { ...action.settings, head },
        headPreset: preset,
        revision: state.revision + 1,
      };
    }
    case 'job': {
      const finished = action.job.status === 'done' && state.job?.status !== 'done';
      // A run that just finished is what the student wants to look at next.
      const { chosenModelDir: _followLatest, ...rest } = state;
      return {
        ...(finished ? rest : state),
        job: action.job,
        runs: finished ? [...state.runs, action.job] : state.runs,
      };
    }
  }
}

export const INITIAL_WORKSPACE: Workspace = {
  headPreset: 'default',
  settings: DEFAULT_TRAIN_SETTINGS,
  runs: [],
  pastRuns: [],
  revision: 0,
};

const WorkspaceContext = createContext<
  { state: Workspace; dispatch: (action: Action) => void } | undefined
>(undefined);

export function WorkspaceProvider({ children }: { children: ReactNode }) {
  const [state, dispatch] = useReducer(reduceWorkspace, INITIAL_WORKSPACE);
  const value = useMemo(() => ({ state, dispatch }), [state]);
  return <WorkspaceContext.Provider value={value}>{children}</WorkspaceContext.Provider>;
}

export function useWorkspace(): { state: Workspace; dispatch: (action: Action) => void } {
  const context = useContext(WorkspaceContext);
  if (!context) throw new Error('useWorkspace outside <WorkspaceProvider>');
  return context;
}
