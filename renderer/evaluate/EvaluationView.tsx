import { Box, Button, Stack, Typography } from '@mui/material';
import { useState, type ReactNode } from 'react';
import type { ResponseOf } from '../../src/common/contract/contract.js';
import { STRINGS } from '../app/strings.js';
import { cellImages, hardestCorrect, type Cell, type Verdict } from './cellImages.js';
import { EvaluationSummary } from './EvaluationSummary.js';
import type { ImageMoves } from './imageMoves.js';
import { TextVerdictCard } from './TextVerdictCard.js';
import { VerdictCard } from './VerdictCard.js';
import { VerdictPages } from './VerdictPages.js';

const S = STRINGS.evaluate;
const T = STRINGS.text;
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

/** What the view calls its examples, and how it shows one. */
interface Examples {
  columns: readonly string[];
  cellHint: string;
  cellTitle(actual: string, predicted: string, n: number): string;
  allMistakes(n: number): string;
  noneInCell: string;
  listedOnly(shown: number, total: number): string;
  cardWidth: number;
  card(verdict: Verdict, classes: string[], images: EvaluatedImages): ReactNode;
}

const IMAGES: Examples = {
  columns: S.perClass,
  cellHint: S.cellHint,
  cellTitle: S.cellTitle,
  allMistakes: S.allMistakes,
  noneInCell: S.noImages,
  listedOnly: S.listedOnly,
  cardWidth: 180,
  card: (v, classes, images) => (
    <VerdictCard
      key={v.index}
      verdict={v}
      path={v.path ?? images.paths?.[v.index]}
      classes={classes}
      images={images}
    />
  ),
};

const TEXTS: Examples = {
  columns: T.perClass,
  cellHint: T.cellHint,
  cellTitle: T.cellTitle,
  allMistakes: T.allMistakes,
  noneInCell: T.noTexts,
  listedOnly: T.listedOnly,
  cardWidth: 280,
  card: (v, classes, images) => (
    <TextVerdictCard
      key={`${v.index}:${v.path ?? ''}`}
      verdict={v}
      classes={classes}
      moves={images.moves}
    />
  ),
};

/**
 * Accuracy, per-class precision/recall, the confusion matrix and the images (or texts) behind its
 * cells, a page at a time.
 */
export function EvaluationView(props: {
  evaluation: Evaluation;
  /** The accuracy line: says which images these are. */
  heading: string;
  images: EvaluatedImages;
  modality?: 'image' | 'text';
}) {
  const { evaluation, images } = props;
  const examples = props.modality === 'text' ? TEXTS : IMAGES;
  const [cell, setCell] = useState<Cell | undefined>();
  const shown = cellImages(evaluation, cell);
  const hardest = hardestCorrect(evaluation, HARDEST_SHOWN);
  const render = (v: Verdict) => examples.card(v, evaluation.classes, images);
  return (
    <Stack spacing={3}>
      <Typography variant="h6" data-testid="accuracy">
        {props.heading}
      </Typography>
      <EvaluationSummary
        evaluation={evaluation}
        columns={examples.columns}
        cellHint={examples.cellHint}
        cell={cell}
        onSelect={setCell}
      />
      <Box>
        <Stack direction="row" spacing={2} alignItems="center">
          <Typography variant="subtitle1" component="h3" data-testid="cell-title">
            {cell
              ? examples.cellTitle(
                  evaluation.classes[cell.actual] ?? '?',
                  evaluation.classes[cell.predicted] ?? '?',
                  shown.total,
                )
              : examples.allMistakes(shown.total)}
          </Typography>
          {cell && (
            <Button size="small" onClick={() => setCell(undefined)}>
              {S.showAllMistakes}
            </Button>
          )}
        </Stack>
        {shown.total === 0 && (
          <Typography>{cell ? examples.noneInCell : S.noMistakesHere}</Typography>
        )}
        {shown.verdicts.length < shown.total && (
          <Typography variant="body2" color="text.secondary">
            {examples.listedOnly(shown.verdicts.length, shown.total)}
          </Typography>
        )}
        <VerdictPages
          key={cell ? `${cell.actual}-${cell.predicted}` : 'all'}
          verdicts={shown.verdicts}
          cardWidth={examples.cardWidth}
          renderVerdict={render}
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
            cardWidth={examples.cardWidth}
            renderVerdict={render}
            testId="hardest"
          />
        </Box>
      )}
    </Stack>
  );
}
