import { Alert, Stack, ToggleButton, ToggleButtonGroup, Typography } from '@mui/material';
import { useState } from 'react';
import { useBridgeQuery } from '../app/useBridgeQuery.js';
import { STRINGS } from '../app/strings.js';
import { currentModelDir, useWorkspace, type FolderEvaluation } from '../app/workspace.js';
import { EvaluationView } from './EvaluationView.js';
import { useImageMoves } from './imageMoves.js';
import { OtherFolder } from './OtherFolder.js';

const S = STRINGS.evaluate;
const T = STRINGS.text;
type Source = 'validation' | 'folder';
type Modality = 'image' | 'text';

/**
 * How good the chosen run's model is: on the validation images (or texts) kept out of its
 * training, or on another labelled folder the student picks (a test set), each labelled as what
 * it is.
 */
export function EvaluateScreen() {
  const { state } = useWorkspace();
  const modelDir = currentModelDir(state);
  const folder: FolderEvaluation | undefined =
    state.folderEvaluation?.modelDir === modelDir ? state.folderEvaluation : undefined;
  const [source, setSource] = useState<Source>(folder ? 'folder' : 'validation');
  if (!modelDir || !state.dataset) return <Alert severity="info">{S.needRun}</Alert>;
  const modality: Modality = state.dataset.report.modality === 'text' ? 'text' : 'image';
  const showFolder = source === 'folder' && folder !== undefined;
  return (
    <Stack spacing={3}>
      <Typography variant="h5" component="h2">
        {S.title}
      </Typography>
      {folder && (
        <ToggleButtonGroup
          exclusive
          size="small"
          value={showFolder ? 'folder' : 'validation'}
          onChange={(_, value: Source | null) => value && setSource(value)}
          aria-label={modality === 'text' ? T.sourceLabel : S.sourceLabel}
        >
          <ToggleButton value="validation">
            {modality === 'text' ? T.validationSource : S.validationSource}
          </ToggleButton>
          <ToggleButton value="folder" data-testid="folder-source">
            {S.folderSource(folder.label)}
          </ToggleButton>
        </ToggleButtonGroup>
      )}
      <OtherFolder
        modelDir={modelDir}
        modality={modality}
        onEvaluated={() => setSource('folder')}
      />
      {showFolder ? (
        <FolderResults key={`${modelDir}:${folder.folder}`} folder={folder} modality={modality} />
      ) : (
        <ValidationResults key={modelDir} modelDir={modelDir} modality={modality} />
      )}
    </Stack>
  );
}

/** The run's own validation images: this session's evaluation, or the model run on them again. */
function ValidationResults({ modelDir, modality }: { modelDir: string; modality: Modality }) {
  const { state } = useWorkspace();
  const moves = useImageMoves();
  const session = state.runs.find((r) => r.result?.modelDir === modelDir)?.result;
  const { data: loaded, error } = useBridgeQuery(
    'model.evaluateValidation',
    session?.validation ? undefined : { modelDir },
  );
  const evaluation = session?.validation ?? loaded;
  // An earlier session's run: its model folder says whether it was refit.
  const info = useBridgeQuery('model.info', session ? undefined : { modelDir });
  const refit = session ? session.refit : info.data?.refit;
  if (error && !evaluation) return <Alert severity="warning">{error}</Alert>;
  if (!evaluation) return <Alert severity="info">{S.evaluatingValidation}</Alert>;
  // The app moves a text file between class folders, but does not edit the rows of a table.
  const movable = modality === 'image' || state.dataset?.report.text?.layout === 'class-folders';
  return (
    <>
      {refit && (
        <Alert severity="info" data-testid="refit-note">
          {S.refitNote}
        </Alert>
      )}
      <EvaluationView
        evaluation={evaluation}
        heading={(modality === 'text' ? T.accuracy : S.accuracy)(
          evaluation.accuracy,
          evaluation.count,
        )}
        images={{
          dataset: state.dataset?.path ?? '',
          paths: session?.validationPaths,
          moves: movable ? moves : undefined,
        }}
        modality={modality}
      />
      {moves.snackbar}
    </>
  );
}

/** Another labelled folder: said to be that folder, and its images are not the project's to move. */
function FolderResults({ folder, modality }: { folder: FolderEvaluation; modality: Modality }) {
  const { evaluation } = folder;
  const skipped = evaluation.skippedClasses ?? [];
  const heading = modality === 'text' ? T.accuracyOnFolder : S.accuracyOnFolder;
  return (
    <Stack spacing={2} data-testid="folder-evaluation">
      {skipped.length > 0 && <Alert severity="warning">{S.skippedClasses(skipped)}</Alert>}
      <EvaluationView
        evaluation={evaluation}
        heading={heading(evaluation.accuracy, evaluation.count, folder.label)}
        images={{ dataset: folder.folder, paths: undefined, moves: undefined }}
        modality={modality}
      />
    </Stack>
  );
}
