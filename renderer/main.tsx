import { Alert, AlertTitle } from '@mui/material';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import type { Bridge } from '../src/common/contract/bridge.js';
import { App } from './app/App.js';
import { AppTheme } from './app/AppTheme.js';
import { BridgeContext } from './app/bridgeContext.js';
import { STRINGS } from './app/strings.js';
import { chooseBridge } from './bridge/chooseBridge.js';

const root = createRoot(document.getElementById('root') as HTMLElement);
// The access token has done its work (the server set a cookie): keep it out of history and bookmarks.
if (new URLSearchParams(location.search).has('token')) history.replaceState(null, '', '/');

chooseBridge(globalThis as unknown as Record<string, unknown>, location).then(
  (bridge: Bridge) =>
    root.render(
      <StrictMode>
        <AppTheme>
          <BridgeContext.Provider value={bridge}>
            <App />
          </BridgeContext.Provider>
        </AppTheme>
      </StrictMode>,
    ),
  () =>
    root.render(
      <AppTheme>
        <Alert severity="error" sx={{ m: 4 }}>
          <AlertTitle>{STRINGS.connectionFailed}</AlertTitle>
          {STRINGS.connectionHint}
        </Alert>
      </AppTheme>,
    ),
);
