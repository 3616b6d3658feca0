import { Alert, Box, Button, Stack } from '@mui/material';
import { useEffect, useRef, useState } from 'react';
import { AppError } from '../../src/common/errors.js';
import { useBridge } from '../app/bridgeContext.js';
import { SendProgress, useFolderInput } from '../app/FolderInput.js';
import { PathField } from '../app/PathField.js';
import { STRINGS } from '../app/strings.js';
import { useWorkspace } from '../app/workspace.js';
import { topLevelNames, type PickedFile } from '../data/dropFiles.js';
import { datasetPathFor } from '../data/importDataset.js';

const S = STRINGS.evaluate;
const T = STRINGS.text;

/** What the folder holds, as the student is told it. */
const WORDS = {
  image: {
    path: S.otherFolderPath,
    evaluating: S.evaluatingFolder,
    noneKnown: S.folderNoKnownImages,
  },
  text: {
    path: T.otherFolderPath,
    evaluating: T.evaluatingFolder,
    noneKnown: T.folderNoKnownTexts,
  },
} as const;

type Progress =
  | { step: 'sending'; done: number; total: number }
  | { step: 'evaluating'; label: string }
  | undefined;

/**
 * Runs the chosen model on a labelled folder it never trained on (one sub-folder per class, as
 * the CLI's `evaluate <model> <folder>` reads it): a test set, kept apart from the validation
 * images. In browser mode the page cannot see paths, so the picked folder is sent to the engine
 * first, as an import is.
 */
export function OtherFolder(props: {
  modelDir: string;
  /** A text model reads a folder of texts (or a table) through the same channel. */
  modality: 'image' | 'text';
  onEvaluated(): void;
}) {
  const { modelDir, onEvaluated } = props;
  const words = WORDS[props.modality];
  const bridge = useBridge();
  const { dispatch } = useWorkspace();
  const [progress, setProgress] = useState<Progress>();
  const [error, setError] = useState<string | undefined>();
  const controller = useRef<AbortController | undefined>(undefined);
  // Leaving the screen or choosing another model stops the running evaluation: its answer would be
  // about a model that is no longer shown.
  useEffect(() => () => controller.current?.abort(), [modelDir]);

  const evaluate = async (from: () => Promise<{ folder: string; label: string }>) => {
    setError(undefined);
    const abort = new AbortController();
    controller.current = abort;
    try {
      const { folder, label } = await from();
      if (abort.signal.aborted) return;
      setProgress({ step: 'evaluating', label });
      const evaluation = await bridge.call(
        'model.evaluate',
        { modelDir, dataset: folder },
        { signal: abort.signal },
      );
      // An answer that arrives after the cancel is not shown.
      if (abort.signal.aborted) return;
      if (evaluation.count === 0) throw new Error(words.noneKnown(label, evaluation.classes));
      dispatch({ type: 'folderEvaluation', result: { modelDir, folder, label, evaluation } });
      onEvaluated();
    } catch (e) {
      if (!abort.signal.aborted && !(e instanceof AppError && e.code === 'CANCELLED'))
        setError((e as Error).message);
    } finally {
      // A newer request may have started meanwhile; its progress stays.
      if (controller.current === abort) {
        setProgress(undefined);
        controller.current = undefined;
      }
    }
  };
  const upload = (files: PickedFile[]) =>
    void evaluate(async () => {
      const label = topLevelNames(files)[0] ?? S.folderFallbackName;
      const folder = await datasetPathFor(
        bridge,
        files,
        (done, total) => setProgress({ step: 'sending', done, total }),
        controller.current?.signal,
      );
      return { folder, label };
    });
  const browserInput = useFolderInput(upload, 'test-');
  const pick = async () => {
    if (bridge.kind === 'browser') return browserInput.pickFolder();
    const chosen = await bridge.call('shell.pickDataset', { kind: 'folder' });
    const path = chosen.path;
    if (path) await evaluate(async () => ({ folder: path, label: path }));
  };
  const busy = progress !== undefined;
  return (
    <Stack spacing={1} sx={{ maxWidth: 720 }}>
      <Box sx={{ display: 'flex', gap: 1, flexWrap: 'wrap', alignItems: 'center' }}>
        <Button variant="outlined" disabled={busy} onClick={() => void pick()}>
          {S.otherFolder}
        </Button>
        {browserInput.inputs}
        <PathField
          label={words.path}
          button={S.evaluateFolder}
          testId="test-folder-path"
          disabled={busy}
          onSubmit={(path) => void evaluate(async () => ({ folder: path, label: path }))}
        />
      </Box>
      {progress && (
        <SendProgress
          testId="folder-evaluation-progress"
          progress={progress.step === 'sending' ? progress : undefined}
          text={
            progress.step === 'sending'
              ? S.sendingFolder(progress.done, progress.total)
              : words.evaluating(progress.label)
          }
          cancel={{ label: S.cancel, onClick: () => controller.current?.abort() }}
        />
      )}
      {error && (
        <Alert severity="error" data-testid="folder-evaluation-error">
          {error}
        </Alert>
      )}
    </Stack>
  );
}
