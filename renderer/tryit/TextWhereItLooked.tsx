import { Alert, Box, LinearProgress, Stack, Typography } from '@mui/material';
import { useEffect, useState } from 'react';
import type { RequestOf } from '../../src/common/contract/contract.js';
import { useBridge } from '../app/bridgeContext.js';
import { STRINGS } from '../app/strings.js';
import {
  LEGEND_AWAY,
  LEGEND_TOWARD,
  lookedPieces,
  mostImportant,
  pieceTint,
  points,
  TINTED_TEXT,
  type LookedPiece,
  type TextExplanation,
} from './textLooked.js';

const T = STRINGS.text;

/**
 * Asks the engine which words of `text` moved the model (occlusion), while `text` is given. An
 * answer is kept with the request it answers and shown only while that request is current, so
 * a newer text never shows an older text's tints, not even for one frame. A request no longer
 * current is cancelled.
 */
export function useTextLooked(
  modelDir: string | undefined,
  text: string | undefined,
  className?: string,
) {
  const bridge = useBridge();
  const key =
    modelDir && text && text.trim() !== ''
      ? JSON.stringify({ modelDir, text, ...(className ? { class: className } : {}) })
      : undefined;
  const [answer, setAnswer] = useState<{ key: string; data?: TextExplanation; error?: string }>();
  useEffect(() => {
    if (key === undefined) return;
    const controller = new AbortController();
    const request = JSON.parse(key) as RequestOf<'model.explainText'>;
    bridge.call('model.explainText', request, { signal: controller.signal }).then(
      (data) => !controller.signal.aborted && setAnswer({ key, data }),
      (e: Error) => !controller.signal.aborted && setAnswer({ key, error: e.message }),
    );
    return () => controller.abort();
  }, [bridge, key]);
  const current = key !== undefined && answer?.key === key ? answer : undefined;
  return {
    explanation: current?.data,
    loading: key !== undefined && current === undefined,
    error: current?.error,
  };
}

/** The text with its words tinted by how they moved the class, a legend, and the same in words. */
export function TextWhereItLooked(props: {
  text: string;
  explanation: TextExplanation | undefined;
  loading: boolean;
  error: string | undefined;
  compact?: boolean;
}) {
  const { text, explanation, loading, error } = props;
  return (
    <Box data-testid="text-where-it-looked" data-busy={loading ? 'true' : 'false'}>
      {loading && <LinearProgress aria-label={T.whereButton} />}
      {error && <Alert severity="warning">{error}</Alert>}
      {!explanation && (
        <Typography sx={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>{text}</Typography>
      )}
      {explanation && (
        <Stack spacing={1}>
          {!props.compact && (
            <Typography variant="subtitle2">
              {T.lookedTitle(explanation.class, explanation.probability)}
            </Typography>
          )}
          <TintedText text={text} explanation={explanation} />
          <Legend className={explanation.class} />
          <WordsInPlainText explanation={explanation} />
          {explanation.capped && (
            <Typography variant="body2" color="text.secondary" data-testid="text-looked-capped">
              {T.capped(explanation.words.length, explanation.totalWords)}
            </Typography>
          )}
        </Stack>
      )}
    </Box>
  );
}

function TintedText({ text, explanation }: { text: string; explanation: TextExplanation }) {
  const pieces = lookedPieces(text, explanation.words);
  return (
    <Typography
      component="p"
      sx={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere', lineHeight: 1.9 }}
      data-testid="text-looked-words"
    >
      {pieces.map((piece, i) =>
        piece.score === undefined ? (
          <span key={i}>{piece.text}</span>
        ) : (
          <WordMark key={i} piece={piece} className={explanation.class} />
        ),
      )}
    </Typography>
  );
}

/** A weighed word: tinted, underlined by direction (so colour is not the only cue), labelled. */
function WordMark({ piece, className }: { piece: LookedPiece; className: string }) {
  const score = piece.score ?? 0;
  const tint = pieceTint(piece);
  const label = T.wordLabel(piece.text, points(score), className);
  return (
    <Box
      component="span"
      title={label}
      data-score={score.toFixed(4)}
      data-testid="text-looked-word"
      sx={{
        px: '1px',
        borderRadius: 0.5,
        ...(tint && {
          backgroundColor: tint,
          color: TINTED_TEXT,
          borderBottom: `2px ${score > 0 ? 'solid' : 'dashed'} ${TINTED_TEXT}`,
        }),
      }}
    >
      {piece.text}
    </Box>
  );
}

function Legend({ className }: { className: string }) {
  const swatch = (colour: string, line: 'solid' | 'dashed') => (
    <Box
      component="span"
      aria-hidden
      sx={{
        display: 'inline-block',
        width: 18,
        height: 12,
        mr: 0.75,
        verticalAlign: 'middle',
        backgroundColor: colour,
        borderBottom: `2px ${line} ${TINTED_TEXT}`,
      }}
    />
  );
  return (
    <Stack
      direction="row"
      useFlexGap
      spacing={0.5}
      columnGap={2}
      sx={{ flexWrap: 'wrap' }}
      data-testid="text-looked-legend"
    >
      <Typography variant="caption">
        {swatch(LEGEND_TOWARD, 'solid')}
        {T.legendToward(className)}
      </Typography>
      <Typography variant="caption">
        {swatch(LEGEND_AWAY, 'dashed')}
        {T.legendAway(className)}
      </Typography>
      <Typography variant="caption">{T.legendDepth}</Typography>
    </Stack>
  );
}

/** The text alternative: the words that mattered, with their points, for screen readers and all. */
function WordsInPlainText({ explanation }: { explanation: TextExplanation }) {
  if (explanation.words.length === 0) {
    return <Typography variant="body2">{T.noWords}</Typography>;
  }
  const { toward, away } = mostImportant(explanation.words);
  const list = (words: typeof toward) =>
    words.map((w) => `${w.text} (${points(w.score)})`).join(', ');
  return (
    <Box data-testid="text-looked-summary">
      {toward.length > 0 && (
        <Typography variant="body2">{T.mostImportant(explanation.class, list(toward))}</Typography>
      )}
      {away.length > 0 && (
        <Typography variant="body2">{T.pushedAway(explanation.class, list(away))}</Typography>
      )}
      {toward.length === 0 && away.length === 0 && (
        <Typography variant="body2">{T.noWordMattered}</Typography>
      )}
    </Box>
  );
}
