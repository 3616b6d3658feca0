import {
  createContext,
  useCallback,
  useContext,
  useMemo,
  useRef,
  useState,
  type ReactNode,
} from 'react';
import { useBridge } from '../app/bridgeContext.js';
import { useWorkspace } from '../app/workspace.js';
import type { PickedFile } from './dropFiles.js';
import { emptyImportMessage } from './datasetView.js';
import { datasetPathFor } from './importDataset.js';

interface ImportState {
  busy: boolean;
  /** Files sent so far, while a browser-mode drop uploads. */
  progress?: { done: number; total: number };
  /** Files checked so far, while the engine scans. */
  scanned?: { seen: number; imported: number; skipped: number };
  error?: string;
  importPath(path: string): Promise<void>;
  importFiles(files: readonly PickedFile[]): Promise<void>;
  cancel(): void;
}

const ImportContext = createContext<ImportState | undefined>(undefined);

/** Importing a dataset (a path, or dropped/picked files), shared by the window's drop zone and the Data screen. */
export function DatasetImportProvider({ children }: { children: ReactNode }) {
  const bridge = useBridge();
  const { state, dispatch } = useWorkspace();
  // The dataset the student has now, read when a scan ends (not a dependency of `run`).
  const current = useRef(state.dataset?.report);
  current.current = state.dataset?.report;
  const [busy, setBusy] = useState(false);
  const [progress, setProgress] = useState<{ done: number; total: number } | undefined>();
  const [error, setError] = useState<string | undefined>();
  const [scanned, setScanned] = useState<ImportState['scanned']>();
  const abort = useRef<AbortController | undefined>(undefined);

  const run = useCallback(
    async (resolvePath: (signal: AbortSignal) => Promise<string>) => {
      abort.current?.abort();
      const controller = new AbortController();
      abort.current = controller;
      setBusy(true);
      setError(undefined);
      setProgress(undefined);
      try {
        const path = await resolvePath(controller.signal);
        controller.signal.throwIfAborted();
        const id = crypto.randomUUID();
        const stop = bridge.on('scan.progress', (p) => {
          if (p.scanId === id)
            setScanned({ seen: p.seen, imported: p.imported, skipped: p.skipped });
        });
        const report = await bridge
          .call('dataset.scan', { path, scanId: id }, { signal: controller.signal })
          .finally(stop);
        controller.signal.throwIfAborted();
        // An import with no usable image is reported, never applied (the reducer keeps the
        // dataset the student has); see emptyImportMessage.
        const empty = emptyImportMessage(path, report, current.current);
        if (empty) setError(empty);
        else dispatch({ type: 'dataset', path, report });
      } catch (e) {
        if (!controller.signal.aborted) setError((e as Error).message);
      } finally {
        if (abort.current === controller) {
          setBusy(false);
          setProgress(undefined);
          setScanned(undefined);
        }
      }
    },
    [bridge, dispatch],
  );

  const value = useMemo<ImportState>(
    () => ({
      busy,
      ...(progress ? { progress } : {}),
      ...(scanned ? { scanned } : {}),
      ...(error ? { error } : {}),
      importPath: (path) => run(async () => path.trim()),
      importFiles: (files) =>
        run((signal) =>
          datasetPathFor(bridge, files, (done, total) => setProgress({ done, total }), signal),
        ),
      cancel: () => {
        abort.current?.abort();
        setBusy(false);
        setProgress(undefined);
      },
    }),
    [busy, progress, scanned, error, run, bridge],
  );
  return <ImportContext.Provider value={value}>{children}</ImportContext.Provider>;
}

export function useDatasetImport(): ImportState {
  const context = useContext(ImportContext);
  if (!context) throw new Error('useDatasetImport outside <DatasetImportProvider>');
  return context;
}
