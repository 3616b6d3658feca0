import {
  Alert,
  Box,
  FormControl,
  InputLabel,
  MenuItem,
  Select,
  Slider,
  Stack,
  Typography,
} from '@mui/material';
import { useEffect, useMemo, useState } from 'react';
import { useBridgeQuery } from '../app/useBridgeQuery.js';
import { STRINGS } from '../app/strings.js';
import { useWorkspace } from '../app/workspace.js';
import { AddPack } from './AddPack.js';
import { HeadSelect } from './HeadSelect.js';
import { TextBase } from './TextBase.js';
import { freezeStops, stopIndex } from './freezeOptions.js';
import { LayerTable } from './LayerTable.js';

const S = STRINGS.model;

/** Pick a base model, see its layers, choose what fine-tuning unfreezes, and the new head. */
export function ModelScreen() {
  const { state, dispatch } = useWorkspace();
  const unfreezeFrom = state.settings.unfreezeFrom;
  const overrides = state.settings.layerOverrides;

  const [listed, setListed] = useState(0);
  const { data: models, error: listError } = useBridgeQuery('bases.list', {}, listed);
  const added = (path: string) => {
    setListed((n) => n + 1);
    dispatch({ type: 'base', base: path });
  };
  const usable = useMemo(
    // A plain TF.js model is usable once it was imported with its feature layer.
    () => (models?.packs ?? []).filter((p) => !p.problem && (p.architecture || p.featureLayer)),
    [models],
  );
  useEffect(() => {
    if (!state.base && usable[0]) dispatch({ type: 'base', base: usable[0].path });
  }, [state.base, usable, dispatch]);
  const { data: summary, error: summaryError } = useBridgeQuery(
    'bases.summary',
    state.base ? { base: state.base, unfreezeFrom, overrides } : undefined,
  );
  const error = listError ?? summaryError;
  if (state.dataset?.report.modality === 'text') return <TextBase />;

  if (error) return <Alert severity="error">{error}</Alert>;
  if (!models) return null;
  if (usable.length === 0)
    return (
      <Stack spacing={2}>
        <Alert severity="info">{S.noPacks}</Alert>
        <AddPack onAdded={added} />
      </Stack>
    );
  const stops = summary ? freezeStops(summary.blocks) : ['top' as const];
  const catalogEntry = (architecture?: string) => models.catalog.find((c) => c.id === architecture);
  const setUnfreeze = (value: number | 'top') =>
    dispatch({
      type: 'settings',
      settings: { ...state.settings, unfreezeFrom: value, layerOverrides: {} },
    });
  const setLayer = (name: string, trains: boolean) =>
    dispatch({
      type: 'settings',
      settings: { ...state.settings, layerOverrides: { ...overrides, [name]: trains } },
    });

  return (
    <Stack spacing={3}>
      <Typography variant="h5" component="h2">
        {S.title}
      </Typography>
      <FormControl sx={{ maxWidth: 640 }}>
        <InputLabel id="base-label">{S.pick}</InputLabel>
        <Select
          labelId="base-label"
          label={S.pick}
          value={state.base ?? ''}
          onChange={(e) => dispatch({ type: 'base', base: e.target.value })}
          data-testid="base-select"
        >
          {usable.map((pack) => {
            const entry = catalogEntry(pack.architecture);
            return (
              <MenuItem key={pack.path} value={pack.path}>
                <Box>
                  <Typography>
                    {entry || pack.architecture
                      ? `${entry?.name ?? pack.architecture} — ${pack.name}`
                      : pack.name}
                  </Typography>
                  {entry && (
                    <Typography variant="body2" color="text.secondary">
                      {S.packHint(entry.family, entry.inputSize, entry.imagenetTop1)}
                    </Typography>
                  )}
                </Box>
              </MenuItem>
            );
          })}
        </Select>
      </FormControl>

      <AddPack onAdded={added} />

      {summary && (
        <Box sx={{ maxWidth: 640 }}>
          <Typography id="freeze-label" variant="subtitle1">
            {S.freeze}: {unfreezeFrom === 'top' ? S.noFineTune : S.block(unfreezeFrom)}
          </Typography>
          <Typography variant="body2" color="text.secondary">
            {S.freezeHelp}
          </Typography>
          <Slider
            aria-label={S.freezeSlider}
            data-testid="freeze-slider"
            value={stopIndex(stops, unfreezeFrom)}
            min={0}
            max={stops.length - 1}
            step={1}
            marks
            getAriaValueText={(i) => String(stops[i])}
            onChange={(_, index) => setUnfreeze(stops[index as number] ?? 'top')}
          />
          <Typography data-testid="trainable-params">
            {S.params(summary.trainableParams, summary.totalParams)}
          </Typography>
        </Box>
      )}

      <HeadSelect labelId="head-label" />

      {summary && (
        <LayerTable
          summary={summary}
          unfreezeFrom={unfreezeFrom}
          overridden={Object.keys(overrides).length}
          onToggle={setLayer}
          onReset={() =>
            dispatch({ type: 'settings', settings: { ...state.settings, layerOverrides: {} } })
          }
        />
      )}
    </Stack>
  );
}
