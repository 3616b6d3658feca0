import { Box, Button, Stack, Typography } from '@mui/material';
import { useState } from 'react';
import type { ResponseOf } from '../../src/common/contract/contract.js';
import { STRINGS } from '../app/strings.js';
import { cellImages, hardestCorrect, type Cell } from './cellImages.js';
import { EvaluationSummary } from './EvaluationSummary.js';
import type { ImageMoves } from './imageMoves.js';
import { VerdictPages } from './VerdictPages.js';

const S = STRINGS.evaluate;
/** Right answers the model was unsure of: one page's worth is enough to learn from. */
const HARDEST_SHOWN = 12;

export type Evaluation = ResponseOf<'model.evaluate'>;

/** Where the evaluated images are, for their thumbnails and for moving them. */
export interface EvaluatedImages {
  /** The folder the image paths are inside. */
  dataset: string;
  /** A training run's verdicts point into its validation paths by index. */
  paths: readonly string[] | undefined;
  /** Absent: the images are not the project's, so there is nothing to move them to. */
  moves: ImageMoves | undefined;
}

/** Accuracy, per-class precision/recall, the confusion matrix and the images behind its cells. */
export function EvaluationView(props: {
  evaluation: Evaluation;
  /** The accuracy line: says which images these are. */
  heading: string;
  images: EvaluatedImages;
}) {
  const { evaluation, images } = props;
  const [cell, setCell] = useState<Cell | undefined>();
  const shown = cellImages(evaluation, cell);
  const hardest = hardestCorrect(evaluation, HARDEST_SHOWN);
  return (
    <Stack spacing={3}>
      <Typography variant="h6" data-testid="accuracy">
        {props.heading}
      </Typography>
      <EvaluationSummary
        evaluation={evaluation}
        columns={S.perClass}
        cellHint={S.cellHint}
        cell={cell}
        onSelect={setCell}
      />
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
        {shown.total === 0 && <Typography>{cell ? S.noImages : S.noMistakesHere}</Typography>}
        {shown.verdicts.length < shown.total && (
          <Typography variant="body2" color="text.secondary">
            {S.listedOnly(shown.verdicts.length, shown.total)}
          </Typography>
        )}
        <VerdictPages
          key={cell ? `${cell.actual}-${cell.predicted}` : 'all'}
          verdicts={shown.verdicts}
          classes={evaluation.classes}
          images={images}
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
            images={images}
            testId="hardest"
          />
        </Box>
      )}
    </Stack>
  );
}
