import {
  Alert,
  AlertTitle,
  CssBaseline,
  ThemeProvider,
  createTheme,
  useMediaQuery,
} from '@mui/material';
import { StrictMode, useMemo, type ReactNode } from 'react';
import { createRoot } from 'react-dom/client';
import type { Bridge } from '../src/common/contract/bridge.js';
import { App } from './app/App.js';
import { BridgeContext } from './app/bridgeContext.js';
import { STRINGS } from './app/strings.js';
import { chooseBridge } from './bridge/chooseBridge.js';

function Themed({ children }: { children: ReactNode }) {
  const dark = useMediaQuery('(prefers-color-scheme: dark)');
  const theme = useMemo(() => createTheme({ palette: { mode: dark ? 'dark' : 'light' } }), [dark]);
  return (
    <ThemeProvider theme={theme}>
      <CssBaseline />
      {children}
    </ThemeProvider>
  );
}

const root = createRoot(document.getElementById('root') as HTMLElement);
// The access token has done its work (the server set a cookie): keep it out of history and bookmarks.
if (new URLSearchParams(location.search).has('token')) history.replaceState(null, '', '/');

chooseBridge(globalThis as unknown as Record<string, unknown>, location).then(
  (bridge: Bridge) =>
    root.render(
      <StrictMode>
        <Themed>
          <BridgeContext.Provider value={bridge}>
            <App />
          </BridgeContext.Provider>
        </Themed>
      </StrictMode>,
    ),
  () =>
    root.render(
      <Themed>
        <Alert severity="error" sx={{ m: 4 }}>
          <AlertTitle>{STRINGS.connectionFailed}</AlertTitle>
          {STRINGS.connectionHint}
        </Alert>
      </Themed>,
    ),
);
