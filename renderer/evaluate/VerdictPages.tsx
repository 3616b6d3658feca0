import { Box, Button, Stack, Typography } from '@mui/material';
import { useState, type ReactNode } from 'react';
import { STRINGS } from '../app/strings.js';
import { pageOf, type Verdict } from './cellImages.js';

const S = STRINGS.evaluate;
const PAGE_SIZE = 12;

/**
 * Evaluated images or texts a page at a time, so 50 mistakes do not make the screen thousands of
 * pixels tall. Give it a new `key` when the list changes meaning (another cell) to start at page
 * one.
 */
export function VerdictPages(props: {
  verdicts: Verdict[];
  testId: string;
  /** The narrowest a card may be: the grid fits as many columns as this allows. */
  cardWidth: number;
  renderVerdict(verdict: Verdict): ReactNode;
}) {
  const { verdicts, testId } = props;
  const [page, setPage] = useState(0);
  const shown = pageOf(verdicts, page, PAGE_SIZE);
  return (
    <Stack spacing={1} data-testid={testId}>
      <Box
        sx={{
          display: 'grid',
          gap: 2,
          gridTemplateColumns: `repeat(auto-fill, minmax(${props.cardWidth}px, 1fr))`,
        }}
      >
        {shown.items.map(props.renderVerdict)}
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
