import { Box, LinearProgress, Typography } from '@mui/material';

/** A class with the probability the model gave it. */
export interface ClassProbability {
  class: string;
  probability: number;
}

const percent = (p: number) => `${(p * 100).toFixed(1)}%`;

/**
 * One class's probability as a labelled bar. `instant` drops the bar's easing, for answers that
 * come faster than it (live camera frames); `compact` fits a narrow card.
 */
export function ProbabilityBar(props: {
  entry: ClassProbability;
  compact?: boolean;
  instant?: boolean;
  /** Extra attributes for the row (test ids, the raw value for checks). */
  rowProps?: Record<`data-${string}`, string | number>;
}) {
  const { entry, compact = false, instant = false } = props;
  return (
    <Box sx={{ display: 'flex', alignItems: 'center', gap: 1 }} {...props.rowProps}>
      <Typography variant="body2" sx={{ width: compact ? 100 : 140 }} noWrap>
        {entry.class}
      </Typography>
      <LinearProgress
        variant="determinate"
        value={entry.probability * 100}
        sx={{
          flexGrow: 1,
          height: compact ? 8 : 10,
          borderRadius: 1,
          ...(instant ? { '& .MuiLinearProgress-bar': { transition: 'none' } } : {}),
        }}
        aria-label={`${entry.class} ${percent(entry.probability)}`}
      />
      <Typography variant="body2" sx={{ width: compact ? 52 : 56, textAlign: 'right' }}>
        {percent(entry.probability)}
      </Typography>
    </Box>
  );
}

/** Every class's probability, a bar each, in the order given. */
export function ProbabilityBars(props: {
  probabilities: readonly ClassProbability[];
  compact?: boolean;
}) {
  return (
    <>
      {props.probabilities.map((entry) => (
        <ProbabilityBar key={entry.class} entry={entry} compact={props.compact ?? false} />
      ))}
    </>
  );
}
