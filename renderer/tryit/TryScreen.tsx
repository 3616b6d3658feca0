import { Alert, Box, Button, LinearProgress, Stack, Typography } from '@mui/material';
import { useRef, useState, type DragEvent } from 'react';
import type { ResponseOf } from '../../src/common/contract/contract.js';
import { useBridge } from '../app/bridgeContext.js';
import { PathField } from '../app/PathField.js';
import { STRINGS } from '../app/strings.js';
import { currentModelDir, useWorkspace } from '../app/workspace.js';
import { filesFromDataTransfer, filesFromInput, type PickedFile } from '../data/dropFiles.js';
import { enginePathsFor } from '../data/importDataset.js';
import { PretrainedGuesses } from './PretrainedGuesses.js';
import {
  LookedOverlay,
  useWhereItLooked,
  WhereItLookedSwitch,
  type Explanation,
} from './WhereItLooked.js';

const S = STRINGS.tryIt;
type Prediction = ResponseOf<'model.predict'>[number];
type Guesses = ResponseOf<'bases.imagenet'>;

/**
 * New images through the trained model (every class's probability, as bars), and beside it what
 * the pretrained network alone sees in them: before any training too, to show what it knows.
 */
export function TryScreen() {
  const bridge = useBridge();
  const { state } = useWorkspace();
  const modelDir = currentModelDir(state);
  const [predictions, setPredictions] = useState<Prediction[]>([]);
  const [guesses, setGuesses] = useState<Guesses | undefined>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>();
  const input = useRef<HTMLInputElement>(null);
  const [showWhere, setShowWhere] = useState(false);
  const looked = useWhereItLooked(
    modelDir,
    predictions.map((p) => p.path),
    showWhere,
  );

  const predict = async (images: string[]) => {
    setBusy(true);
    setError(undefined);
    try {
      const [trained, pretrained] = await Promise.all([
        modelDir ? bridge.call('model.predict', { modelDir, images }) : Promise.resolve([]),
        // Best effort: without a bundled classifier there is simply nothing to add.
        bridge.call('bases.imagenet', { images }).catch(() => undefined),
      ]);
      setPredictions(trained);
      setGuesses(pretrained);
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };
  const picked = async (files: PickedFile[]) => predict(await enginePathsFor(bridge, files, 'try'));

  // Images dropped here are tried, not imported into the dataset (the window's drop zone).
  const drop = (event: DragEvent) => {
    event.preventDefault();
    event.stopPropagation();
    void filesFromDataTransfer(event.dataTransfer).then(picked);
  };

  return (
    <Stack spacing={2} onDragOver={(e) => e.preventDefault()} onDrop={drop} data-testid="try-drop">
      <Typography variant="h5" component="h2">
        {S.title}
      </Typography>
      {!modelDir && <Alert severity="info">{S.beforeTraining}</Alert>}
      <Typography color="text.secondary">{S.dropHint}</Typography>
      <Box sx={{ display: 'flex', gap: 1, flexWrap: 'wrap' }}>
        <Button variant="contained" onClick={() => input.current?.click()} disabled={busy}>
          {S.pick}
        </Button>
        <input
          ref={input}
          type="file"
          hidden
          multiple
          accept="image/*"
          data-testid="try-input"
          onChange={(e) => e.target.files && void picked(filesFromInput(e.target.files))}
        />
      </Box>
      <PathField
        label={S.pathLabel}
        button={S.predict}
        testId="try-path"
        disabled={busy}
        onSubmit={(path) => void predict([path])}
      />
      {modelDir && (
        <WhereItLookedSwitch
          on={showWhere}
          onChange={setShowWhere}
          disabled={busy}
          loading={looked.loading}
          error={looked.error}
        />
      )}
      {busy && <LinearProgress />}
      {error && <Alert severity="error">{error}</Alert>}
      {predictions.map((p) => (
        <PredictionBars
          key={p.path}
          prediction={p}
          looked={showWhere ? looked.byPath.get(p.path) : undefined}
        />
      ))}
      {guesses && <PretrainedGuesses guesses={guesses} />}
    </Stack>
  );
}

function PredictionBars(props: { prediction: Prediction; looked: Explanation | undefined }) {
  const { prediction: p, looked } = props;
  const name = p.path.split(/[\\/]/).pop() ?? p.path;
  return (
    <Box data-testid="prediction">
      <Typography variant="subtitle1">
        {name}: <strong>{p.prediction}</strong>
      </Typography>
      {looked && <LookedOverlay explanation={looked} name={name} />}
      {p.probabilities.map((c) => (
        <Box key={c.class} sx={{ display: 'flex', alignItems: 'center', gap: 1 }}>
          <Typography variant="body2" sx={{ width: 140 }} noWrap>
            {c.class}
          </Typography>
          <LinearProgress
            variant="determinate"
            value={c.probability * 100}
            sx={{ flexGrow: 1, height: 10, borderRadius: 1 }}
            aria-label={`${c.class} ${(c.probability * 100).toFixed(1)}%`}
          />
          <Typography variant="body2" sx={{ width: 56, textAlign: 'right' }}>
            {(c.probability * 100).toFixed(1)}%
          </Typography>
        </Box>
      ))}
    </Box>
  );
}
