import { Box, Button, Stack, Typography } from '@mui/material';
import { useState } from 'react';
import { STRINGS } from '../app/strings.js';
import { pageOf, type Verdict } from './cellImages.js';
import type { EvaluatedImages } from './EvaluationView.js';
import { VerdictCard } from './VerdictCard.js';

const S = STRINGS.evaluate;
const PAGE_SIZE = 12;

/**
 * Evaluated images a page at a time, so 50 mistakes do not make the screen thousands of pixels
 * tall. Give it a new `key` when the list changes meaning (another cell) to start at page one.
 */
export function VerdictPages(props: {
  verdicts: Verdict[];
  classes: string[];
  images: EvaluatedImages;
  testId: string;
}) {
  const { verdicts, classes, images, testId } = props;
  const [page, setPage] = useState(0);
  const shown = pageOf(verdicts, page, PAGE_SIZE);
  return (
    <Stack spacing={1} data-testid={testId}>
      <Box
        sx={{
          display: 'grid',
          gap: 2,
          gridTemplateColumns: 'repeat(auto-fill, minmax(180px, 1fr))',
        }}
      >
        {shown.items.map((v) => (
          <VerdictCard
            key={v.index}
            verdict={v}
            path={v.path ?? images.paths?.[v.index]}
            classes={classes}
            images={images}
          />
        ))}
      </Box>
      {shown.pageCount > 1 && (
        <Stack direction="row" spacing={2} alignItems="center" aria-label={`${testId} pages`}>
          <Button disabled={shown.page === 0} onClick={() => setPage(shown.page - 1)}>
            {S.previousPage}
          </Button>
          <Typography variant="body2" data-testid={`${testId}-range`} aria-live="polite">
            {S.pageRange(shown.first, shown.last, shown.total)}
          </Typography>
          <Button
            disabled={shown.page >= shown.pageCount - 1}
            onClick={() => setPage(shown.page + 1)}
          >
            {S.nextPage}
          </Button>
        </Stack>
      )}
    </Stack>
  );
}
