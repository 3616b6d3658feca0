import { FormControl, InputLabel, MenuItem, Select } from '@mui/material';
import { HEAD_PRESETS, type HeadPreset } from '../../src/common/training.js';
import { STRINGS } from '../app/strings.js';
import { useWorkspace } from '../app/workspace.js';

const S = STRINGS.model;

/** The new head trained on the base's features: one of the presets, the same for images and texts. */
export function HeadSelect({ labelId }: { labelId: string }) {
  const { state, dispatch } = useWorkspace();
  return (
    <FormControl sx={{ maxWidth: 640 }}>
      <InputLabel id={labelId}>{S.head}</InputLabel>
      <Select
        labelId={labelId}
        label={S.head}
        value={state.headPreset}
        onChange={(e) => dispatch({ type: 'head', preset: e.target.value as HeadPreset })}
      >
        {Object.keys(HEAD_PRESETS).map((preset) => (
          <MenuItem key={preset} value={preset}>
            {S.heads[preset] ?? preset}
          </MenuItem>
        ))}
      </Select>
    </FormControl>
  );
}
