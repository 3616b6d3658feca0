import { Alert, Box, Button, LinearProgress, Typography } from '@mui/material';
import { useRef, useState } from 'react';
import { useBridge } from '../app/bridgeContext.js';
import { PathField } from '../app/PathField.js';
import { STRINGS } from '../app/strings.js';
import { filesFromInput } from '../data/dropFiles.js';
import { datasetPathFor } from '../data/importDataset.js';

const S = STRINGS.model;

/**
 * Adds a base model from a folder or zip: a pack, a Teachable Machine export, a TF.js model. In
 * browser mode the page cannot see paths, so the picked files go to the engine's uploads folder
 * the way a dataset does, and that copy is imported.
 */
export function AddPack({ onAdded }: { onAdded(path: string): void }) {
  const bridge = useBridge();
  const [message, setMessage] = useState<{ ok: boolean; text: string } | undefined>();
  const [sending, setSending] = useState<{ done: number; total: number } | undefined>();
  const folderInput = useRef<HTMLInputElement>(null);
  const zipInput = useRef<HTMLInputElement>(null);
  const add = async (from: () => Promise<string>) => {
    setMessage(undefined);
    try {
      const pack = await bridge.call('bases.import', { path: await from() });
      setMessage({ ok: true, text: S.added(pack.name, pack.architecture ?? '') });
      onAdded(pack.path);
    } catch (e) {
      setMessage({ ok: false, text: (e as Error).message });
    } finally {
      setSending(undefined);
    }
  };
  const pick = async () => {
    if (bridge.kind === 'browser') return folderInput.current?.click();
    const chosen = await bridge.call('shell.pickFolder', { purpose: 'pack' });
    if (chosen.path) await add(async () => chosen.path ?? '');
  };
  const upload = (list: FileList | null) => {
    if (!list || list.length === 0) return;
    const files = filesFromInput(list);
    void add(() => datasetPathFor(bridge, files, (done, total) => setSending({ done, total })));
  };
  return (
    <Box sx={{ display: 'flex', flexDirection: 'column', gap: 1, maxWidth: 640 }}>
      <Box sx={{ display: 'flex', gap: 1, flexWrap: 'wrap' }}>
        <Button variant="outlined" onClick={() => void pick()}>
          {S.addPack}
        </Button>
        {bridge.kind === 'browser' && (
          <Button variant="outlined" onClick={() => zipInput.current?.click()}>
            {S.addPackZip}
          </Button>
        )}
        <input
          ref={folderInput}
          type="file"
          hidden
          data-testid="pack-folder-input"
          {...{ webkitdirectory: '', directory: '' }}
          multiple
          onChange={(e) => {
            upload(e.target.files);
            // Picking the same pack again must fire a change too.
            e.target.value = '';
          }}
        />
        <input
          ref={zipInput}
          type="file"
          hidden
          data-testid="pack-zip-input"
          accept=".zip,application/zip"
          onChange={(e) => {
            upload(e.target.files);
            e.target.value = '';
          }}
        />
        <PathField
          label={S.packPath}
          button={S.add}
          testId="pack-path"
          onSubmit={(p) => void add(async () => p)}
        />
      </Box>
      {sending && (
        <Box>
          <LinearProgress variant="determinate" value={(100 * sending.done) / sending.total} />
          <Typography variant="body2">{S.sendingPack(sending.done, sending.total)}</Typography>
        </Box>
      )}
      {message && (
        <Alert severity={message.ok ? 'success' : 'error'} data-testid="pack-message">
          {message.text}
        </Alert>
      )}
    </Box>
  );
}
