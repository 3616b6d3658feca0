import { Box, Typography } from '@mui/material';
import type { ResponseOf } from '../../src/common/contract/contract.js';
import { ProbabilityBars } from '../app/ProbabilityBars.js';
import { STRINGS } from '../app/strings.js';
import { splitPath } from './tryResults.js';
import { LookedOverlay, type Explanation } from './WhereItLooked.js';

const S = STRINGS.tryIt;
export type Prediction = ResponseOf<'model.predict'>[number];

const THUMB = 96;

/** One tried image: its thumbnail beside every class's probability, as bars. */
export function PredictionCard(props: {
  prediction: Prediction;
  thumbnail: string | undefined;
  looked: Explanation | undefined;
}) {
  const { prediction: p, thumbnail, looked } = props;
  const { name } = splitPath(p.path);
  return (
    <Box data-testid="prediction" sx={{ display: 'flex', gap: 2, alignItems: 'flex-start' }}>
      <Box
        sx={{
          width: THUMB,
          height: THUMB,
          flexShrink: 0,
          borderRadius: 1,
          bgcolor: 'action.hover',
        }}
      >
        {thumbnail && (
          <img
            src={thumbnail}
            alt={S.thumbnailAlt(name)}
            data-testid="prediction-thumbnail"
            width={THUMB}
            height={THUMB}
            style={{ objectFit: 'cover', borderRadius: 4 }}
          />
        )}
      </Box>
      <Box sx={{ flexGrow: 1, minWidth: 0 }}>
        <Typography variant="subtitle1">
          {name}: <strong>{p.prediction}</strong>
        </Typography>
        {looked && <LookedOverlay explanation={looked} name={name} />}
        <ProbabilityBars probabilities={p.probabilities} />
      </Box>
    </Box>
  );
}
