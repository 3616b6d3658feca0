import { Button, Card, CardActions, CardContent, Typography } from '@mui/material';
import { STRINGS } from '../app/strings.js';
import {
  ClassCardAlerts,
  ClassCardName,
  RenameActions,
  useClassRename,
} from './ClassCardChrome.js';

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
  const rename = useClassRename(name, onRename);
  return (
    <Card variant="outlined" data-testid="class-card" data-class={name}>
      <CardContent>
        <ClassCardName name={name} rename={rename} />
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
        <ClassCardAlerts warnings={warnings} error={rename.error} />
      </CardContent>
      {onRename && (
        <CardActions>
          {rename.renaming ? (
            <RenameActions rename={rename} />
          ) : (
            <Button size="small" onClick={rename.start}>
              {S.rename}
            </Button>
          )}
        </CardActions>
      )}
    </Card>
  );
}
