import {
  Box,
  Button,
  Checkbox,
  Stack,
  Table,
  TableBody,
  TableCell,
  TableRow,
  Typography,
} from '@mui/material';
import { useRef, useState, type KeyboardEvent } from 'react';
import type { ModelSummary } from '../../src/common/models.js';
import { HeaderRow } from '../app/HeaderRow.js';
import { STRINGS } from '../app/strings.js';
import { layerWindow, nextFocus, shapeText, trainingParams } from './layerTable.js';

const S = STRINGS.model;
/** Rows a page: the table stays within the page's own scrolling, never a scroller of its own. */
const PAGE_SIZE = 20;

/**
 * Keras-style summary, a page at a time: one row per layer, with its block, the parameters that
 * train in fine-tuning (their sum is the count above the table) and a switch for each layer with
 * weights. The switches are one tab stop: the arrow keys, Home and End move between them.
 */
export function LayerTable(props: {
  summary: ModelSummary;
  /** The slider's setting: when it moves, the table opens where training now starts. */
  unfreezeFrom: number | 'top';
  overridden: number;
  onToggle(name: string, trains: boolean): void;
  onReset(): void;
}) {
  const { summary } = props;
  const setting = String(props.unfreezeFrom);
  // Where the student paged to, for this slider setting; otherwise where training starts.
  const [turned, setTurned] = useState<{ setting: string; offset: number } | undefined>();
  const offset = turned?.setting === setting ? turned.offset : firstTraining(summary);
  const [active, setActive] = useState(0);
  const switches = useRef<(HTMLInputElement | null)[]>([]);
  const shown = layerWindow(summary.rows, offset, PAGE_SIZE);
  const switchable = shown.rows.filter((r) => r.params > 0);
  const focusable = Math.min(active, Math.max(0, switchable.length - 1));
  const turnPage = (to: number) => {
    setTurned({ setting, offset: to });
    setActive(0);
  };
  const onKeyDown = (event: KeyboardEvent) => {
    const next = nextFocus(event.key, focusable, switchable.length);
    if (next < 0) return;
    event.preventDefault();
    setActive(next);
    switches.current[next]?.focus();
  };
  return (
    <Box>
      <Typography variant="subtitle1" component="h3" id="layers-title">
        {S.layers}
      </Typography>
      <Typography variant="body2" color="text.secondary">
        {S.layersHelp}
      </Typography>
      {props.overridden > 0 && (
        <Button size="small" onClick={props.onReset}>
          {S.resetLayers(props.overridden)}
        </Button>
      )}
      <Table
        size="small"
        data-testid="layer-table"
        aria-labelledby="layers-title"
        onKeyDown={onKeyDown}
      >
        <HeaderRow columns={S.columns} />
        <TableBody>
          {shown.rows.map((row) => {
            const switchIndex = switchable.indexOf(row);
            return (
              <TableRow key={row.name}>
                <TableCell sx={{ overflowWrap: 'anywhere' }}>{row.name}</TableCell>
                <TableCell>{row.className}</TableCell>
                <TableCell>{row.block}</TableCell>
                <TableCell>{shapeText(row.outputShape)}</TableCell>
                <TableCell align="right">{row.params.toLocaleString()}</TableCell>
                <TableCell align="right" data-testid="training-params">
                  {trainingParams(row).toLocaleString()}
                </TableCell>
                <TableCell padding="checkbox">
                  {switchIndex >= 0 ? (
                    <Checkbox
                      size="small"
                      checked={row.trainable}
                      onChange={(e) => props.onToggle(row.name, e.target.checked)}
                      onFocus={() => setActive(switchIndex)}
                      slotProps={{
                        input: {
                          'aria-label': S.trainsLabel(row.name),
                          tabIndex: switchIndex === focusable ? 0 : -1,
                          ref: (element: HTMLInputElement | null) => {
                            switches.current[switchIndex] = element;
                          },
                        },
                      }}
                    />
                  ) : row.trainable ? (
                    S.yes
                  ) : (
                    S.no
                  )}
                </TableCell>
              </TableRow>
            );
          })}
        </TableBody>
      </Table>
      {(shown.hasPrevious || shown.hasNext) && (
        <Stack direction="row" spacing={2} alignItems="center" aria-label={S.layerPages}>
          <Button disabled={!shown.hasPrevious} onClick={() => turnPage(shown.offset - PAGE_SIZE)}>
            {S.previousLayers}
          </Button>
          <Typography variant="body2" data-testid="layer-range" aria-live="polite">
            {S.layerRange(shown.first, shown.last, summary.rows.length)}
          </Typography>
          <Button disabled={!shown.hasNext} onClick={() => turnPage(shown.offset + PAGE_SIZE)}>
            {S.nextLayers}
          </Button>
        </Stack>
      )}
    </Box>
  );
}

/** The first layer that trains in fine-tuning: where the part the slider just changed starts. */
function firstTraining(summary: ModelSummary): number {
  return Math.max(
    0,
    summary.rows.findIndex((r) => r.trainable && r.params > 0),
  );
}
