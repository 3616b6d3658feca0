import { Alert, AlertTitle, Button, Chip, Collapse } from '@mui/material';
import { useEffect, useRef, useState } from 'react';
import type { ResponseOf } from '../../src/common/contract/contract.js';
import { useDatasetImport } from '../data/DatasetImport.js';
import { useBridge } from './bridgeContext.js';
import { datasetCheckNotes } from './datasetCheckNotes.js';
import { rememberedOpenProject, rememberOpenProject, tabStorage } from './openProjectMemory.js';
import { useBridgeQuery } from './useBridgeQuery.js';
import { projectFromWorkspace, projectNameFor } from './projectState.js';
import { STRINGS } from './strings.js';
import { useWorkspace, type Workspace } from './workspace.js';

const S = STRINGS.project;
type Status =
  | { kind: 'idle' }
  | { kind: 'saving' }
  | { kind: 'saved'; at: Date }
  | { kind: 'error'; message: string };

/**
 * Work is never lost: the first import creates a project, and every change is saved a moment
 * later (write to a temporary file, flush, rename, keep the last good copy). The status shows in
 * the app bar; a failed save says why and keeps the saved version.
 */
export function SaveStatus() {
  const bridge = useBridge();
  const { state, dispatch } = useWorkspace();
  const [status, setStatus] = useState<Status>({ kind: 'idle' });
  const latest = useRef<Workspace>(state);
  latest.current = state;
  const creating = useRef<Promise<Workspace['project']> | undefined>(undefined);

  useEffect(() => {
    if (!state.dataset || state.revision === 0) return;
    const timer = setTimeout(() => {
      void (async () => {
        setStatus({ kind: 'saving' });
        try {
          const current = latest.current;
          let project = current.project;
          if (!project && current.dataset) {
            creating.current ??= (async () => {
              const name = projectNameFor(current.dataset?.path ?? 'project');
              const { folder } = await bridge.call('project.create', { name });
              const created = { folder, name, createdAt: new Date().toISOString() };
              dispatch({ type: 'project', project: created });
              return created;
            })().catch((error: unknown) => {
              // A failed create is tried again at the next save, not remembered as failed.
              creating.current = undefined;
              throw error;
            });
            project = await creating.current;
          }
          const file = projectFromWorkspace(
            { ...latest.current, ...(project ? { project } : {}) },
            new Date(),
          );
          if (!project || !file) return;
          await bridge.call('project.save', { folder: project.folder, project: file });
          setStatus({ kind: 'saved', at: new Date() });
        } catch (e) {
          setStatus({ kind: 'error', message: (e as Error).message });
        }
      })();
    }, 800);
    return () => clearTimeout(timer);
  }, [bridge, dispatch, state.revision, state.dataset]);

  if (status.kind === 'idle') return null;
  const label =
    status.kind === 'saving'
      ? S.saving
      : status.kind === 'saved'
        ? S.saved(status.at.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' }))
        : S.saveFailed;
  return (
    <Chip
      size="small"
      variant="outlined"
      color={status.kind === 'error' ? 'error' : 'default'}
      sx={{ color: 'inherit', borderColor: 'currentColor' }}
      label={label}
      title={status.kind === 'error' ? status.message : (latest.current.project?.folder ?? '')}
      data-testid="save-status"
      data-status={status.kind}
    />
  );
}

type Opened = ResponseOf<'project.open'>;

/** On start, offers to carry on with the last project, and says what changed on disk since. */
export function RecoverProject() {
  const bridge = useBridge();
  const { state, dispatch } = useWorkspace();
  const importer = useDatasetImport();
  const recent = useBridgeQuery('project.recent', {}).data ?? undefined;
  const [dismissed, setDismissed] = useState(false);
  const [opened, setOpened] = useState<Opened | undefined>();
  const [error, setError] = useState<string | undefined>();
  // What this tab had open before a reload: reopened at once, without asking.
  const [reloaded] = useState(() => rememberedOpenProject(tabStorage()));
  const reopening = useRef(false);

  const open = async (folder: string) => {
    try {
      const result = await bridge.call('project.open', { folder });
      const { project } = result;
      dispatch({
        type: 'project',
        project: { folder, name: project.name, createdAt: project.createdAt },
      });
      dispatch({
        type: 'restore',
        ...(project.base ? { base: project.base } : {}),
        settings: project.settings,
      });
      setOpened(result);
      setDismissed(true);
      // Each earlier run's curves are in its model folder; a folder that is gone leaves them empty.
      const pastRuns = await Promise.all(
        project.runs.map(async (run) => {
          const info = run.modelDir
            ? await bridge.call('model.info', { modelDir: run.modelDir }).catch(() => undefined)
            : undefined;
          return {
            id: run.id,
            startedAt: run.startedAt,
            ...(run.modelDir ? { modelDir: run.modelDir } : {}),
            settings: run.settings,
            ...(run.validationAccuracy !== undefined
              ? { validationAccuracy: run.validationAccuracy }
              : {}),
            history: info?.history ?? [],
            ...(run.recipe ? { recipe: run.recipe } : {}),
            ...(info ? { base: info.base, bestEpoch: info.bestEpoch } : {}),
            ...(info?.phaseSeconds ? { phaseSeconds: info.phaseSeconds } : {}),
          };
        }),
      );
      dispatch({ type: 'pastRuns', runs: pastRuns });
      const dataset = project.datasets[0];
      if (dataset) await importer.importPath(dataset.path);
    } catch (e) {
      setError((e as Error).message);
      // Nothing to reopen on the next reload either.
      rememberOpenProject(tabStorage(), undefined);
    }
  };

  // A reload reopens the project this tab had open; the project is remembered once it exists.
  const projectFolder = state.project?.folder;
  useEffect(() => {
    if (projectFolder) rememberOpenProject(tabStorage(), projectFolder);
  }, [projectFolder]);
  useEffect(() => {
    // Once per page (StrictMode runs effects twice in development).
    if (!reloaded || reopening.current) return;
    reopening.current = true;
    void open(reloaded);
  }, [reloaded]);

  const changes = opened?.datasets.flatMap(datasetCheckNotes);
  return (
    <>
      <Collapse in={!!recent && !dismissed && !state.dataset && !reloaded}>
        {recent && (
          <Alert
            severity="info"
            data-testid="recover"
            action={
              <>
                <Button color="inherit" size="small" onClick={() => void open(recent.folder)}>
                  {S.open}
                </Button>
                <Button color="inherit" size="small" onClick={() => setDismissed(true)}>
                  {S.startFresh}
                </Button>
              </>
            }
          >
            {S.recover(recent.name, new Date(recent.updatedAt).toLocaleString())}
          </Alert>
        )}
      </Collapse>
      {error && <Alert severity="error">{error}</Alert>}
      {opened && (
        <Alert
          severity={changes && changes.length > 0 ? 'warning' : 'success'}
          data-testid="recovered"
          onClose={() => setOpened(undefined)}
        >
          <AlertTitle>{S.reopened(opened.project.name)}</AlertTitle>
          {opened.recoveredFromBackup && <div>{S.fromBackup}</div>}
          {opened.migratedFrom !== undefined && <div>{S.migrated(opened.migratedFrom)}</div>}
          {changes && changes.length > 0
            ? changes.map((c) => <div key={c}>{c}</div>)
            : opened.datasets.length > 0 && opened.datasets.every((d) => d.holds === 'texts')
              ? S.textsUnchanged
              : S.unchanged}
        </Alert>
      )}
    </>
  );
}
