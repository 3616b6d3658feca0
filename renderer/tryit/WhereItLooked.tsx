import { Alert, Box, FormControlLabel, LinearProgress, Switch, Typography } from '@mui/material';
import { useEffect, useRef, useState } from 'react';
import type { ResponseOf } from '../../src/common/contract/contract.js';
import { useBridge } from '../app/bridgeContext.js';
import { STRINGS } from '../app/strings.js';
import { lookedKey, planLooks, type PendingLook, type TriedImage } from './tryRequests.js';

const S = STRINGS.tryIt;
export type Explanation = ResponseOf<'model.explain'>[number];

/**
 * The "Show where it looked" switch's data: while it is on, the engine's Grad-CAM overlays of the
 * images on screen, by path. Each image is explained once per model and try; a new try asks only
 * for its own images. Requests stop when the model changes, the switch goes off, their images
 * leave the screen or the screen unmounts.
 */
export function useWhereItLooked(
  modelDir: string | undefined,
  images: readonly TriedImage[],
  on: boolean,
): { byPath: Map<string, Explanation>; loading: boolean; error: string | undefined } {
  const bridge = useBridge();
  const [explained, setExplained] = useState<ReadonlyMap<string, Explanation>>(new Map());
  const [error, setError] = useState<string | undefined>();
  const [inFlight, setInFlight] = useState(0);
  const pending = useRef<PendingLook[]>([]);
  // Images whose request failed are not asked again until the switch is turned on again.
  const failed = useRef(new Set<string>());
  const model = useRef(modelDir);
  model.current = modelDir;

  // Keys name their model, so this only frees what another model's overlays held.
  useEffect(() => setExplained(new Map()), [modelDir]);
  // Another model, or the switch off: what was asked is no longer wanted.
  useEffect(() => {
    setError(undefined);
    failed.current = new Set();
    return () => {
      for (const request of pending.current) request.controller.abort();
      pending.current = [];
    };
  }, [modelDir, on]);

  const imagesKey = JSON.stringify(images);
  useEffect(() => {
    if (!on || !modelDir) return;
    const wanted = JSON.parse(imagesKey) as TriedImage[];
    const settled = new Set([...explained.keys(), ...failed.current]);
    const plan = planLooks(modelDir, wanted, settled, pending.current);
    for (const request of plan.drop) request.controller.abort();
    pending.current = pending.current.filter((p) => !plan.drop.includes(p));
    if (plan.ask.length === 0) return;
    const request: PendingLook = {
      keys: plan.ask.map((image) => lookedKey(modelDir, image)),
      controller: new AbortController(),
    };
    pending.current = [...pending.current, request];
    setInFlight((n) => n + 1);
    const { signal } = request.controller;
    const images = plan.ask.map((image) => image.path);
    bridge
      .call('model.explain', { modelDir, images }, { signal })
      .then(
        (answers) => {
          // An answer about another model (or one nobody waits for) is never shown.
          if (signal.aborted || model.current !== modelDir) return;
          setExplained((earlier) => withAnswers(earlier, request.keys, plan.ask, answers));
          setError(undefined);
        },
        (e: Error) => {
          if (signal.aborted) return;
          for (const key of request.keys) failed.current.add(key);
          setError(e.message);
        },
      )
      .finally(() => {
        pending.current = pending.current.filter((p) => p !== request);
        setInFlight((n) => n - 1);
      });
  }, [bridge, modelDir, on, imagesKey, explained]);

  const byPath = new Map<string, Explanation>();
  if (modelDir)
    for (const image of images) {
      const found = explained.get(lookedKey(modelDir, image));
      if (found) byPath.set(image.path, found);
    }
  return { byPath, loading: on && inFlight > 0, error: on ? error : undefined };
}

/** The cache with a request's answers added, each under the image it was asked for. */
function withAnswers(
  earlier: ReadonlyMap<string, Explanation>,
  keys: readonly string[],
  asked: readonly TriedImage[],
  answers: readonly Explanation[],
): Map<string, Explanation> {
  const next = new Map(earlier);
  asked.forEach((image, i) => {
    const answer = answers.find((a) => a.path === image.path);
    const key = keys[i];
    if (answer && key) next.set(key, answer);
  });
  return next;
}

export function WhereItLookedSwitch(props: {
  on: boolean;
  onChange: (on: boolean) => void;
  disabled: boolean;
  loading: boolean;
  error: string | undefined;
}) {
  return (
    <Box>
      <FormControlLabel
        control={
          <Switch
            checked={props.on}
            disabled={props.disabled}
            onChange={(e) => props.onChange(e.target.checked)}
          />
        }
        label={S.showWhere}
      />
      {props.on && (
        <Typography variant="body2" color="text.secondary">
          {S.whereHint}
        </Typography>
      )}
      {props.loading && <LinearProgress />}
      {props.error && <Alert severity="warning">{props.error}</Alert>}
    </Box>
  );
}

/** The image with the heatmap laid over it. */
export function LookedOverlay({ explanation, name }: { explanation: Explanation; name: string }) {
  return (
    <Box
      component="img"
      src={explanation.overlay}
      alt={S.whereAlt(name, explanation.class)}
      data-testid="where-it-looked"
      sx={{ display: 'block', maxWidth: 320, width: '100%', borderRadius: 1, my: 1 }}
    />
  );
}
