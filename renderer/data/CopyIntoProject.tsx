import { Alert, Box, Button, LinearProgress, Stack, Typography } from '@mui/material';
import { useEffect, useRef, useState } from 'react';
import type { EventOf } from '../../src/common/contract/contract.js';
import { AppError } from '../../src/common/errors.js';
import { useBridge } from '../app/bridgeContext.js';
import { STRINGS } from '../app/strings.js';
import { useWorkspace } from '../app/workspace.js';
import { useDatasetImport } from './DatasetImport.js';

const S = STRINGS.project;
type Progress = EventOf<'copy.progress'>;

/**
 * Copies the images into the project folder, so the project can move between machines. A copy of
 * thousands of photos takes a while: it shows how far it has got and can be cancelled, which
 * leaves the project as it was.
 */
export function CopyIntoProject() {
  const bridge = useBridge();
  const { state } = useWorkspace();
  const importer = useDatasetImport();
  const [message, setMessage] = useState<{ ok: boolean; text: string } | undefined>();
  const [progress, setProgress] = useState<Progress | 'starting' | undefined>();
  const abort = useRef<AbortController | undefined>(undefined);
  useEffect(() => () => abort.current?.abort(), []);
  const project = state.project;
  const dataset = state.dataset;
  if (!project || !dataset) return null;
  // After a copy the dataset is the project's own, and only the message is left to show.
  const copied = isInside(dataset.path, project.folder);
  if (copied && !message) return null;
  const copy = async () => {
    const controller = new AbortController();
    abort.current = controller;
    const copyId = crypto.randomUUID();
    const stop = bridge.on('copy.progress', (p) => p.copyId === copyId && setProgress(p));
    setMessage(undefined);
    setProgress('starting');
    try {
      const { path } = await bridge.call(
        'project.copyImages',
        { folder: project.folder, dataset: dataset.path, name: project.name, copyId },
        { signal: controller.signal },
      );
      await importer.importPath(path);
      setMessage({ ok: true, text: S.copied(path) });
    } catch (e) {
      const cancelled =
        controller.signal.aborted || (e instanceof AppError && e.code === 'CANCELLED');
      setMessage({ ok: false, text: cancelled ? S.copyCancelled : (e as Error).message });
    } finally {
      stop();
      setProgress(undefined);
      abort.current = undefined;
    }
  };
  return (
    <Box>
      {progress ? (
        <CopyProgressLine progress={progress} onCancel={() => abort.current?.abort()} />
      ) : (
        !copied && (
          <Button variant="text" onClick={() => void copy()} disabled={importer.busy}>
            {S.copyImages}
          </Button>
        )
      )}
      {message && (
        <Alert severity={message.ok ? 'success' : 'error'} data-testid="copy-message">
          {message.text}
        </Alert>
      )}
    </Box>
  );
}

function CopyProgressLine(props: { progress: Progress | 'starting'; onCancel: () => void }) {
  const p = props.progress === 'starting' ? undefined : props.progress;
  const line = p ? S.copying(p.copied, p.total, (p.bytes / 2 ** 20).toFixed(1)) : S.copyStarting;
  return (
    <Stack spacing={1} data-testid="copy-progress">
      <Stack direction="row" spacing={2} alignItems="center">
        <Typography variant="body2" role="status">
          {line}
        </Typography>
        <Button variant="outlined" size="small" onClick={props.onCancel}>
          {S.cancelCopy}
        </Button>
      </Stack>
      <LinearProgress
        variant={p ? 'determinate' : 'indeterminate'}
        value={p && p.total > 0 ? (100 * p.copied) / p.total : 0}
      />
    </Stack>
  );
}

/** Whether `path` is `folder` or inside it, with either separator (a sibling "p10" of "p1" is not). */
function isInside(path: string, folder: string): boolean {
  return path === folder || path.startsWith(`${folder}/`) || path.startsWith(`${folder}\\`);
}
