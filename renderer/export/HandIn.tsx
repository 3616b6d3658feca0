import {
  Alert,
  Box,
  Button,
  Checkbox,
  FormControlLabel,
  LinearProgress,
  Stack,
  TextField,
  Typography,
} from '@mui/material';
import { useState } from 'react';
import { useBridge } from '../app/bridgeContext.js';
import { STRINGS } from '../app/strings.js';
import { useWorkspace } from '../app/workspace.js';
import { DownloadButton } from './DownloadButton.js';
import { useSuggestedPath } from './useSuggestedPath.js';

/** The zip a student hands in: lab report, model, project file, and the images if asked. */
export function HandIn({ modelDir }: { modelDir: string }) {
  const bridge = useBridge();
  const { state } = useWorkspace();
  const [student, setStudent] = useState('');
  const { path: out, setPath: setOut, next: nextOut } = useSuggestedPath('handIn');
  const [zipPath, setZipPath] = useState<string | undefined>();
  const [withData, setWithData] = useState(false);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<{ ok: boolean; text: string } | undefined>();
  const H = STRINGS.handIn;
  const run = async () => {
    setBusy(true);
    setResult(undefined);
    setZipPath(undefined);
    try {
      const written = await bridge.call('project.handIn', {
        modelDir,
        out: out.trim(),
        overwrite: false,
        ...(student.trim() ? { student: student.trim() } : {}),
        ...(state.project ? { project: state.project.folder } : {}),
        ...(withData && state.dataset ? { data: state.dataset.path } : {}),
      });
      setResult({ ok: true, text: H.done(written.path, (written.bytes / 2 ** 20).toFixed(1)) });
      setZipPath(written.path);
      await nextOut();
    } catch (e) {
      setResult({ ok: false, text: (e as Error).message });
    } finally {
      setBusy(false);
    }
  };
  return (
    <Stack spacing={2} sx={{ pt: 3 }}>
      <Typography variant="h6" component="h3">
        {H.title}
      </Typography>
      <Typography variant="body2" color="text.secondary">
        {H.help}
      </Typography>
      <Box sx={{ display: 'flex', gap: 1, flexWrap: 'wrap' }}>
        <TextField
          size="small"
          label={H.student}
          value={student}
          onChange={(e) => setStudent(e.target.value)}
        />
        <TextField
          size="small"
          sx={{ flexGrow: 1 }}
          label={H.out}
          value={out}
          onChange={(e) => setOut(e.target.value)}
          slotProps={{ htmlInput: { 'data-testid': 'hand-in-path' } }}
        />
      </Box>
      <FormControlLabel
        label={H.withData(state.dataset?.report.modality === 'text')}
        control={<Checkbox checked={withData} onChange={(e) => setWithData(e.target.checked)} />}
      />
      <Box>
        <Button variant="outlined" disabled={busy || out.trim() === ''} onClick={() => void run()}>
          {H.run}
        </Button>
      </Box>
      {busy && <LinearProgress />}
      {result && (
        <Alert severity={result.ok ? 'success' : 'error'} data-testid="hand-in-result">
          {result.text}
          {zipPath && <DownloadButton path={zipPath} label={H.download} />}
        </Alert>
      )}
    </Stack>
  );
}
