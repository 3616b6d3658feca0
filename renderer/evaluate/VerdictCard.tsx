import {
  Alert,
  Button,
  Card,
  CardActions,
  CardContent,
  LinearProgress,
  Typography,
} from '@mui/material';
import { useBridgeQuery } from '../app/useBridgeQuery.js';
import { STRINGS } from '../app/strings.js';
import { currentModelDir, useWorkspace } from '../app/workspace.js';
import { confidenceOf, type Verdict } from './cellImages.js';
import type { EvaluatedImages } from './EvaluationView.js';
import { useLookedOnDemand } from './lookedOnDemand.js';

const S = STRINGS.evaluate;
// A fixed height keeps twelve cards (one page) within a screen or two, whatever the image shape.
const IMAGE_STYLE = { width: '100%', height: 140, objectFit: 'contain', display: 'block' } as const;

/** One evaluated image with what the model said; a mistake can be moved to the predicted class. */
export function VerdictCard(props: {
  verdict: Verdict;
  path: string | undefined;
  classes: string[];
  images: EvaluatedImages;
}) {
  const { verdict, path, classes } = props;
  const { dataset, moves } = props.images;
  const { state } = useWorkspace();
  const predictedName = classes[verdict.predicted] ?? '?';
  const actualName = classes[verdict.actual] ?? '?';
  const movedTo = path ? moves?.movedTo(path) : undefined;
  const thumbnail = useBridgeQuery(
    'dataset.thumbnails',
    // A moved image is shown from where it is now.
    path ? { dataset, paths: [movedTo ?? path], size: 128 } : undefined,
  ).data?.[0]?.dataUrl;
  const looked = useLookedOnDemand(currentModelDir(state), dataset, path, predictedName);
  const wrong = verdict.predicted !== verdict.actual;
  return (
    <Card variant="outlined" data-testid="verdict-card">
      {looked.overlay ? (
        <img
          src={looked.overlay}
          alt={S.whereAlt(path ?? '', predictedName)}
          style={IMAGE_STYLE}
          data-testid="where-it-looked"
        />
      ) : (
        thumbnail && <img src={thumbnail} alt={path} style={IMAGE_STYLE} />
      )}
      {looked.loading && <LinearProgress />}
      <CardContent>
        <Typography variant="body2" sx={{ overflowWrap: 'anywhere' }} data-testid="verdict-path">
          {path}
        </Typography>
        <Typography variant="body2" color="text.secondary">
          {S.predicted(predictedName, confidenceOf(verdict))}
        </Typography>
        {movedTo && <Alert severity="success">{S.moved(movedTo)}</Alert>}
        {looked.error && <Alert severity="warning">{looked.error}</Alert>}
      </CardContent>
      <CardActions>
        {wrong && moves && (
          <Button
            size="small"
            disabled={!path || movedTo !== undefined || moves.busy}
            onClick={() => path && void moves.move(path, actualName, predictedName)}
          >
            {S.moveTo(predictedName)}
          </Button>
        )}
        <Button size="small" disabled={!looked.available || !!movedTo} onClick={looked.toggle}>
          {looked.on ? S.hideWhere : S.showWhere}
        </Button>
      </CardActions>
    </Card>
  );
}
