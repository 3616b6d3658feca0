import {
  Alert,
  Box,
  Button,
  Stack,
  Table,
  TableBody,
  TableCell,
  TableRow,
  Typography,
} from '@mui/material';
import { useState } from 'react';
import { useBridgeQuery } from '../app/useBridgeQuery.js';
import { HeaderRow } from '../app/HeaderRow.js';
import { STRINGS } from '../app/strings.js';
import { currentModelDir, useWorkspace } from '../app/workspace.js';
import { cellImages, hardestCorrect, type Cell } from './cellImages.js';
import { ConfusionMatrix } from './ConfusionMatrix.js';
import { useImageMoves } from './imageMoves.js';
import { VerdictPages } from './VerdictPages.js';

const S = STRINGS.evaluate;
/** Right answers the model was unsure of: one page's worth is enough to learn from. */
const HARDEST_SHOWN = 12;

/** Accuracy, per-class precision/recall, the confusion matrix and the images behind its cells. */
export function EvaluateScreen() {
  const { state } = useWorkspace();
  const sessionEvaluation = state.job?.result?.validation;
  const modelDir = currentModelDir(state);
  const [cell, setCell] = useState<Cell | undefined>();
  const moves = useImageMoves();
  // A run reopened from the project: run its model again on the validation images it recorded.
  const { data: loaded, error } = useBridgeQuery(
    'model.evaluateValidation',
    !sessionEvaluation && modelDir ? { modelDir } : undefined,
  );
  const evaluation = sessionEvaluation ?? loaded;
  const paths = sessionEvaluation ? state.job?.result?.validationPaths : undefined;
  if (error && !evaluation) return <Alert severity="warning">{error}</Alert>;
  if (!evaluation || !state.dataset) return <Alert severity="info">{S.needRun}</Alert>;
  const shown = cellImages(evaluation, cell);
  const hardest = hardestCorrect(evaluation, HARDEST_SHOWN);
  return (
    <Stack spacing={3}>
      <Typography variant="h5" component="h2">
        {S.title}
      </Typography>
      <Typography variant="h6" data-testid="accuracy">
        {S.accuracy(evaluation.accuracy, evaluation.count)}
      </Typography>
      <Table size="small" sx={{ maxWidth: 640 }}>
        <HeaderRow columns={S.perClass} />
        <TableBody>
          {evaluation.perClass.map((m) => (
            <TableRow key={m.name}>
              <TableCell>{m.name}</TableCell>
              <TableCell>{m.precision.toFixed(2)}</TableCell>
              <TableCell>{m.recall.toFixed(2)}</TableCell>
              <TableCell>{m.f1.toFixed(2)}</TableCell>
              <TableCell>{m.support}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      <Box>
        <Typography variant="subtitle1">{S.confusion}</Typography>
        <Typography variant="body2" color="text.secondary">
          {S.cellHint}
        </Typography>
        <ConfusionMatrix
          classes={evaluation.classes}
          matrix={evaluation.confusion}
          selected={cell}
          onSelect={setCell}
        />
      </Box>
      <Box>
        <Stack direction="row" spacing={2} alignItems="center">
          <Typography variant="subtitle1" component="h3" data-testid="cell-title">
            {cell
              ? S.cellTitle(
                  evaluation.classes[cell.actual] ?? '?',
                  evaluation.classes[cell.predicted] ?? '?',
                  shown.total,
                )
              : S.allMistakes(shown.total)}
          </Typography>
          {cell && (
            <Button size="small" onClick={() => setCell(undefined)}>
              {S.showAllMistakes}
            </Button>
          )}
        </Stack>
        {shown.total === 0 && <Typography>{cell ? S.noImages : S.noMistakes}</Typography>}
        {shown.verdicts.length < shown.total && (
          <Typography variant="body2" color="text.secondary">
            {S.listedOnly(shown.verdicts.length, shown.total)}
          </Typography>
        )}
        <VerdictPages
          key={cell ? `${cell.actual}-${cell.predicted}` : 'all'}
          verdicts={shown.verdicts}
          classes={evaluation.classes}
          paths={paths}
          moves={moves}
          testId="mistakes"
        />
      </Box>
      {hardest.length > 0 && (
        <Box>
          <Typography variant="subtitle1" component="h3">
            {S.hardest}
          </Typography>
          <Typography variant="body2" color="text.secondary">
            {S.hardestHelp}
          </Typography>
          <VerdictPages
            verdicts={hardest}
            classes={evaluation.classes}
            paths={paths}
            moves={moves}
            testId="hardest"
          />
        </Box>
      )}
      {moves.snackbar}
    </Stack>
  );
}
