import { Alert, Box, Button, Stack, Typography } from '@mui/material';
import { useState } from 'react';
import { STRINGS } from '../app/strings.js';
import { useBridgeQuery } from '../app/useBridgeQuery.js';
import { useWorkspace } from '../app/workspace.js';
import { cellImages, type Cell } from './cellImages.js';
import { EvaluationSummary } from './EvaluationSummary.js';
import { useImageMoves } from './imageMoves.js';
import { TextVerdicts } from './TextVerdicts.js';

const S = STRINGS.evaluate;
const T = STRINGS.text;

/**
 * The Evaluate screen for a text model: accuracy and per-class metrics on its validation texts,
 * the confusion matrix, and the texts behind each cell as cards. Mistakes in a folder of .txt
 * files can be moved to the class the model chose.
 */
export function TextEvaluation({ modelDir }: { modelDir: string }) {
  const { state } = useWorkspace();
  const moves = useImageMoves();
  const [cell, setCell] = useState<Cell | undefined>();
  const session = state.runs.find((r) => r.result?.modelDir === modelDir)?.result;
  const { data: loaded, error } = useBridgeQuery(
    'model.evaluateValidation',
    session?.validation ? undefined : { modelDir },
  );
  const evaluation = session?.validation ?? loaded;
  if (error && !evaluation) return <Alert severity="warning">{error}</Alert>;
  if (!evaluation) return <Alert severity="info">{S.evaluatingValidation}</Alert>;
  const shown = cellImages(evaluation, cell);
  const folders = state.dataset?.report.text?.layout === 'class-folders';
  return (
    <Stack spacing={3}>
      <Typography variant="h5" component="h2">
        {S.title}
      </Typography>
      <Typography variant="h6" data-testid="accuracy">
        {T.accuracy(evaluation.accuracy, evaluation.count)}
      </Typography>
      <EvaluationSummary
        evaluation={evaluation}
        columns={T.perClass}
        cellHint={T.cellHint}
        cell={cell}
        onSelect={setCell}
      />
      <Box>
        <Stack direction="row" spacing={2} alignItems="center">
          <Typography variant="subtitle1" component="h3" data-testid="cell-title">
            {cell
              ? T.cellTitle(
                  evaluation.classes[cell.actual] ?? '?',
                  evaluation.classes[cell.predicted] ?? '?',
                  shown.total,
                )
              : T.allMistakes(shown.total)}
          </Typography>
          {cell && (
            <Button size="small" onClick={() => setCell(undefined)}>
              {S.showAllMistakes}
            </Button>
          )}
        </Stack>
        {shown.total === 0 && <Typography>{cell ? T.noTexts : S.noMistakesHere}</Typography>}
        <TextVerdicts
          verdicts={shown.verdicts}
          classes={evaluation.classes}
          moves={folders ? moves : undefined}
          testId="mistakes"
        />
      </Box>
      {moves.snackbar}
    </Stack>
  );
}
