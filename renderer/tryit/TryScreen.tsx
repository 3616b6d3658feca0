import { Alert, Box, Button, LinearProgress, Stack, Typography } from '@mui/material';
import { useRef, useState, type DragEvent } from 'react';
import type { ResponseOf } from '../../src/common/contract/contract.js';
import { useBridge } from '../app/bridgeContext.js';
import { PathField } from '../app/PathField.js';
import { STRINGS } from '../app/strings.js';
import { currentModelDir, useWorkspace } from '../app/workspace.js';
import { filesFromDataTransfer, filesFromInput, type PickedFile } from '../data/dropFiles.js';
import { enginePathsFor } from '../data/importDataset.js';

const S = STRINGS.tryIt;

/** New images through the trained model: the probabilities of every class, as bars. */
export function TryScreen() {
  const bridge = useBridge();
  const { state } = useWorkspace();
  const modelDir = currentModelDir(state);
  const [predictions, setPredictions] = useState<ResponseOf<'model.predict'>>([]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>();
  const input = useRef<HTMLInputElement>(null);
  if (!modelDir) return <Alert severity="info">{S.needRun}</Alert>;

  const predict = async (images: string[]) => {
    setBusy(true);
    setError(undefined);
    try {
      setPredictions(await bridge.call('model.predict', { modelDir, images }));
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
      {busy && <LinearProgress />}
      {error && <Alert severity="error">{error}</Alert>}
      {predictions.map((p) => (
        <Box key={p.path} data-testid="prediction">
          <Typography variant="subtitle1">
            {p.path.split(/[\\/]/).pop()}: <strong>{p.prediction}</strong>
          </Typography>
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
      ))}
    </Stack>
  );
}
