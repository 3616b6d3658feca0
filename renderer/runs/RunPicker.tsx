import { Box, FormControl, InputLabel, MenuItem, Select } from '@mui/material';
import { useId } from 'react';
import { STRINGS } from '../app/strings.js';
import { currentModelDir, useWorkspace } from '../app/workspace.js';
import { runChoices, type RunChoice } from './runChoices.js';

const S = STRINGS.runPicker;

/**
 * Which run Evaluate, Try it and Export use: one choice shared by the three (workspace state), the
 * latest by default. Hidden while there is only one run to choose.
 */
export function RunPicker() {
  const { state, dispatch } = useWorkspace();
  const id = useId();
  const choices = runChoices(state);
  const current = currentModelDir(state);
  if (choices.length < 2 || !current) return null;
  return (
    <Box sx={{ display: 'flex', justifyContent: 'flex-end', mb: 1 }}>
      <FormControl size="small" sx={{ minWidth: 280, maxWidth: 480 }}>
        <InputLabel id={id}>{S.label}</InputLabel>
        <Select
          labelId={id}
          label={S.label}
          value={current}
          data-testid="run-picker"
          onChange={(e) => {
            const picked = choices.find((c) => c.modelDir === e.target.value);
            // Picking the latest follows the next run too; an older one stays picked.
            dispatch({
              type: 'chooseRun',
              modelDir: picked?.latest ? undefined : picked?.modelDir,
            });
          }}
        >
          {[...choices].reverse().map((choice) => (
            <MenuItem key={choice.modelDir} value={choice.modelDir}>
              {choiceLabel(choice)}
            </MenuItem>
          ))}
        </Select>
      </FormControl>
    </Box>
  );
}

function choiceLabel(choice: RunChoice): string {
  return S.option(choice.number, choice.accuracy, choice.latest);
}
