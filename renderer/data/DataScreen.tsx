import {
  Alert,
  Box,
  Button,
  Card,
  CardContent,
  LinearProgress,
  List,
  ListItem,
  ListItemText,
  Stack,
  TextField,
  Typography,
} from '@mui/material';
import { useState, type FormEvent } from 'react';
import type { ScanReport } from '../../src/common/dataset.js';
import { useBridge } from '../app/bridgeContext.js';
import { STRINGS } from '../app/strings.js';
import { classCards, problemGroups } from './datasetView.js';

const S = STRINGS.data;

/** Import a dataset by its path and see classes, counts, warnings and every skipped file. */
export function DataScreen() {
  const bridge = useBridge();
  const [path, setPath] = useState('');
  const [report, setReport] = useState<ScanReport | undefined>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>();

  const scan = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      setReport(await bridge.call('dataset.scan', { path: path.trim() }));
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Stack spacing={2}>
      <Typography variant="h5" component="h2">
        {S.title}
      </Typography>
      <Box component="form" onSubmit={scan} sx={{ display: 'flex', gap: 1 }}>
        <TextField
          fullWidth
          size="small"
          label={S.pathLabel}
          value={path}
          onChange={(e) => setPath(e.target.value)}
          inputProps={{ 'data-testid': 'dataset-path' }}
        />
        <Button type="submit" variant="contained" disabled={busy || path.trim() === ''}>
          {busy ? S.scanning : S.scan}
        </Button>
      </Box>
      {busy && <LinearProgress />}
      {error && <Alert severity="error">{error}</Alert>}
      {report && <ScanResult report={report} />}
    </Stack>
  );
}

function ScanResult({ report }: { report: ScanReport }) {
  const groups = problemGroups(report);
  return (
    <Stack spacing={2} data-testid="scan-result">
      <Typography>
        {S.summary(report.files.imported, report.files.skipped, report.classes.length)}
      </Typography>
      <Box
        sx={{
          display: 'grid',
          gap: 2,
          gridTemplateColumns: 'repeat(auto-fill, minmax(200px, 1fr))',
        }}
      >
        {classCards(report).map((card) => (
          <Card key={card.name} variant="outlined" data-testid="class-card">
            <CardContent>
              <Typography variant="h6" component="h3">
                {card.name}
              </Typography>
              <Typography color="text.secondary">{S.images(card.count)}</Typography>
              {card.splitText && <Typography variant="body2">{card.splitText}</Typography>}
              {card.warnings.map((w) => (
                <Alert key={w} severity="warning" sx={{ mt: 1 }}>
                  {w}
                </Alert>
              ))}
            </CardContent>
          </Card>
        ))}
      </Box>
      {report.warnings.length > 0 && (
        <Box>
          <Typography variant="h6" component="h3">
            {S.warnings}
          </Typography>
          {report.warnings.map((w) => (
            <Alert key={w.message} severity="warning" sx={{ mt: 1 }}>
              {w.message}
            </Alert>
          ))}
        </Box>
      )}
      <Box data-testid="problems">
        <Typography variant="h6" component="h3">
          {S.problems}
        </Typography>
        {groups.length === 0 && <Typography>{S.noProblems}</Typography>}
        {groups.map((group) => (
          <Box key={group.code}>
            <Typography variant="subtitle1">
              {group.title} ({group.files.length})
            </Typography>
            <List dense>
              {group.files.map((file) => (
                <ListItem key={file.path}>
                  <ListItemText primary={file.path} secondary={file.reason} />
                </ListItem>
              ))}
            </List>
          </Box>
        ))}
      </Box>
    </Stack>
  );
}
