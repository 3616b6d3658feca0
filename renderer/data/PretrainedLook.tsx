import { Alert, Box, CircularProgress, Popover } from '@mui/material';
import { useEffect, useState } from 'react';
import type { ResponseOf } from '../../src/common/contract/contract.js';
import { AppError } from '../../src/common/errors.js';
import { useBridge } from '../app/bridgeContext.js';
import { STRINGS } from '../app/strings.js';
import { PretrainedGuesses } from '../tryit/PretrainedGuesses.js';

const S = STRINGS.data;

interface Props {
  dataset: string;
  /** The image's path inside the dataset, as the scan lists it. */
  path: string;
  /** The thumbnail's image, shown larger beside the guesses. */
  preview: string;
  anchor: HTMLElement;
  onClose(): void;
}

/**
 * What the pretrained network (the bundled MobileNet V1 with its ImageNet classes) sees in one
 * example, before any training: its top-5 labels, in a popover so the class cards keep their size.
 */
export function PretrainedLook({ dataset, path, preview, anchor, onClose }: Props) {
  const bridge = useBridge();
  const [guesses, setGuesses] = useState<ResponseOf<'bases.imagenet'> | undefined>();
  const [error, setError] = useState<string | undefined>();
  useEffect(() => {
    const controller = new AbortController();
    bridge
      .call('bases.imagenet', { images: [path], top: 5, dataset }, { signal: controller.signal })
      .then(
        (answer) => !controller.signal.aborted && setGuesses(answer),
        (e: unknown) => !controller.signal.aborted && setError(lookError(e)),
      );
    return () => controller.abort();
  }, [bridge, dataset, path]);
  return (
    <Popover
      open
      anchorEl={anchor}
      onClose={onClose}
      anchorOrigin={{ vertical: 'bottom', horizontal: 'left' }}
    >
      <Box sx={{ p: 2, display: 'flex', gap: 2, maxWidth: 480 }} data-testid="pretrained-look">
        <img src={preview} alt={path} width={96} height={96} style={{ borderRadius: 4 }} />
        <Box sx={{ flex: 1 }}>
          {error ? (
            <Alert severity="info">{error}</Alert>
          ) : guesses ? (
            <PretrainedGuesses guesses={guesses} />
          ) : (
            <CircularProgress size={24} aria-label={S.lookLoading} />
          )}
        </Box>
      </Box>
    </Popover>
  );
}

function lookError(error: unknown): string {
  if (error instanceof AppError && error.details?.['missing'] === 'imagenet-classifier')
    return S.lookMissingPack;
  return (error as Error).message;
}
