import {
  Alert,
  Box,
  Button,
  Checkbox,
  FormControlLabel,
  FormGroup,
  Stack,
  TextField,
  Typography,
} from '@mui/material';
import { useRef, useState } from 'react';
import { AppError } from '../../src/common/errors.js';
import { useBridge } from '../app/bridgeContext.js';
import { SendProgress } from '../app/FolderInput.js';
import { STRINGS } from '../app/strings.js';
import { useBridgeQuery } from '../app/useBridgeQuery.js';
import { currentModelDir, useWorkspace } from '../app/workspace.js';
import { DownloadButton } from './DownloadButton.js';
import { exportStepByStep, type Exported, type Format } from './exportRun.js';
import { HandIn } from './HandIn.js';
import { MarkdownView } from './MarkdownView.js';
import { useSuggestedPath } from './useSuggestedPath.js';

const S = STRINGS.export;
const FORMATS: Format[] = ['tfjs', 'onnx', 'keras'];

/** Write the trained model for other tools; every export is loaded back and checked first. */
export function ExportScreen() {
  const bridge = useBridge();
  const { state } = useWorkspace();
  const modelDir = currentModelDir(state);
  const [formats, setFormats] = useState<Format[]>(['tfjs']);
  const { path: out, setPath: setOut, next: nextOut } = useSuggestedPath('export');
  const [overwrite, setOverwrite] = useState(false);
  const [step, setStep] = useState<{ index: number; total: number; format: Format } | undefined>();
  const [results, setResults] = useState<Exported[]>([]);
  const [error, setError] = useState<string | undefined>();
  const controller = useRef<AbortController | undefined>(undefined);
  // How many validation images the run has, when this session knows it: Evaluate counts them all.
  const validationCount = state.runs.find((r) => r.result?.modelDir === modelDir)?.result?.counts
    .validation;
  // A from-scratch text model has no export format: say so rather than offer ones it refuses.
  const info = useBridgeQuery('model.info', modelDir ? { modelDir } : undefined);
  if (!modelDir) return <Alert severity="info">{S.needRun}</Alert>;
  if (info.data?.recipe === 'scratch' && info.data.modality === 'text')
    return <Alert severity="info">{S.scratchText}</Alert>;

  const choose = async () => {
    const chosen = await bridge.call('shell.pickFolder', { purpose: 'export' });
    if (chosen.path) setOut(chosen.path);
  };
  const run = async () => {
    const abort = new AbortController();
    controller.current = abort;
    setError(undefined);
    setResults([]);
    const request = { modelDir, formats, out: out.trim(), overwrite };
    try {
      await exportStepByStep(
        bridge,
        request,
        (index, { format }) => setStep({ index, total: formats.length, format }),
        (result) => setResults((done) => [...done, result]),
        abort.signal,
      );
      // That place is taken now: the next export goes to a new one unless the student says so.
      await nextOut();
    } catch (e) {
      setError(
        e instanceof AppError && e.code === 'CANCELLED' ? S.cancelled : (e as Error).message,
      );
    } finally {
      setStep(undefined);
      controller.current = undefined;
    }
  };
  const toggle = (format: Format, on: boolean) =>
    setFormats((current) => (on ? [...current, format] : current.filter((f) => f !== format)));
  const busy = step !== undefined;

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
      {step && (
        <SendProgress
          testId="export-progress"
          progress={undefined}
          text={S.step(step.index + 1, step.total, S.formats[step.format])}
          cancel={{ label: S.cancel, onClick: () => controller.current?.abort() }}
        />
      )}
      {error && (
        <Alert severity="error" data-testid="export-error">
          {error}
        </Alert>
      )}
      {results.map((r) => (
        <ExportResult key={r.format} result={r} validationCount={validationCount} />
      ))}
      <HandIn modelDir={modelDir} />
    </Stack>
  );
}

/** One written format: where, how well it agreed with the app, and its model card, rendered. */
function ExportResult({
  result: r,
  validationCount,
}: {
  result: Exported;
  validationCount?: number;
}) {
  const bridge = useBridge();
  const fewer =
    r.parity.inputs === 'validation images' &&
    validationCount !== undefined &&
    r.parity.count < validationCount;
  return (
    <Alert severity="success" data-testid="export-result">
      <strong>{S.formats[r.format]}</strong>: {r.path}
      <br />
      {S.parity(r.parity.agreement, r.parity.maxAbsDifference, r.parity.count, r.parity.inputs)}
      {fewer && <> {S.parityFewer(r.parity.count, validationCount)}</>}
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
          <Box sx={{ maxHeight: 420, overflow: 'auto', pt: 1 }}>
            <MarkdownView source={r.modelCard} testId="model-card" />
          </Box>
        </details>
      )}
    </Alert>
  );
}
