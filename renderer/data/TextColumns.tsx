import {
  Alert,
  Box,
  Button,
  FormControl,
  InputLabel,
  MenuItem,
  Select,
  Stack,
  Typography,
} from '@mui/material';
import { useState } from 'react';
import type { TextDatasetInfo } from '../../src/common/dataset.js';
import { useBridge } from '../app/bridgeContext.js';
import { STRINGS } from '../app/strings.js';
import { useWorkspace } from '../app/workspace.js';

const T = STRINGS.text;

/**
 * The text and label columns of a table dataset: asked for when the engine could not tell them
 * apart, and changeable afterwards; the table is read again with the chosen ones.
 */
export function TextColumns() {
  const { state } = useWorkspace();
  const dataset = state.dataset;
  const table = dataset?.report.text?.tables[0];
  if (!dataset || dataset.report.text?.layout !== 'table' || !table) return null;
  return (
    <ColumnPicker
      // A new scan starts the choice afresh from what it used.
      key={`${dataset.path}\0${table.textColumn ?? ''}\0${table.labelColumn ?? ''}`}
      path={dataset.path}
      table={table}
      needed={dataset.report.text.columnsNeeded === true}
    />
  );
}

function ColumnPicker(props: {
  path: string;
  table: TextDatasetInfo['tables'][number];
  needed: boolean;
}) {
  const bridge = useBridge();
  const { dispatch } = useWorkspace();
  const { table } = props;
  const [textColumn, setTextColumn] = useState(table.textColumn ?? '');
  const [labelColumn, setLabelColumn] = useState(table.labelColumn ?? '');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>();
  const changed = textColumn !== table.textColumn || labelColumn !== table.labelColumn;
  const ready = textColumn !== '' && labelColumn !== '' && textColumn !== labelColumn && changed;

  const read = async () => {
    setBusy(true);
    setError(undefined);
    try {
      const report = await bridge.call('dataset.scan', {
        path: props.path,
        textColumn,
        labelColumn,
      });
      dispatch({ type: 'dataset', path: props.path, report });
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };
  const select = (id: string, label: string, value: string, set: (v: string) => void) => (
    <FormControl size="small" sx={{ minWidth: 200 }}>
      <InputLabel id={id}>{label}</InputLabel>
      <Select labelId={id} label={label} value={value} onChange={(e) => set(e.target.value)}>
        {table.columns.map((column) => (
          <MenuItem key={column} value={column}>
            {column}
          </MenuItem>
        ))}
      </Select>
    </FormControl>
  );
  return (
    <Stack spacing={1} data-testid="text-columns">
      <Typography variant="subtitle1" component="h3">
        {T.columnsTitle(table.path)}
      </Typography>
      {props.needed && <Alert severity="info">{T.columnsNeeded}</Alert>}
      <Box sx={{ display: 'flex', gap: 2, flexWrap: 'wrap', alignItems: 'center' }}>
        {select('text-column', T.textColumn, textColumn, setTextColumn)}
        {select('label-column', T.labelColumn, labelColumn, setLabelColumn)}
        <Button variant="outlined" disabled={!ready || busy} onClick={() => void read()}>
          {T.readColumns}
        </Button>
      </Box>
      {error && <Alert severity="error">{error}</Alert>}
    </Stack>
  );
}
