import { Box, Typography } from '@mui/material';
import type { ResponseOf } from '../../src/common/contract/contract.js';
import { STRINGS } from '../app/strings.js';

const S = STRINGS.tryIt;

/** The pretrained network's own top guesses (ImageNet classes) for each image, as one line each. */
export function PretrainedGuesses({ guesses }: { guesses: ResponseOf<'bases.imagenet'> }) {
  return (
    <Box data-testid="pretrained-guesses">
      <Typography variant="subtitle2">{S.pretrainedTitle(guesses.model)}</Typography>
      <Typography variant="body2" color="text.secondary" sx={{ mb: 1 }}>
        {S.pretrainedHint}
      </Typography>
      {guesses.results.map((r) => (
        <Typography key={r.path} variant="body2">
          <strong>{r.path.split(/[\\/]/).pop()}</strong>:{' '}
          {r.guesses.map((g) => `${g.label} ${(g.probability * 100).toFixed(0)}%`).join(' · ')}
        </Typography>
      ))}
    </Box>
  );
}
