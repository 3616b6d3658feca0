import { Chip, Tooltip } from '@mui/material';
import { useEffect, useState } from 'react';
import type { ResponseOf } from '../../src/common/contract/contract.js';
import { useBridge } from './bridgeContext.js';
import { STRINGS } from './strings.js';

type Report = ResponseOf<'backend.report'>;

/** Which tensor backend the engine runs on, with what was tried before it in the tooltip. */
export function BackendBadge() {
  const bridge = useBridge();
  const [report, setReport] = useState<Report | undefined>();
  const [error, setError] = useState<string | undefined>();
  useEffect(() => {
    bridge.call('backend.report', {}).then(setReport, (e: Error) => setError(e.message));
  }, [bridge]);
  if (error) return <Chip color="error" label={error} data-testid="backend-badge" />;
  if (!report) return <Chip label={STRINGS.backend.checking} data-testid="backend-badge" />;
  const why = report.attempts.map((a) => `${a.backend}: ${a.message}`).join('\n');
  return (
    <Tooltip title={<span style={{ whiteSpace: 'pre-line' }}>{why}</span>}>
      <Chip
        color="secondary"
        label={STRINGS.backend.badge[report.backend] ?? report.backend}
        aria-label={`${STRINGS.backend.why} ${report.label}`}
        data-testid="backend-badge"
        data-backend={report.backend}
        tabIndex={0}
      />
    </Tooltip>
  );
}
