import { Alert, Box, Button, Typography } from '@mui/material';

import { useBridgeQuery } from '../app/useBridgeQuery.js';
import { STRINGS } from '../app/strings.js';
import { useDatasetImport } from './DatasetImport.js';

const S = STRINGS.data;

/**
 * A first start with nothing to import: one click imports the sample that ships with the app
 * (the engine says where its copy is; a web page could not know the path).
 */
export function TrySample() {
  const importer = useDatasetImport();
  const { data: samples, error } = useBridgeQuery('samples.list', {});
  const sample = samples?.[0];
  if (error) return <Alert severity="warning">{error}</Alert>;
  if (!sample) return null;
  return (
    <Box data-testid="try-sample" sx={{ p: 2, border: 1, borderColor: 'divider', borderRadius: 1 }}>
      <Typography variant="subtitle1">{S.sampleTitle}</Typography>
      <Typography variant="body2" color="text.secondary" sx={{ mb: 1 }}>
        {S.sampleAbout(sample.name, sample.imageCount, sample.description)}
      </Typography>
      <Button
        variant="contained"
        color="secondary"
        disabled={importer.busy}
        onClick={() => void importer.importPath(sample.path)}
      >
        {S.trySample}
      </Button>
    </Box>
  );
}
