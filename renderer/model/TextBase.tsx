import { Alert, Stack, Table, TableBody, TableCell, TableRow, Typography } from '@mui/material';
import { STRINGS } from '../app/strings.js';
import { HeadSelect } from './HeadSelect.js';
import { useTextBase } from './useTextBase.js';

const S = STRINGS.model;
const T = STRINGS.text;

/** The Model screen for a text dataset: the sentence encoder, why it stays frozen, the new head. */
export function TextBase() {
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
      <HeadSelect labelId="text-head-label" />
    </Stack>
  );
}
