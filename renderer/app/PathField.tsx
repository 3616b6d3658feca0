import { Box, Button, TextField } from '@mui/material';
import { useState, type FormEvent } from 'react';

interface Props {
  label: string;
  button: string;
  testId: string;
  disabled?: boolean;
  onSubmit(path: string): void;
}

/** A typed path with its button: the way that needs no dialog and no dragging (and browser mode's only way). */
export function PathField({ label, button, testId, disabled, onSubmit }: Props) {
  const [path, setPath] = useState('');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (path.trim() !== '') onSubmit(path.trim());
  };
  return (
    <Box component="form" onSubmit={submit} sx={{ display: 'flex', gap: 1, flexGrow: 1 }}>
      <TextField
        fullWidth
        size="small"
        label={label}
        value={path}
        onChange={(e) => setPath(e.target.value)}
        slotProps={{ htmlInput: { 'data-testid': testId } }}
      />
      <Button type="submit" variant="outlined" disabled={disabled || path.trim() === ''}>
        {button}
      </Button>
    </Box>
  );
}
