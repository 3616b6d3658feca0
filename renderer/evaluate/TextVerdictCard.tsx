import { Box, Button, Card, CardActions, CardContent, Typography } from '@mui/material';
import { useState } from 'react';
import { ProbabilityBars } from '../app/ProbabilityBars.js';
import { STRINGS } from '../app/strings.js';
import { currentModelDir, useWorkspace } from '../app/workspace.js';
import { TextWhereItLooked, useTextLooked } from '../tryit/TextWhereItLooked.js';
import type { Verdict } from './cellImages.js';
import type { ImageMoves } from './imageMoves.js';

const T = STRINGS.text;

/**
 * One text the model judged: how it starts, every class's probability, and for a mistake in a
 * folder of .txt files, a button that moves the file to the predicted class. On demand, the
 * shown text with its words tinted by how much each pushed toward the predicted class.
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
  const { state } = useWorkspace();
  const [lookOn, setLookOn] = useState(false);
  const modelDir = currentModelDir(state);
  const shown = v.text ?? '';
  const looked = useTextLooked(modelDir, lookOn ? shown : undefined, predicted);
  return (
    <Card variant="outlined" data-testid="text-verdict">
      <CardContent>
        <Typography variant="body2" color="text.secondary">
          {T.mistakeProbabilities(actual, predicted)}
          {v.path ? ` · ${v.path}` : ''}
        </Typography>
        {lookOn ? (
          <Box sx={{ my: 1 }}>
            <TextWhereItLooked
              text={shown}
              explanation={looked.explanation}
              loading={looked.loading}
              error={looked.error}
              compact
            />
            {shown.endsWith('…') && (
              <Typography variant="caption" color="text.secondary">
                {T.excerptNote}
              </Typography>
            )}
          </Box>
        ) : (
          <Typography sx={{ my: 1, overflowWrap: 'anywhere' }}>{v.text ?? v.path}</Typography>
        )}
        <ProbabilityBars probabilities={probabilities} compact />
      </CardContent>
      <CardActions>
        {moves &&
          v.path &&
          v.actual !== v.predicted &&
          (movedTo ? (
            <Typography variant="body2">{T.moved(predicted)}</Typography>
          ) : (
            <Button
              size="small"
              disabled={moves.busy}
              onClick={() => void moves.move(v.path as string, actual, predicted)}
            >
              {T.moveTo(predicted)}
            </Button>
          ))}
        <Button
          size="small"
          disabled={!modelDir || !v.text}
          aria-pressed={lookOn}
          onClick={() => setLookOn((was) => !was)}
        >
          {lookOn ? T.hideWhere : T.whereButton}
        </Button>
      </CardActions>
    </Card>
  );
}
