import { Button, Card, CardActions, CardContent, Typography } from '@mui/material';
import { ProbabilityBars } from '../app/ProbabilityBars.js';
import { STRINGS } from '../app/strings.js';
import type { Verdict } from './cellImages.js';
import type { ImageMoves } from './imageMoves.js';

const T = STRINGS.text;

/**
 * One text the model judged: how it starts, every class's probability, and for a mistake in a
 * folder of .txt files, a button that moves the file to the predicted class.
 */
export function TextVerdictCard(props: {
  verdict: Verdict;
  classes: readonly string[];
  /** Absent: the texts are rows of a table, or not the project's, so nothing moves. */
  moves: ImageMoves | undefined;
}) {
  const { verdict: v, classes, moves } = props;
  const actual = classes[v.actual] ?? '?';
  const predicted = classes[v.predicted] ?? '?';
  const movedTo = v.path ? moves?.movedTo(v.path) : undefined;
  const probabilities = v.probabilities.map((probability, c) => ({
    class: classes[c] ?? String(c),
    probability,
  }));
  return (
    <Card variant="outlined" data-testid="text-verdict">
      <CardContent>
        <Typography variant="body2" color="text.secondary">
          {T.mistakeProbabilities(actual, predicted)}
          {v.path ? ` · ${v.path}` : ''}
        </Typography>
        <Typography sx={{ my: 1, overflowWrap: 'anywhere' }}>{v.text ?? v.path}</Typography>
        <ProbabilityBars probabilities={probabilities} compact />
      </CardContent>
      {moves && v.path && v.actual !== v.predicted && (
        <CardActions>
          {movedTo ? (
            <Typography variant="body2">{T.moved(predicted)}</Typography>
          ) : (
            <Button
              size="small"
              disabled={moves.busy}
              onClick={() => void moves.move(v.path as string, actual, predicted)}
            >
              {T.moveTo(predicted)}
            </Button>
          )}
        </CardActions>
      )}
    </Card>
  );
}
