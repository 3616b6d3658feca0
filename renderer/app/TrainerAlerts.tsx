import { Alert, Snackbar } from '@mui/material';
import { useEffect, useState } from 'react';
import { useBridge } from './bridgeContext.js';

/**
 * Tells the user when the trainer process ended on its own (a crash, out of memory), with the
 * reason the host gave; the next action starts a fresh trainer.
 */
export function TrainerAlerts() {
  const bridge = useBridge();
  const [message, setMessage] = useState<string | undefined>();
  useEffect(() => bridge.on('trainer.exited', (exit) => setMessage(exit.message)), [bridge]);
  return (
    <Snackbar
      open={message !== undefined}
      anchorOrigin={{ vertical: 'bottom', horizontal: 'center' }}
    >
      <Alert severity="error" onClose={() => setMessage(undefined)} data-testid="trainer-exited">
        {message}
      </Alert>
    </Snackbar>
  );
}
