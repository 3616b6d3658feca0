import {
  Alert,
  Box,
  Button,
  FormControl,
  InputLabel,
  MenuItem,
  Select,
  Typography,
} from '@mui/material';
import { useState } from 'react';
import type { AppError } from '../../src/common/errors.js';
import { STRINGS } from '../app/strings.js';

const S = STRINGS.model;

export interface LayerChoice {
  layers: { name: string; className: string; outputShape: number[] }[];
  suggested: string | undefined;
}

/** The layers an engine error offers to choose from (FEATURE_LAYER_NEEDED), if it lists them. */
export function layerChoiceFrom(error: AppError): LayerChoice | undefined {
  const layers = error.details?.['featureLayers'];
  if (!Array.isArray(layers) || layers.length === 0) return undefined;
  const suggested = error.details?.['suggested'];
  return {
    layers: layers as LayerChoice['layers'],
    suggested: typeof suggested === 'string' ? suggested : undefined,
  };
}

/**
 * Asks which layer of a plain TF.js model gives the features (the suggested one, the last pooling
 * or flatten layer before its classifier, is chosen already), then imports with it.
 */
export function FeatureLayerPicker(props: {
  choice: LayerChoice;
  onPick(layer: string): Promise<void>;
  onCancel(): void;
}) {
  const { layers, suggested } = props.choice;
  const [layer, setLayer] = useState(suggested ?? layers.at(-1)?.name ?? '');
  const [busy, setBusy] = useState(false);
  const pick = async () => {
    setBusy(true);
    await props.onPick(layer).finally(() => setBusy(false));
  };
  return (
    <Alert
      severity="info"
      data-testid="feature-layer-picker"
      sx={{ '& .MuiAlert-message': { flex: 1 } }}
    >
      <Typography variant="subtitle2">{S.featureLayerTitle}</Typography>
      <Typography variant="body2" sx={{ mb: 2 }}>
        {S.featureLayerHelp}
      </Typography>
      <FormControl fullWidth size="small">
        <InputLabel id="feature-layer-label">{S.featureLayerLabel}</InputLabel>
        <Select
          labelId="feature-layer-label"
          label={S.featureLayerLabel}
          value={layer}
          onChange={(e) => setLayer(e.target.value)}
          data-testid="feature-layer-select"
        >
          {layers.map((l) => (
            <MenuItem key={l.name} value={l.name}>
              {S.layerOption(l.name, l.className, l.outputShape, l.name === suggested)}
            </MenuItem>
          ))}
        </Select>
      </FormControl>
      <Box sx={{ display: 'flex', gap: 1, mt: 1 }}>
        <Button
          variant="contained"
          size="small"
          disabled={busy || !layer}
          onClick={() => void pick()}
        >
          {S.useLayer}
        </Button>
        <Button size="small" disabled={busy} onClick={props.onCancel}>
          {S.cancelLayer}
        </Button>
      </Box>
    </Alert>
  );
}
