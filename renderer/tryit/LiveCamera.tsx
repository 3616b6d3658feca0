import { Alert, Box, Button, Stack, Typography } from '@mui/material';
import { useEffect, useState } from 'react';
import type { ResponseOf } from '../../src/common/contract/contract.js';
import { AppError } from '../../src/common/errors.js';
import { useBridge } from '../app/bridgeContext.js';
import { CameraView } from '../app/CameraView.js';
import { ProbabilityBar } from '../app/ProbabilityBars.js';
import { STRINGS } from '../app/strings.js';
import { useCamera } from '../app/useCamera.js';
import { RateMeter } from './liveRate.js';

const S = STRINGS.camera;
/** Longest side of a live frame: above every base's input size, cheap to encode and decode. */
const LIVE_SIDE = 320;
/** Failed frames in a row after which live mode gives up (one failure is retried on the next frame). */
const MAX_FAILURES = 3;

type FramePrediction = ResponseOf<'model.predictFrame'>;

/**
 * Try it's live mode: a button that opens the camera and classifies what it sees (before any
 * training, it shows the camera and says a model is needed).
 */
export function LiveCamera({ modelDir }: { modelDir: string | undefined }) {
  const [on, setOn] = useState(false);
  return (
    <Stack spacing={1}>
      <Box>
        <Button variant="outlined" onClick={() => setOn(!on)} data-testid="live-toggle">
          {on ? S.stopLive : S.live}
        </Button>
      </Box>
      {on && <LiveView modelDir={modelDir} />}
    </Stack>
  );
}

/**
 * One frame at a time: the next frame is taken only once the engine answered the last, so a
 * slow machine shows fewer predictions a second instead of a growing queue of stale frames.
 */
function LiveView({ modelDir }: { modelDir: string | undefined }) {
  const bridge = useBridge();
  const camera = useCamera();
  const [answer, setAnswer] = useState<{ result: FramePrediction; rate: number; count: number }>();
  const [error, setError] = useState<string | undefined>();
  const live = camera.status.state === 'live';
  const { capture } = camera;

  // Another model's last answer is not this one's: it goes as soon as the model changes.
  const [shownFor, setShownFor] = useState(modelDir);
  if (shownFor !== modelDir) {
    setShownFor(modelDir);
    setAnswer(undefined);
    setError(undefined);
  }

  useEffect(() => {
    if (!live || !modelDir) return;
    const controller = new AbortController();
    const meter = new RateMeter();
    void (async () => {
      let failures = 0;
      for (let count = 1; !controller.signal.aborted;) {
        const jpeg = capture(LIVE_SIDE, 0.85);
        if (!jpeg) {
          await nextPaint();
          continue;
        }
        try {
          const result = await bridge.call(
            'model.predictFrame',
            { modelDir, jpeg },
            { signal: controller.signal },
          );
          if (controller.signal.aborted) return;
          failures = 0;
          setAnswer({ result, rate: meter.tick(performance.now()), count: count++ });
          setError(undefined);
        } catch (e) {
          if (controller.signal.aborted || (e instanceof AppError && e.code === 'CANCELLED'))
            return;
          // One bad frame (a busy engine, a frame that did not decode) is shown and the next frame
          // tried; only failures in a row stop live mode.
          failures += 1;
          const reason = (e as Error).message;
          if (failures >= MAX_FAILURES) {
            setError(S.liveStopped(failures, reason));
            return;
          }
          setError(reason);
          await nextPaint();
        }
      }
    })();
    return () => controller.abort();
  }, [bridge, capture, live, modelDir]);

  return (
    <Box sx={{ display: 'flex', gap: 2, flexWrap: 'wrap', alignItems: 'flex-start' }}>
      <CameraView camera={camera} width={360} />
      {live && !modelDir && <Alert severity="info">{S.needModel}</Alert>}
      {live && modelDir && (
        <Box
          sx={{ flexGrow: 1, minWidth: 260 }}
          data-testid="live-prediction"
          data-count={answer?.count ?? 0}
        >
          <Typography variant="body2" color="text.secondary">
            {S.liveHint}
          </Typography>
          {answer && (
            <>
              <Typography variant="subtitle1">
                <strong data-testid="live-class">{answer.result.prediction}</strong>
                {' · '}
                <span data-testid="live-rate">{S.rate(answer.rate)}</span>
              </Typography>
              {inClassOrder(answer.result.probabilities).map((c) => (
                <ProbabilityBar
                  key={c.class}
                  entry={c}
                  // Frames come faster than the bar's easing: each shows its own value.
                  instant
                  rowProps={{
                    'data-testid': 'live-bar',
                    'data-class': c.class,
                    'data-probability': c.probability,
                  }}
                />
              ))}
            </>
          )}
          {error && (
            <Alert severity="error" data-testid="live-error">
              {error}
            </Alert>
          )}
        </Box>
      )}
    </Box>
  );
}

/** Bars that stay in place from frame to frame (the answer ranks them, which would reshuffle). */
function inClassOrder(probabilities: FramePrediction['probabilities']) {
  return [...probabilities].sort((a, b) => a.class.localeCompare(b.class));
}

/** Waits for the browser's next paint: the camera's first frame is not there yet. */
function nextPaint(): Promise<void> {
  return new Promise((resolve) => requestAnimationFrame(() => resolve()));
}
