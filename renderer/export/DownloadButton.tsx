import { Alert, Box, Button } from '@mui/material';
import { useState } from 'react';
import { useBridge } from '../app/bridgeContext.js';
import { STRINGS } from '../app/strings.js';
import { downloadOutput } from './download.js';

/** In browser mode: saves what the engine wrote (an export folder as a zip, a hand-in zip). */
export function DownloadButton({ path, label }: { path: string; label: string }) {
  const bridge = useBridge();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>();
  if (bridge.kind !== 'browser') return null;
  const run = async () => {
    setBusy(true);
    setError(undefined);
    try {
      await downloadOutput(bridge, path);
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Box>
      <Button size="small" variant="outlined" disabled={busy} onClick={() => void run()}>
        {busy ? STRINGS.export.downloading : label}
      </Button>
      {error && <Alert severity="error">{error}</Alert>}
    </Box>
  );
}
