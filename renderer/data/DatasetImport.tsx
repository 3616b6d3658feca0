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
import { datasetPathFor } from './importDataset.js';

interface ImportState {
  busy: boolean;
  /** Files sent so far, while a browser-mode drop uploads. */
  progress?: { done: number; total: number };
  error?: string;
  importPath(path: string): Promise<void>;
  importFiles(files: readonly PickedFile[]): Promise<void>;
  cancel(): void;
}

const ImportContext = createContext<ImportState | undefined>(undefined);

/** Importing a dataset (a path, or dropped/picked files), shared by the window's drop zone and the Data screen. */
export function DatasetImportProvider({ children }: { children: ReactNode }) {
  const bridge = useBridge();
  const { dispatch } = useWorkspace();
  const [busy, setBusy] = useState(false);
  const [progress, setProgress] = useState<{ done: number; total: number } | undefined>();
  const [error, setError] = useState<string | undefined>();
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
        const report = await bridge.call('dataset.scan', { path });
        controller.signal.throwIfAborted();
        dispatch({ type: 'dataset', path, report });
      } catch (e) {
        if (!controller.signal.aborted) setError((e as Error).message);
      } finally {
        if (abort.current === controller) {
          setBusy(false);
          setProgress(undefined);
        }
      }
    },
    [bridge, dispatch],
  );

  const value = useMemo<ImportState>(
    () => ({
      busy,
      ...(progress ? { progress } : {}),
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
    [busy, progress, error, run, bridge],
  );
  return <ImportContext.Provider value={value}>{children}</ImportContext.Provider>;
}

export function useDatasetImport(): ImportState {
  const context = useContext(ImportContext);
  if (!context) throw new Error('useDatasetImport outside <DatasetImportProvider>');
  return context;
}
