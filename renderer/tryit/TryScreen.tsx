import { Alert, Box, Button, LinearProgress, Stack, Typography } from '@mui/material';
import { useEffect, useMemo, useRef, useState, type DragEvent } from 'react';
import type { Bridge } from '../../src/common/contract/bridge.js';
import { AppError } from '../../src/common/errors.js';
import { useBridge } from '../app/bridgeContext.js';
import { PathField } from '../app/PathField.js';
import { STRINGS } from '../app/strings.js';
import { currentModelDir, useWorkspace } from '../app/workspace.js';
import { filesFromDataTransfer, filesFromInput, type PickedFile } from '../data/dropFiles.js';
import { enginePathsFor } from '../data/importDataset.js';
import { LiveCamera } from './LiveCamera.js';
import { PredictionCard } from './PredictionCard.js';
import { PretrainedGuesses } from './PretrainedGuesses.js';
import {
  addTry,
  byFolder,
  emptyTry,
  shownFor,
  splitPath,
  triedImages,
  uniqueNames,
  withoutFailures,
} from './tryResults.js';
import { ScreenRequests } from './tryRequests.js';
import { useWhereItLooked, WhereItLookedSwitch } from './WhereItLooked.js';
import { TextTry } from './TextTry.js';

const S = STRINGS.tryIt;

/**
 * New images through the trained model (every class's probability, as bars, beside the image),
 * and what the pretrained network alone sees in them: before any training too, to show what it
 * knows. Each try adds its images above the earlier ones until Clear.
 */
export function TryScreen() {
  const bridge = useBridge();
  const { state } = useWorkspace();
  const modelDir = currentModelDir(state);
  const [results, setResults] = useState(() => emptyTry(modelDir));
  const shown = shownFor(results, modelDir);
  const { predictions, guesses, thumbnails } = shown;
  const model = useRef(modelDir);
  model.current = modelDir;
  const requests = useMemo(() => new ScreenRequests(() => model.current), []);
  const [working, setWorking] = useState(0);
  const busy = working > 0;
  const [dragging, setDragging] = useState(false);
  const [error, setError] = useState<string | undefined>();
  const input = useRef<HTMLInputElement>(null);
  const [showWhere, setShowWhere] = useState(false);
  const looked = useWhereItLooked(modelDir, triedImages(shown), showWhere);
  // Results of another model would mix two models' classes in one list; its requests still in
  // flight are stopped (as when the screen goes away), their answers dropped.
  useEffect(() => {
    setResults(emptyTry(modelDir));
    return () => requests.abortAll();
  }, [modelDir, requests]);

  const predict = async (images: string[]) => {
    if (images.length === 0) return;
    const askedFor = modelDir;
    const request = requests.start(askedFor);
    const { signal } = request;
    setWorking((n) => n + 1);
    setError(undefined);
    try {
      const [trained, pretrained] = await Promise.all([
        askedFor
          ? bridge.call('model.predict', { modelDir: askedFor, images }, { signal })
          : Promise.resolve([]),
        // Best effort: without a bundled classifier there is simply nothing to add; a path that
        // cannot be an image is still worth saying when there is no trained model to say it.
        bridge.call('bases.imagenet', { images }, { signal }).catch((e: unknown) => {
          if (!askedFor && e instanceof AppError && e.code === 'IS_A_FOLDER') throw e;
          return undefined;
        }),
      ]);
      const { predictions: classified, failures } = withoutFailures(trained);
      const pictures = await thumbnailsOf(bridge, images, signal);
      if (!request.isCurrent()) return;
      if (failures.length > 0) setError(failures.join('\n'));
      setResults((earlier) =>
        addTry(earlier, askedFor, {
          predictions: classified,
          guesses: pretrained,
          thumbnails: pictures,
        }),
      );
    } catch (e) {
      if (request.isCurrent()) setError((e as Error).message);
    } finally {
      request.done();
      setWorking((n) => n - 1);
    }
  };
  const picked = async (files: PickedFile[]) => {
    try {
      const names = uniqueNames(files.map((f) => splitPath(f.path).name));
      const flat = files.map((f, i) => ({ ...f, path: names[i] ?? f.path }));
      await predict(await enginePathsFor(bridge, flat, 'try'));
    } catch (e) {
      setError((e as Error).message);
    }
  };
  const clear = () => {
    setResults(emptyTry(modelDir));
    setError(undefined);
  };

  // Images dropped here are tried, not imported into the dataset (the window's drop zone).
  const drop = (event: DragEvent) => {
    event.preventDefault();
    event.stopPropagation();
    setDragging(false);
    void filesFromDataTransfer(event.dataTransfer).then(picked);
  };
  const over = (event: DragEvent) => {
    event.preventDefault();
    setDragging(true);
  };

  if (state.dataset?.report.modality === 'text' && modelDir) return <TextTry modelDir={modelDir} />;
  return (
    <Stack spacing={2}>
      <Typography variant="h5" component="h2">
        {S.title}
      </Typography>
      {!modelDir && <Alert severity="info">{S.beforeTraining}</Alert>}
      <Box
        data-testid="try-drop"
        data-dragging={dragging}
        onDragOver={over}
        onDragLeave={() => setDragging(false)}
        onDrop={drop}
        sx={{
          p: 2,
          border: 2,
          borderStyle: 'dashed',
          borderRadius: 2,
          borderColor: dragging ? 'primary.main' : 'divider',
          bgcolor: dragging ? 'action.hover' : undefined,
        }}
      >
        <Typography color="text.secondary" sx={{ mb: 1 }}>
          {S.dropHint}
        </Typography>
        <Box sx={{ display: 'flex', gap: 1, flexWrap: 'wrap', alignItems: 'center' }}>
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
            onChange={(e) => {
              if (e.target.files) void picked(filesFromInput(e.target.files));
              // The same file chosen again is a new try, so the input must not keep it.
              e.target.value = '';
            }}
          />
          <PathField
            label={S.pathLabel}
            button={S.predict}
            testId="try-path"
            disabled={busy}
            onSubmit={(path) => void predict([path])}
          />
        </Box>
      </Box>
      <Box sx={{ display: 'flex', gap: 2, alignItems: 'center', flexWrap: 'wrap' }}>
        {modelDir && (
          <WhereItLookedSwitch
            on={showWhere}
            onChange={setShowWhere}
            disabled={busy}
            loading={looked.loading}
            error={looked.error}
          />
        )}
        {(predictions.length > 0 || guesses) && (
          <Button variant="outlined" onClick={clear} disabled={busy} data-testid="try-clear">
            {S.clear}
          </Button>
        )}
      </Box>
      <LiveCamera modelDir={modelDir} />
      {busy && <LinearProgress aria-label={S.working} />}
      {error && (
        <Alert severity="error" data-testid="try-error" sx={{ whiteSpace: 'pre-line' }}>
          {error}
        </Alert>
      )}
      {predictions.map((p) => (
        <PredictionCard
          key={p.path}
          prediction={p}
          thumbnail={thumbnails.get(p.path)}
          looked={showWhere ? looked.byPath.get(p.path) : undefined}
        />
      ))}
      {guesses && <PretrainedGuesses guesses={guesses} />}
    </Stack>
  );
}

/** Small pictures of the tried images by path; an image the engine cannot shrink has none. */
async function thumbnailsOf(
  bridge: Bridge,
  images: readonly string[],
  signal: AbortSignal,
): Promise<[string, string][]> {
  const pictures: [string, string][] = [];
  for (const [folder, names] of byFolder(images)) {
    if (signal.aborted) break;
    const found = await bridge
      .call('dataset.thumbnails', { dataset: folder, paths: names, size: 96 }, { signal })
      .catch(() => []);
    for (const t of found) {
      const path = images.find((p) => {
        const parts = splitPath(p);
        return parts.folder === folder && parts.name === t.path;
      });
      if (t.dataUrl && path) pictures.push([path, t.dataUrl]);
    }
  }
  return pictures;
}
