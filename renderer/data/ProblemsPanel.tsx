import { Alert, Box, List, ListItem, ListItemText, Typography } from '@mui/material';
import type { ScanReport } from '../../src/common/dataset.js';
import { STRINGS } from '../app/strings.js';
import { problemGroups } from './datasetView.js';

const S = STRINGS.data;

/** Every dataset warning and every skipped file with its reason, in plain words. */
export function ProblemsPanel({ report }: { report: ScanReport }) {
  const groups = problemGroups(report);
  return (
    <Box data-testid="problems">
      <Typography variant="h6" component="h3">
        {S.problems}
      </Typography>
      {report.warnings.map((w) => (
        <Alert key={w.message} severity="warning" sx={{ mt: 1 }}>
          {w.message}
        </Alert>
      ))}
      {groups.length === 0 && <Typography sx={{ mt: 1 }}>{S.noProblems}</Typography>}
      {groups.map((group) => (
        <Box key={group.code} sx={{ mt: 1 }}>
          <Typography variant="subtitle1">
            {group.title} ({group.files.length})
          </Typography>
          <List dense>
            {group.files.map((file) => (
              <ListItem key={file.path}>
                <ListItemText primary={file.path} secondary={file.reason} />
              </ListItem>
            ))}
          </List>
        </Box>
      ))}
    </Box>
  );
}
