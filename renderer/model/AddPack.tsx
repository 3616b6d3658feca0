import { Alert, Box, Button } from '@mui/material';
import { useState } from 'react';
import type { ResponseOf } from '../../src/common/contract/contract.js';
import { AppError } from '../../src/common/errors.js';
import { useBridge } from '../app/bridgeContext.js';
import { SendProgress, useFolderInput } from '../app/FolderInput.js';
import { PathField } from '../app/PathField.js';
import { STRINGS } from '../app/strings.js';
import type { PickedFile } from '../data/dropFiles.js';
import { datasetPathFor } from '../data/importDataset.js';
import { FeatureLayerPicker, layerChoiceFrom, type LayerChoice } from './FeatureLayerPicker.js';

const S = STRINGS.model;
type Pack = ResponseOf<'bases.import'>;

/**
 * Adds a base model from a folder or zip: a pack, a Teachable Machine export, a TF.js model (a
 * plain one after the user picks its feature layer). In browser mode the page cannot see paths, so
 * the picked files go to the engine's uploads folder the way a dataset does, and that copy is
 * imported.
 */
export function AddPack({ onAdded }: { onAdded(path: string): void }) {
  const bridge = useBridge();
  const [message, setMessage] = useState<{ ok: boolean; text: string } | undefined>();
  const [sending, setSending] = useState<{ done: number; total: number } | undefined>();
  // A plain TF.js model waiting for its feature layer: where it is (uploaded once) and its layers.
  const [choosing, setChoosing] = useState<{ path: string; choice: LayerChoice } | undefined>();
  const importAt = async (path: string, featureLayer?: string) => {
    try {
      const pack = await bridge.call('bases.import', { path, featureLayer });
      setChoosing(undefined);
      setMessage({ ok: true, text: addedText(pack) });
      onAdded(pack.path);
    } catch (e) {
      const choice = e instanceof AppError ? layerChoiceFrom(e) : undefined;
      if (choice && e instanceof AppError && e.code === 'FEATURE_LAYER_NEEDED')
        return setChoosing({ path, choice });
      setMessage({ ok: false, text: (e as Error).message });
    }
  };
  const add = async (from: () => Promise<string>) => {
    setMessage(undefined);
    setChoosing(undefined);
    try {
      await importAt(await from());
    } catch (e) {
      setMessage({ ok: false, text: (e as Error).message });
    } finally {
      setSending(undefined);
    }
  };
  const upload = (files: PickedFile[]) =>
    void add(() => datasetPathFor(bridge, files, (done, total) => setSending({ done, total })));
  const browserInput = useFolderInput(upload, 'pack-');
  const pick = async () => {
    if (bridge.kind === 'browser') return browserInput.pickFolder();
    const chosen = await bridge.call('shell.pickFolder', { purpose: 'pack' });
    if (chosen.path) await add(async () => chosen.path ?? '');
  };
  return (
    <Box sx={{ display: 'flex', flexDirection: 'column', gap: 1, maxWidth: 640 }}>
      <Box sx={{ display: 'flex', gap: 1, flexWrap: 'wrap' }}>
        <Button variant="outlined" onClick={() => void pick()}>
          {S.addPack}
        </Button>
        {bridge.kind === 'browser' && (
          <Button variant="outlined" onClick={browserInput.pickZip}>
            {S.addPackZip}
          </Button>
        )}
        {browserInput.inputs}
        <PathField
          label={S.packPath}
          button={S.add}
          testId="pack-path"
          onSubmit={(p) => void add(async () => p)}
        />
      </Box>
      {sending && (
        <SendProgress progress={sending} text={S.sendingPack(sending.done, sending.total)} />
      )}
      {choosing && (
        <FeatureLayerPicker
          choice={choosing.choice}
          onPick={(layer) => importAt(choosing.path, layer)}
          onCancel={() => setChoosing(undefined)}
        />
      )}
      {message && (
        <Alert severity={message.ok ? 'success' : 'error'} data-testid="pack-message">
          {message.text}
        </Alert>
      )}
    </Box>
  );
}

function addedText(pack: Pack): string {
  return pack.architecture ? S.added(pack.name, pack.architecture) : S.addedPlain(pack.name);
}
