import { Alert, Button, TextField, Typography } from '@mui/material';
import { useState } from 'react';
import { STRINGS } from '../app/strings.js';

const S = STRINGS.data;

/** A class card's rename in progress: the draft name, and why the last try failed. */
export interface ClassRename {
  renaming: boolean;
  draft: string;
  setDraft(name: string): void;
  start(): void;
  cancel(): void;
  submit(): Promise<void>;
  error: string | undefined;
  /** Another action of the card (a removal) failed: said where a failed rename is. */
  setError(message: string | undefined): void;
}

/** Renaming a class card: the field stays open with the engine's reason until a rename works. */
export function useClassRename(
  name: string,
  onRename: ((to: string) => Promise<void>) | undefined,
): ClassRename {
  const [renaming, setRenaming] = useState(false);
  const [draft, setDraft] = useState(name);
  const [error, setError] = useState<string | undefined>();
  const submit = async () => {
    try {
      await onRename?.(draft);
      setRenaming(false);
      setError(undefined);
    } catch (e) {
      setError((e as Error).message);
    }
  };
  return {
    renaming,
    draft,
    setDraft,
    start: () => setRenaming(true),
    cancel: () => setRenaming(false),
    submit,
    error,
    setError,
  };
}

/** The card's heading: the class name, or the field that renames it (Enter saves). */
export function ClassCardName({ name, rename }: { name: string; rename: ClassRename }) {
  if (!rename.renaming)
    return (
      <Typography variant="h6" component="h3">
        {name}
      </Typography>
    );
  return (
    <TextField
      size="small"
      autoFocus
      label={S.renameLabel}
      value={rename.draft}
      onChange={(e) => rename.setDraft(e.target.value)}
      onKeyDown={(e) => e.key === 'Enter' && void rename.submit()}
    />
  );
}

/** The scan's warnings about the class, then what went wrong with the card's last action. */
export function ClassCardAlerts(props: { warnings: readonly string[]; error: string | undefined }) {
  return (
    <>
      {props.warnings.map((w) => (
        <Alert key={w} severity="warning" sx={{ mt: 1 }}>
          {w}
        </Alert>
      ))}
      {props.error && (
        <Alert severity="error" sx={{ mt: 1 }}>
          {props.error}
        </Alert>
      )}
    </>
  );
}

/** Save and Cancel, shown while the name is being edited. */
export function RenameActions({ rename }: { rename: ClassRename }) {
  return (
    <>
      <Button size="small" onClick={() => void rename.submit()}>
        {S.save}
      </Button>
      <Button size="small" onClick={rename.cancel}>
        {S.cancel}
      </Button>
    </>
  );
}
