import { Box, ButtonBase, Table, TableBody, TableCell, TableHead, TableRow } from '@mui/material';

interface Props {
  classes: string[];
  matrix: number[][];
  selected: { actual: number; predicted: number } | undefined;
  onSelect(cell: { actual: number; predicted: number } | undefined): void;
}

/** Rows: the true class; columns: the predicted one. Each cell is a button that selects its images. */
export function ConfusionMatrix({ classes, matrix, selected, onSelect }: Props) {
  const largest = Math.max(1, ...matrix.flat());
  return (
    <Box sx={{ overflowX: 'auto' }}>
      <Table size="small" sx={{ width: 'auto' }} data-testid="confusion-matrix">
        <TableHead>
          <TableRow>
            <TableCell />
            {classes.map((c) => (
              <TableCell key={c} align="center">
                {c}
              </TableCell>
            ))}
          </TableRow>
        </TableHead>
        <TableBody>
          {matrix.map((row, actual) => (
            <TableRow key={classes[actual]}>
              <TableCell component="th" scope="row">
                {classes[actual]}
              </TableCell>
              {row.map((count, predicted) => {
                const isSelected = selected?.actual === actual && selected.predicted === predicted;
                const shade = count / largest;
                return (
                  <TableCell key={predicted} align="center" sx={{ p: 0 }}>
                    <ButtonBase
                      focusRipple
                      aria-pressed={isSelected}
                      aria-label={`${classes[actual]} predicted as ${classes[predicted]}: ${count}`}
                      onClick={() => onSelect(isSelected ? undefined : { actual, predicted })}
                      sx={{
                        width: 56,
                        height: 40,
                        fontWeight: isSelected ? 700 : 400,
                        outline: isSelected ? '2px solid' : 'none',
                        bgcolor:
                          actual === predicted
                            ? `rgba(46,125,50,${0.15 + 0.6 * shade})`
                            : count > 0
                              ? `rgba(211,47,47,${0.15 + 0.6 * shade})`
                              : 'transparent',
                      }}
                    >
                      {count}
                    </ButtonBase>
                  </TableCell>
                );
              })}
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </Box>
  );
}
