import { Alert, Box, Button } from '@mui/material';
import { useState } from 'react';
import { useBridge } from '../app/bridgeContext.js';
import { PathField } from '../app/PathField.js';
import { STRINGS } from '../app/strings.js';

const S = STRINGS.model;

/** Adds a base model from a folder or zip: a pack, a Teachable Machine export, a TF.js model. */
export function AddPack({ onAdded }: { onAdded(path: string): void }) {
  const bridge = useBridge();
  const [message, setMessage] = useState<{ ok: boolean; text: string } | undefined>();
  const add = async (from: string) => {
    setMessage(undefined);
    try {
      const pack = await bridge.call('models.import', { path: from });
      setMessage({ ok: true, text: S.added(pack.name, pack.architecture ?? '') });
      onAdded(pack.path);
    } catch (e) {
      setMessage({ ok: false, text: (e as Error).message });
    }
  };
  const pick = async () => {
    const chosen = await bridge.call('shell.pickFolder', { purpose: 'pack' });
    if (chosen.path) await add(chosen.path);
  };
  return (
    <Box sx={{ display: 'flex', flexDirection: 'column', gap: 1, maxWidth: 640 }}>
      <Box sx={{ display: 'flex', gap: 1 }}>
        {bridge.kind === 'electron' && (
          <Button variant="outlined" onClick={() => void pick()}>
            {S.addPack}
          </Button>
        )}
        <PathField
          label={S.packPath}
          button={S.add}
          testId="pack-path"
          onSubmit={(p) => void add(p)}
        />
      </Box>
      {message && <Alert severity={message.ok ? 'success' : 'error'}>{message.text}</Alert>}
    </Box>
  );
}
