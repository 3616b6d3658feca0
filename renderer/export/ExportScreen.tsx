import {
  Alert,
  Box,
  Button,
  Checkbox,
  FormControlLabel,
  FormGroup,
  LinearProgress,
  Stack,
  TextField,
  Typography,
} from '@mui/material';
import { useState } from 'react';
import type { ResponseOf } from '../../src/common/contract/contract.js';
import { useBridge } from '../app/bridgeContext.js';
import { STRINGS } from '../app/strings.js';
import { currentModelDir, useWorkspace } from '../app/workspace.js';
import { DownloadButton } from './DownloadButton.js';
import { HandIn } from './HandIn.js';
import { useSuggestedPath } from './useSuggestedPath.js';

const S = STRINGS.export;
type Format = 'tfjs' | 'onnx' | 'keras';
const FORMATS: Format[] = ['tfjs', 'onnx', 'keras'];

/** Write the trained model for other tools; every export is loaded back and checked first. */
export function ExportScreen() {
  const bridge = useBridge();
  const { state } = useWorkspace();
  const modelDir = currentModelDir(state);
  const [formats, setFormats] = useState<Format[]>(['tfjs']);
  const { path: out, setPath: setOut, next: nextOut } = useSuggestedPath('export');
  const [overwrite, setOverwrite] = useState(false);
  const [busy, setBusy] = useState(false);
  const [results, setResults] = useState<ResponseOf<'model.export'>>([]);
  const [error, setError] = useState<string | undefined>();
  if (!modelDir) return <Alert severity="info">{S.needRun}</Alert>;

  const choose = async () => {
    const chosen = await bridge.call('shell.pickFolder', { purpose: 'export' });
    if (chosen.path) setOut(chosen.path);
  };
  const run = async () => {
    setBusy(true);
    setError(undefined);
    setResults([]);
    try {
      setResults(
        await bridge.call('model.export', { modelDir, formats, out: out.trim(), overwrite }),
      );
      // That place is taken now: the next export goes to a new one unless the student says so.
      await nextOut();
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };
  const toggle = (format: Format, on: boolean) =>
    setFormats((current) => (on ? [...current, format] : current.filter((f) => f !== format)));

  return (
    <Stack spacing={2}>
      <Typography variant="h5" component="h2">
        {S.title}
      </Typography>
      <FormGroup row>
        {FORMATS.map((format) => (
          <FormControlLabel
            key={format}
            label={S.formats[format]}
            control={
              <Checkbox
                checked={formats.includes(format)}
                onChange={(e) => toggle(format, e.target.checked)}
              />
            }
          />
        ))}
      </FormGroup>
      <Box sx={{ display: 'flex', gap: 1 }}>
        <TextField
          fullWidth
          size="small"
          label={S.out}
          value={out}
          onChange={(e) => setOut(e.target.value)}
          slotProps={{ htmlInput: { 'data-testid': 'export-path' } }}
        />
        {bridge.kind === 'electron' && (
          <Button variant="outlined" onClick={() => void choose()}>
            {S.choose}
          </Button>
        )}
      </Box>
      <FormControlLabel
        label={S.overwrite}
        control={<Checkbox checked={overwrite} onChange={(e) => setOverwrite(e.target.checked)} />}
      />
      <Box>
        <Button
          variant="contained"
          disabled={busy || formats.length === 0 || out.trim() === ''}
          onClick={() => void run()}
        >
          {S.run}
        </Button>
      </Box>
      {busy && <LinearProgress />}
      {error && <Alert severity="error">{error}</Alert>}
      {results.map((r) => (
        <Alert key={r.format} severity="success" data-testid="export-result">
          <strong>{S.formats[r.format]}</strong>: {r.path}
          <br />
          {S.parity(r.parity.agreement, r.parity.maxAbsDifference, r.parity.count, r.parity.inputs)}
          {bridge.kind === 'electron' && (
            <Box>
              <Button
                size="small"
                onClick={() => void bridge.call('shell.showInFolder', { path: r.path })}
              >
                {S.show}
              </Button>
            </Box>
          )}
          <DownloadButton path={r.path} label={S.download} />
          {r.modelCard && (
            <details>
              <summary>{S.card}</summary>
              <Box
                component="pre"
                sx={{ whiteSpace: 'pre-wrap', fontSize: 12, maxHeight: 320, overflow: 'auto' }}
              >
                {r.modelCard}
              </Box>
            </details>
          )}
        </Alert>
      ))}
      <HandIn modelDir={modelDir} />
    </Stack>
  );
}
