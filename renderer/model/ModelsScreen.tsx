import {
  Alert,
  List,
  ListItem,
  ListItemText,
  Stack,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Typography,
} from '@mui/material';
import { useEffect, useState } from 'react';
import type { ResponseOf } from '../../src/common/contract/contract.js';
import { useBridge } from '../app/bridgeContext.js';
import { STRINGS } from '../app/strings.js';

const S = STRINGS.models;

/** The installed model packs and the architectures they can be. */
export function ModelsScreen() {
  const bridge = useBridge();
  const [models, setModels] = useState<ResponseOf<'models.list'> | undefined>();
  const [error, setError] = useState<string | undefined>();
  useEffect(() => {
    bridge.call('models.list', {}).then(setModels, (e: Error) => setError(e.message));
  }, [bridge]);
  if (error) return <Alert severity="error">{error}</Alert>;
  if (!models) return null;
  return (
    <Stack spacing={2}>
      <Typography variant="h5" component="h2">
        {S.installed}
      </Typography>
      <Typography variant="body2" color="text.secondary">
        {S.store(models.store)}
      </Typography>
      {models.packs.length === 0 ? (
        <Alert severity="info">{S.none}</Alert>
      ) : (
        <List dense data-testid="packs">
          {models.packs.map((pack) => (
            <ListItem key={pack.path}>
              <ListItemText
                primary={pack.name}
                secondary={pack.problem ? `${S.problem} ${pack.problem}` : pack.architecture}
              />
            </ListItem>
          ))}
        </List>
      )}
      <Typography variant="h6" component="h3">
        {S.catalog}
      </Typography>
      <Table size="small" data-testid="catalog">
        <TableHead>
          <TableRow>
            {S.columns.map((c) => (
              <TableCell key={c}>{c}</TableCell>
            ))}
          </TableRow>
        </TableHead>
        <TableBody>
          {models.catalog.map((entry) => (
            <TableRow key={entry.id}>
              <TableCell>{entry.name}</TableCell>
              <TableCell>{entry.family}</TableCell>
              <TableCell>{entry.inputSize}</TableCell>
              <TableCell>{entry.featureSize}</TableCell>
              <TableCell>{(entry.imagenetTop1 * 100).toFixed(1)}%</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </Stack>
  );
}
