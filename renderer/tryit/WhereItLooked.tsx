import { Alert, Box, FormControlLabel, LinearProgress, Switch, Typography } from '@mui/material';
import type { ResponseOf } from '../../src/common/contract/contract.js';
import { STRINGS } from '../app/strings.js';
import { useBridgeQuery } from '../app/useBridgeQuery.js';

const S = STRINGS.tryIt;
export type Explanation = ResponseOf<'model.explain'>[number];

/** The "Show where it looked" switch and, while it is on, the engine's Grad-CAM overlays by path. */
export function useWhereItLooked(
  modelDir: string | undefined,
  paths: readonly string[],
  on: boolean,
): { byPath: Map<string, Explanation>; loading: boolean; error: string | undefined } {
  const images = paths.slice(0, 50);
  const { data, loading, error } = useBridgeQuery(
    'model.explain',
    on && modelDir && images.length > 0 ? { modelDir, images } : undefined,
  );
  return { byPath: new Map((data ?? []).map((e) => [e.path, e])), loading: on && loading, error };
}

export function WhereItLookedSwitch(props: {
  on: boolean;
  onChange: (on: boolean) => void;
  disabled: boolean;
  loading: boolean;
  error: string | undefined;
}) {
  return (
    <Box>
      <FormControlLabel
        control={
          <Switch
            checked={props.on}
            disabled={props.disabled}
            onChange={(e) => props.onChange(e.target.checked)}
          />
        }
        label={S.showWhere}
      />
      {props.on && (
        <Typography variant="body2" color="text.secondary">
          {S.whereHint}
        </Typography>
      )}
      {props.loading && <LinearProgress />}
      {props.error && <Alert severity="warning">{props.error}</Alert>}
    </Box>
  );
}

/** The image with the heatmap laid over it. */
export function LookedOverlay({ explanation, name }: { explanation: Explanation; name: string }) {
  return (
    <Box
      component="img"
      src={explanation.overlay}
      alt={S.whereAlt(name, explanation.class)}
      data-testid="where-it-looked"
      sx={{ display: 'block', maxWidth: 320, width: '100%', borderRadius: 1, my: 1 }}
    />
  );
}
