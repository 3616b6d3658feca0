import {
  Alert,
  Button,
  Card,
  CardActions,
  CardContent,
  TextField,
  Typography,
} from '@mui/material';
import { useState } from 'react';
import { STRINGS } from '../app/strings.js';

const S = STRINGS.data;
const T = STRINGS.text;

interface Props {
  name: string;
  count: number;
  /** The starts of a few of the class's texts. */
  snippets: readonly string[];
  /** Warnings that name this class. */
  warnings: readonly string[];
  /** Absent when the class is a table's label (renaming it would mean editing the table). */
  onRename?: ((to: string) => Promise<void>) | undefined;
}

/** One class of a text dataset: its name, how many texts, and how a few of them start. */
export function TextClassCard({ name, count, snippets, warnings, onRename }: Props) {
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
  return (
    <Card variant="outlined" data-testid="class-card" data-class={name}>
      <CardContent>
        {renaming ? (
          <TextField
            size="small"
            autoFocus
            label={S.renameLabel}
            value={draft}
            onChange={(e) => setDraft(e.target.value)}
            onKeyDown={(e) => e.key === 'Enter' && void submit()}
          />
        ) : (
          <Typography variant="h6" component="h3">
            {name}
          </Typography>
        )}
        <Typography color="text.secondary">{T.texts(count)}</Typography>
        <ul
          aria-label={T.snippetsLabel(name)}
          data-testid="snippets"
          style={{ margin: '8px 0 0', paddingLeft: 18 }}
        >
          {snippets.map((text, i) => (
            <li key={i}>
              <Typography variant="body2" sx={{ overflowWrap: 'anywhere' }}>
                {text}
              </Typography>
            </li>
          ))}
        </ul>
        {warnings.map((w) => (
          <Alert key={w} severity="warning" sx={{ mt: 1 }}>
            {w}
          </Alert>
        ))}
        {error && (
          <Alert severity="error" sx={{ mt: 1 }}>
            {error}
          </Alert>
        )}
      </CardContent>
      {onRename && (
        <CardActions>
          {renaming ? (
            <>
              <Button size="small" onClick={() => void submit()}>
                {S.save}
              </Button>
              <Button size="small" onClick={() => setRenaming(false)}>
                {S.cancel}
              </Button>
            </>
          ) : (
            <Button size="small" onClick={() => setRenaming(true)}>
              {S.rename}
            </Button>
          )}
        </CardActions>
      )}
    </Card>
  );
}
