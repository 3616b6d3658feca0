import { IconButton, Tooltip } from '@mui/material';
import { STRINGS } from './strings.js';
import type { ThemeChoice } from './theme.js';

const NEXT: Record<ThemeChoice, ThemeChoice> = { system: 'light', light: 'dark', dark: 'system' };
const SYMBOL: Record<ThemeChoice, string> = { system: '◐', light: '☀', dark: '☾' };

/** Cycles system → light → dark; the label says what is in use and what a click does. */
export function ThemeToggle({
  choice,
  onChange,
}: {
  choice: ThemeChoice;
  onChange(next: ThemeChoice): void;
}) {
  const label = STRINGS.theme.label(STRINGS.theme.names[choice], STRINGS.theme.names[NEXT[choice]]);
  return (
    <Tooltip title={label}>
      <IconButton
        color="inherit"
        aria-label={label}
        data-testid="theme-toggle"
        data-theme-choice={choice}
        onClick={() => onChange(NEXT[choice])}
      >
        <span aria-hidden="true">{SYMBOL[choice]}</span>
      </IconButton>
    </Tooltip>
  );
}
