import { Alert, AlertTitle } from '@mui/material';
import { useSyncExternalStore } from 'react';
import type { BridgeConnection } from '../../src/common/contract/bridge.js';
import { useBridge } from './bridgeContext.js';
import { STRINGS } from './strings.js';

const S = STRINGS.connection;
const ALWAYS_CONNECTED: BridgeConnection = {
  state: () => 'connected',
  failedCalls: () => 0,
  subscribe: () => () => undefined,
};

/**
 * Browser mode: says so, on every screen, when the engine's server is gone (the rest of the page
 * would otherwise look alive: "Saved 09:42", buttons that do nothing), what the app is doing
 * about it, what the user can do, and how many actions failed meanwhile.
 */
export function ConnectionBanner() {
  const connection = useBridge().connection ?? ALWAYS_CONNECTED;
  const state = useSyncExternalStore(connection.subscribe, () => connection.state());
  const failed = useSyncExternalStore(connection.subscribe, () => connection.failedCalls());
  if (state === 'connected') return null;
  return (
    <Alert severity="error" role="alert" data-testid="connection-lost" sx={{ borderRadius: 0 }}>
      <AlertTitle>{S.lost}</AlertTitle>
      {S.reconnecting} {S.whatToDo}
      {failed > 0 && <div data-testid="connection-failed-calls">{S.failed(failed)}</div>}
    </Alert>
  );
}
