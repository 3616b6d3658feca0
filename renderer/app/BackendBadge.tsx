import {
  Accordion,
  AccordionDetails,
  AccordionSummary,
  Button,
  Chip,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  List,
  ListItem,
  ListItemText,
  Typography,
} from '@mui/material';
import { useState } from 'react';
import { useBridgeQuery } from './useBridgeQuery.js';
import { STRINGS } from './strings.js';

const S = STRINGS.backend;

/** Which tensor backend the engine runs on; selecting it explains what was tried and why. */
export function BackendBadge() {
  const { data: report, error } = useBridgeQuery('backend.report', {});
  const [open, setOpen] = useState(false);
  if (error) return <Chip color="error" label={error} data-testid="backend-badge" />;
  if (!report) return <Chip label={S.checking} data-testid="backend-badge" />;
  return (
    <>
      <Chip
        color="secondary"
        label={S.badge[report.backend] ?? report.backend}
        aria-label={`${S.why} ${report.label}`}
        data-testid="backend-badge"
        data-backend={report.backend}
        onClick={() => setOpen(true)}
      />
      <Dialog open={open} onClose={() => setOpen(false)} aria-labelledby="backend-title">
        <DialogTitle id="backend-title">{S.whyTitle}</DialogTitle>
        <DialogContent>
          <Typography sx={{ mb: 2 }}>
            {report.backend === 'tensorflow-gpu' ? S.teacher.gpu : S.teacher.cpu}
          </Typography>
          <Accordion disableGutters>
            <AccordionSummary aria-controls="backend-details" id="backend-details-header">
              {S.details}
            </AccordionSummary>
            <AccordionDetails id="backend-details">
              <Typography>{report.label}</Typography>
              <List dense>
                {report.attempts.map((a) => (
                  <ListItem key={a.backend}>
                    <ListItemText
                      primary={`${S.badge[a.backend] ?? a.backend}: ${a.outcome === 'selected' ? S.selected : S.skipped}`}
                      secondary={a.message}
                    />
                  </ListItem>
                ))}
              </List>
              {report.backend !== 'tensorflow-gpu' && (
                <Typography variant="body2" color="text.secondary">
                  {S.gpuHint}
                </Typography>
              )}
            </AccordionDetails>
          </Accordion>
        </DialogContent>
        <DialogActions>
          <Button onClick={() => setOpen(false)}>{S.close}</Button>
        </DialogActions>
      </Dialog>
    </>
  );
}
