import { Alert, Button, Snackbar } from '@mui/material';
import { useCallback, useState } from 'react';
import { useBridge } from '../app/bridgeContext.js';
import { STRINGS } from '../app/strings.js';
import { useWorkspace } from '../app/workspace.js';

const S = STRINGS.evaluate;

interface LastMove {
  /** Where the image was, and the class folder it came from (for Undo). */
  from: string;
  fromClass: string;
  to: string;
  toClass: string;
}

/**
 * Moves evaluated images to the class the model chose, one Undo away (a snackbar that moves the
 * image back through the same call). After each move the dataset is scanned again so the Data
 * screen's counts match the folders.
 */
export function useImageMoves() {
  const bridge = useBridge();
  const { state, dispatch } = useWorkspace();
  const dataset = state.dataset?.path ?? '';
  // Keyed by the image's path when evaluated: where it is now.
  const [movedTo, setMovedTo] = useState<ReadonlyMap<string, string>>(new Map());
  const [last, setLast] = useState<LastMove | undefined>();
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);

  const rescan = useCallback(async () => {
    const report = await bridge.call('dataset.scan', { path: dataset });
    dispatch({ type: 'dataset', path: dataset, report });
  }, [bridge, dataset, dispatch]);

  const move = useCallback(
    async (path: string, fromClass: string, toClass: string) => {
      setBusy(true);
      setError(undefined);
      try {
        const to = (await bridge.call('dataset.moveToClass', { dataset, path, toClass })).path;
        setMovedTo((m) => new Map(m).set(path, to));
        setLast({ from: path, fromClass, to, toClass });
        await rescan();
      } catch (e) {
        setError((e as Error).message);
      } finally {
        setBusy(false);
      }
    },
    [bridge, dataset, rescan],
  );

  const undo = useCallback(async () => {
    if (!last) return;
    setBusy(true);
    setLast(undefined);
    try {
      await bridge.call('dataset.moveToClass', {
        dataset,
        path: last.to,
        toClass: last.fromClass,
      });
      setMovedTo((m) => {
        const next = new Map(m);
        next.delete(last.from);
        return next;
      });
      await rescan();
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  }, [bridge, dataset, last, rescan]);

  const snackbar = (
    <>
      <Snackbar
        open={last !== undefined}
        // No timer: on a slow or busy machine (or a slow reader) Undo must not vanish on its own.
        onClose={(_, reason) => reason !== 'clickaway' && setLast(undefined)}
        message={last ? S.movedShort(last.toClass) : ''}
        action={
          <>
            <Button color="inherit" size="small" onClick={() => void undo()}>
              {S.undo}
            </Button>
            <Button color="inherit" size="small" onClick={() => setLast(undefined)}>
              {S.dismissMove}
            </Button>
          </>
        }
        data-testid="move-snackbar"
      />
      {error && (
        <Alert severity="error" onClose={() => setError(undefined)}>
          {error}
        </Alert>
      )}
    </>
  );
  return { movedTo: (path: string) => movedTo.get(path), move, busy, snackbar };
}

export type ImageMoves = ReturnType<typeof useImageMoves>;
