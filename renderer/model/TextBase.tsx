import {
  Alert,
  FormControl,
  InputLabel,
  MenuItem,
  Select,
  Stack,
  Table,
  TableBody,
  TableCell,
  TableRow,
  Typography,
} from '@mui/material';
import { HEAD_PRESETS, type HeadPreset } from '../../src/common/training.js';
import { STRINGS } from '../app/strings.js';
import { useWorkspace } from '../app/workspace.js';
import { useTextBase } from './useTextBase.js';

const S = STRINGS.model;
const T = STRINGS.text;

/** The Model screen for a text dataset: the sentence encoder, why it stays frozen, the new head. */
export function TextBase() {
  const { state, dispatch } = useWorkspace();
  const { encoder, error, loading } = useTextBase();
  if (error) return <Alert severity="error">{error}</Alert>;
  if (loading) return null;
  if (!encoder) return <Alert severity="warning">{T.noBase}</Alert>;
  return (
    <Stack spacing={3} data-testid="text-base">
      <Typography variant="h5" component="h2">
        {S.title}
      </Typography>
      <Typography variant="subtitle1" component="h3">
        {T.baseTitle}: {encoder.name}
      </Typography>
      <Typography color="text.secondary">{T.baseHelp}</Typography>
      <Alert severity="info" data-testid="frozen-note">
        {T.frozen}
      </Alert>
      <Table size="small" sx={{ maxWidth: 720 }} aria-label={encoder.name}>
        <TableBody>
          {[
            ['Id', encoder.id],
            ['Parameters', T.params(encoder.totalParams)],
            ['Input', encoder.input],
            ['Output', encoder.output],
            ['Vocabulary', encoder.vocabularySize.toLocaleString()],
            ['License', encoder.license],
          ].map(([label, value]) => (
            <TableRow key={label}>
              <TableCell component="th" scope="row">
                {label}
              </TableCell>
              <TableCell>{value}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      <FormControl sx={{ maxWidth: 640 }}>
        <InputLabel id="text-head-label">{S.head}</InputLabel>
        <Select
          labelId="text-head-label"
          label={S.head}
          value={state.headPreset}
          onChange={(e) => dispatch({ type: 'head', preset: e.target.value as HeadPreset })}
        >
          {Object.keys(HEAD_PRESETS).map((preset) => (
            <MenuItem key={preset} value={preset}>
              {S.heads[preset] ?? preset}
            </MenuItem>
          ))}
        </Select>
      </FormControl>
    </Stack>
  );
}
