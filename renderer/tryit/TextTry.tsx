import { Alert, Box, FormControlLabel, Stack, Switch, TextField, Typography } from '@mui/material';
import { useEffect, useState } from 'react';
import { ProbabilityBars } from '../app/ProbabilityBars.js';
import { STRINGS } from '../app/strings.js';
import { useBridgeQuery } from '../app/useBridgeQuery.js';
import { TextWhereItLooked, useTextLooked } from './TextWhereItLooked.js';

const T = STRINGS.text;
/** Quiet time after a keystroke before the text is classified: one request per pause, not per key. */
const DEBOUNCE_MS = 250;

/**
 * Try it for a text model: what is typed goes to the model once typing pauses, and every class's
 * probability shows as a bar. A request overtaken by newer text is cancelled (useBridgeQuery), so
 * the bars never show an older text's answer. With "where it looked" on, the settled text is also
 * shown with its words tinted by how much each moved the prediction (one occlusion batch).
 */
export function TextTry({ modelDir }: { modelDir: string }) {
  const [text, setText] = useState('');
  const settled = useSettled(text, DEBOUNCE_MS);
  const request = settled.trim() === '' ? undefined : { modelDir, texts: [settled] };
  const { data, error, loading } = useBridgeQuery('model.predictText', request);
  const result = request ? data?.[0] : undefined;
  const [lookOn, setLookOn] = useState(false);
  const looked = useTextLooked(modelDir, lookOn ? settled : undefined);
  return (
    <Stack spacing={2} sx={{ maxWidth: 800 }}>
      <Typography variant="h5" component="h2">
        {T.tryTitle}
      </Typography>
      <TextField
        label={T.tryLabel}
        helperText={T.tryHint}
        multiline
        minRows={3}
        value={text}
        onChange={(e) => setText(e.target.value)}
        slotProps={{ htmlInput: { 'data-testid': 'try-text' } }}
      />
      {error && <Alert severity="error">{error}</Alert>}
      {result && (
        <Box
          data-testid="text-prediction"
          data-text={settled}
          data-busy={loading || settled !== text ? 'true' : 'false'}
        >
          <Typography variant="subtitle1">
            <strong>{result.prediction}</strong>
          </Typography>
          <ProbabilityBars probabilities={result.probabilities} />
        </Box>
      )}
      <Box>
        <FormControlLabel
          control={
            <Switch
              checked={lookOn}
              onChange={(e) => setLookOn(e.target.checked)}
              slotProps={{ input: { 'aria-describedby': 'text-where-hint' } }}
            />
          }
          label={T.showWhere}
        />
        <Typography id="text-where-hint" variant="body2" color="text.secondary">
          {T.whereHint}
        </Typography>
      </Box>
      {lookOn && request && (
        <TextWhereItLooked
          text={settled}
          explanation={looked.explanation}
          loading={looked.loading}
          error={looked.error}
        />
      )}
    </Stack>
  );
}

/** The value once it has stopped changing for `ms`. */
function useSettled<T>(value: T, ms: number): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return settled;
}
