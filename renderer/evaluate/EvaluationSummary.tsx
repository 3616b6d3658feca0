import { Box, Table, TableBody, TableCell, TableRow, Typography } from '@mui/material';
import type { ResponseOf } from '../../src/common/contract/contract.js';
import { HeaderRow } from '../app/HeaderRow.js';
import { STRINGS } from '../app/strings.js';
import type { Cell } from './cellImages.js';
import { ConfusionMatrix } from './ConfusionMatrix.js';

type Evaluation = Pick<ResponseOf<'model.evaluate'>, 'classes' | 'confusion' | 'perClass'>;

/** The per-class table and the clickable confusion matrix, the same for image and text models. */
export function EvaluationSummary(props: {
  evaluation: Evaluation;
  columns: readonly string[];
  cellHint: string;
  cell: Cell | undefined;
  onSelect: (cell: Cell | undefined) => void;
}) {
  const { evaluation } = props;
  return (
    <>
      <Table size="small" sx={{ maxWidth: 640 }}>
        <HeaderRow columns={props.columns} />
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
        <Typography variant="subtitle1">{STRINGS.evaluate.confusion}</Typography>
        <Typography variant="body2" color="text.secondary">
          {props.cellHint}
        </Typography>
        <ConfusionMatrix
          classes={evaluation.classes}
          matrix={evaluation.confusion}
          selected={props.cell}
          onSelect={props.onSelect}
        />
      </Box>
    </>
  );
}
