import { CssBaseline, ThemeProvider, useMediaQuery } from '@mui/material';
import { createContext, useContext, useMemo, useState, type ReactNode } from 'react';
import {
  applyChartColours,
  createAppTheme,
  resolvedMode,
  storedThemeChoice,
  storeThemeChoice,
  type ThemeChoice,
} from './theme.js';

const ThemeChoiceContext = createContext<{
  choice: ThemeChoice;
  setChoice(choice: ThemeChoice): void;
}>({ choice: 'system', setChoice: () => undefined });

function browserStorage(): Storage | undefined {
  try {
    return globalThis.localStorage;
  } catch {
    // Storage can be blocked (private windows, policies): the toggle then lasts for the session.
    return undefined;
  }
}

/** The app's theme: the system's light or dark, unless the user picked one (remembered). */
export function AppTheme({ children }: { children: ReactNode }) {
  const systemDark = useMediaQuery('(prefers-color-scheme: dark)');
  const [choice, setChoiceState] = useState<ThemeChoice>(() => storedThemeChoice(browserStorage()));
  const mode = resolvedMode(choice, systemDark);
  const theme = useMemo(() => {
    const created = createAppTheme(mode);
    applyChartColours(created);
    return created;
  }, [mode]);
  const value = useMemo(
    () => ({
      choice,
      setChoice(next: ThemeChoice) {
        storeThemeChoice(browserStorage(), next);
        setChoiceState(next);
      },
    }),
    [choice],
  );
  return (
    <ThemeChoiceContext.Provider value={value}>
      <ThemeProvider theme={theme}>
        <CssBaseline />
        <div data-testid="app-theme" data-theme-mode={mode} style={{ display: 'contents' }}>
          {children}
        </div>
      </ThemeProvider>
    </ThemeChoiceContext.Provider>
  );
}

export function useThemeChoice() {
  return useContext(ThemeChoiceContext);
}
