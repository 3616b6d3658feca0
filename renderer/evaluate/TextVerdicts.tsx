import {
  Box,
  Button,
  Card,
  CardActions,
  CardContent,
  LinearProgress,
  Typography,
} from '@mui/material';
import { STRINGS } from '../app/strings.js';
import type { Verdict } from './cellImages.js';
import type { ImageMoves } from './imageMoves.js';

const T = STRINGS.text;
/** Cards listed at once: enough to learn from, short enough to read. */
const SHOWN = 12;

type TextVerdict = Verdict & { text?: string };

/**
 * Texts the model judged, each as a card: how it starts, every class's probability, and for a
 * mistake in a folder of .txt files, a button that moves the file to the predicted class.
 */
export function TextVerdicts(props: {
  verdicts: readonly TextVerdict[];
  classes: readonly string[];
  /** Absent: the texts are rows of a table, which the app does not edit. */
  moves: ImageMoves | undefined;
  testId: string;
}) {
  const { verdicts, classes, moves } = props;
  return (
    <Box
      data-testid={props.testId}
      sx={{ display: 'grid', gap: 2, gridTemplateColumns: 'repeat(auto-fill, minmax(280px, 1fr))' }}
    >
      {verdicts.slice(0, SHOWN).map((v) => {
        const actual = classes[v.actual] ?? '?';
        const predicted = classes[v.predicted] ?? '?';
        const movedTo = v.path ? moves?.movedTo(v.path) : undefined;
        return (
          <Card key={`${v.index}:${v.path ?? ''}`} variant="outlined" data-testid="text-verdict">
            <CardContent>
              <Typography variant="body2" color="text.secondary">
                {T.mistakeProbabilities(actual, predicted)}
                {v.path ? ` · ${v.path}` : ''}
              </Typography>
              <Typography sx={{ my: 1, overflowWrap: 'anywhere' }}>{v.text ?? v.path}</Typography>
              {v.probabilities.map((p, c) => (
                <Box key={classes[c] ?? c} sx={{ display: 'flex', alignItems: 'center', gap: 1 }}>
                  <Typography variant="body2" sx={{ width: 100 }} noWrap>
                    {classes[c]}
                  </Typography>
                  <LinearProgress
                    variant="determinate"
                    value={p * 100}
                    sx={{ flexGrow: 1, height: 8, borderRadius: 1 }}
                    aria-label={`${classes[c] ?? c} ${(p * 100).toFixed(1)}%`}
                  />
                  <Typography variant="body2" sx={{ width: 52, textAlign: 'right' }}>
                    {(p * 100).toFixed(1)}%
                  </Typography>
                </Box>
              ))}
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
      })}
    </Box>
  );
}
