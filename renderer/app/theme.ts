import { createTheme, type Theme } from '@mui/material';
import { Chart } from 'chart.js';

export type ThemeChoice = 'system' | 'light' | 'dark';

const STORAGE_KEY = 'transfer-studio.theme';

export function storedThemeChoice(storage: Pick<Storage, 'getItem'> | undefined): ThemeChoice {
  const value = storage?.getItem(STORAGE_KEY);
  return value === 'light' || value === 'dark' ? value : 'system';
}

export function storeThemeChoice(
  storage: Pick<Storage, 'setItem'> | undefined,
  choice: ThemeChoice,
) {
  storage?.setItem(STORAGE_KEY, choice);
}

export function resolvedMode(choice: ThemeChoice, systemDark: boolean): 'light' | 'dark' {
  return choice === 'system' ? (systemDark ? 'dark' : 'light') : choice;
}

/**
 * MUI's defaults with the contrast fixes an accessibility audit asked for: unselected tabs at
 * full opacity (MUI's 0.6 gives about 2.6:1 on the app bar), and a focus ring keyboard users
 * can see on every control.
 */
export function createAppTheme(mode: 'light' | 'dark'): Theme {
  const theme = createTheme({ palette: { mode } });
  const ring = mode === 'dark' ? theme.palette.warning.light : theme.palette.secondary.dark;
  return createTheme(theme, {
    components: {
      MuiTab: {
        styleOverrides: {
          root: {
            opacity: 1,
            '&.Mui-selected': { fontWeight: 700 },
            '&.Mui-focusVisible': { outline: `3px solid ${ring}`, outlineOffset: -3 },
          },
        },
      },
      MuiCssBaseline: {
        styleOverrides: {
          ':focus-visible': { outline: `3px solid ${ring}`, outlineOffset: 2 },
        },
      },
      MuiButtonBase: {
        styleOverrides: {
          root: { '&.Mui-focusVisible': { outline: `3px solid ${ring}`, outlineOffset: 2 } },
        },
      },
    },
  });
}

/** Chart.js draws on a canvas, outside MUI's theme: give it the theme's text and grid colours. */
export function applyChartColours(theme: Theme): void {
  Chart.defaults.color = theme.palette.text.secondary;
  Chart.defaults.borderColor =
    theme.palette.mode === 'dark' ? 'rgba(255,255,255,0.22)' : 'rgba(0,0,0,0.12)';
}
