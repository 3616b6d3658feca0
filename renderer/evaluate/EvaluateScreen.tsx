import {
  Alert,
  Box,
  Button,
  Card,
  CardActions,
  CardContent,
  LinearProgress,
  Stack,
  Table,
  TableBody,
  TableCell,
  TableRow,
  Typography,
} from '@mui/material';
import { useState } from 'react';
import { useBridge } from '../app/bridgeContext.js';
import { useBridgeQuery } from '../app/useBridgeQuery.js';
import { HeaderRow } from '../app/HeaderRow.js';
import { STRINGS } from '../app/strings.js';
import { currentModelDir, useWorkspace } from '../app/workspace.js';
import type { TrainResult } from '../train/jobState.js';
import { ConfusionMatrix } from './ConfusionMatrix.js';
import { useLookedOnDemand } from './lookedOnDemand.js';

const S = STRINGS.evaluate;

/** Accuracy, per-class precision/recall, the confusion matrix and the images behind its cells. */
export function EvaluateScreen() {
  const { state } = useWorkspace();
  const sessionEvaluation = state.job?.result?.validation;
  const modelDir = currentModelDir(state);
  const [cell, setCell] = useState<{ actual: number; predicted: number } | undefined>();
  // A run reopened from the project: run its model again on the validation images it recorded.
  const { data: loaded, error } = useBridgeQuery(
    'model.evaluateValidation',
    !sessionEvaluation && modelDir ? { modelDir } : undefined,
  );
  const evaluation = sessionEvaluation ?? loaded;
  const paths = sessionEvaluation ? state.job?.result?.validationPaths : undefined;
  if (error && !evaluation) return <Alert severity="warning">{error}</Alert>;
  if (!evaluation || !state.dataset) return <Alert severity="info">{S.needRun}</Alert>;
  const mistakes = evaluation.misclassified.filter(
    (v) => !cell || (v.actual === cell.actual && v.predicted === cell.predicted),
  );
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
      <Box data-testid="mistakes">
        <Typography variant="subtitle1">{S.mistakes}</Typography>
        {mistakes.length === 0 && <Typography>{S.noMistakes}</Typography>}
        <VerdictGrid verdicts={mistakes} classes={evaluation.classes} paths={paths} />
      </Box>
      <Box data-testid="hardest">
        <Typography variant="subtitle1">{S.hardest}</Typography>
        <Typography variant="body2" color="text.secondary">
          {S.hardestHelp}
        </Typography>
        <VerdictGrid verdicts={evaluation.highestLoss} classes={evaluation.classes} paths={paths} />
      </Box>
    </Stack>
  );
}

type Evaluation = NonNullable<TrainResult['validation']>;
type Verdict = Evaluation['misclassified'][number];

/** Images with what the model said, each with its thumbnail; a wrong one can be moved. */
function VerdictGrid(props: {
  verdicts: Verdict[];
  classes: string[];
  /** A training run's verdicts point into its validation paths by index. */
  paths: readonly string[] | undefined;
}) {
  const { verdicts, classes, paths } = props;
  const { state } = useWorkspace();
  return (
    <Box
      sx={{ display: 'grid', gap: 2, gridTemplateColumns: 'repeat(auto-fill, minmax(200px, 1fr))' }}
    >
      {verdicts.map((v) => (
        <Mistake
          key={`${v.index}`}
          dataset={state.dataset?.path ?? ''}
          path={v.path ?? paths?.[v.index]}
          classes={classes}
          predicted={v.predicted}
          probability={v.probabilities[v.predicted] ?? 0}
          canMove={v.predicted !== v.actual}
        />
      ))}
    </Box>
  );
}

function Mistake(props: {
  dataset: string;
  path: string | undefined;
  classes: string[];
  predicted: number;
  probability: number;
  /** False for an image the model got right (nothing to move). */
  canMove?: boolean;
}) {
  const bridge = useBridge();
  const { state } = useWorkspace();
  const [moved, setMoved] = useState<string | undefined>();
  const [error, setError] = useState<string | undefined>();
  const { dataset, path } = props;
  const predictedName = props.classes[props.predicted] ?? '?';
  const thumbnail = useBridgeQuery(
    'dataset.thumbnails',
    path ? { dataset, paths: [path], size: 128 } : undefined,
  ).data?.[0]?.dataUrl;
  const looked = useLookedOnDemand(currentModelDir(state), dataset, path, predictedName);
  const move = async () => {
    if (!path) return;
    try {
      setMoved(
        (await bridge.call('dataset.moveToClass', { dataset, path, toClass: predictedName })).path,
      );
    } catch (e) {
      setError((e as Error).message);
    }
  };
  return (
    <Card variant="outlined">
      {looked.overlay ? (
        <img
          src={looked.overlay}
          alt={STRINGS.evaluate.whereAlt(path ?? '', predictedName)}
          width="100%"
          data-testid="where-it-looked"
        />
      ) : (
        thumbnail && <img src={thumbnail} alt={path} width="100%" />
      )}
      {looked.loading && <LinearProgress />}
      <CardContent>
        <Typography variant="body2">{path}</Typography>
        <Typography variant="body2" color="text.secondary">
          {STRINGS.evaluate.predicted(predictedName, props.probability)}
        </Typography>
        {moved && <Alert severity="success">{STRINGS.evaluate.moved(moved)}</Alert>}
        {error && <Alert severity="error">{error}</Alert>}
        {looked.error && <Alert severity="warning">{looked.error}</Alert>}
      </CardContent>
      <CardActions>
        {props.canMove !== false && (
          <Button size="small" disabled={!path || moved !== undefined} onClick={() => void move()}>
            {STRINGS.evaluate.moveTo(predictedName)}
          </Button>
        )}
        <Button size="small" disabled={!looked.available} onClick={looked.toggle}>
          {looked.on ? STRINGS.evaluate.hideWhere : STRINGS.evaluate.showWhere}
        </Button>
      </CardActions>
    </Card>
  );
}
