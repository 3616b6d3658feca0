import { TextField } from '@mui/material';
import { STRINGS } from '../app/strings.js';
import { checkField, type NumberField } from './trainFields.js';

const S = STRINGS.train;

const LABELS: Record<NumberField['id'], { label: string; help?: string }> = {
  epochs: { label: S.epochs, help: S.epochsHelp },
  learningRate: { label: S.learningRate, help: S.learningRateHelp },
  batchSize: { label: S.batchSize, help: S.batchSizeHelp },
  fineTuneEpochs: { label: S.fineTuneEpochs, help: S.fineTuneEpochsHelp },
  augment: { label: S.augment, help: S.augmentHelp },
  patience: { label: S.patience, help: S.patienceHelp },
  seed: { label: S.seed, help: S.seedHelp },
};

/** One number of the training form: the text as typed, and in red why it is not a valid value. */
export function SettingField(props: {
  field: NumberField;
  text: string;
  disabled: boolean;
  onChange(text: string): void;
}) {
  const { field, text } = props;
  const { label, help } = LABELS[field.id];
  const check = checkField(field, text);
  const problem = check.ok
    ? undefined
    : check.problem === 'outOfRange'
      ? S.invalid.outOfRange(field.min, field.max, field.minExcluded ?? false)
      : S.invalid[check.problem];
  return (
    <TextField
      label={label}
      size="small"
      value={text}
      error={problem !== undefined}
      helperText={problem ?? help}
      disabled={props.disabled}
      // Text, not type="number": a number input reports "" for what it cannot parse, so the
      // form could not tell "abc" from an emptied field, nor keep what was typed to correct it.
      slotProps={{
        htmlInput: { inputMode: field.whole ? 'numeric' : 'decimal', 'data-field': field.id },
      }}
      onChange={(e) => props.onChange(e.target.value)}
      sx={{ width: 220 }}
    />
  );
}
