import { AppBar, Container, Tab, Tabs, Toolbar, Typography } from '@mui/material';
import { useState } from 'react';
import { DataScreen } from '../data/DataScreen.js';
import { DatasetImportProvider } from '../data/DatasetImport.js';
import { EvaluateScreen } from '../evaluate/EvaluateScreen.js';
import { ExportScreen } from '../export/ExportScreen.js';
import { ModelScreen } from '../model/ModelScreen.js';
import { RunsScreen } from '../runs/RunsScreen.js';
import { TrainScreen } from '../train/TrainScreen.js';
import { TryScreen } from '../tryit/TryScreen.js';
import { BackendBadge } from './BackendBadge.js';
import { ConnectionBanner } from './ConnectionBanner.js';
import { DropZone } from './DropZone.js';
import { RecoverProject, SaveStatus } from './ProjectBar.js';
import { STRINGS } from './strings.js';
import { TrainerAlerts } from './TrainerAlerts.js';
import { WorkspaceProvider } from './workspace.js';

const SCREENS = [
  { id: 'data', label: STRINGS.tabs.data, render: () => <DataScreen /> },
  { id: 'model', label: STRINGS.tabs.model, render: () => <ModelScreen /> },
  { id: 'train', label: STRINGS.tabs.train, render: () => <TrainScreen /> },
  { id: 'evaluate', label: STRINGS.tabs.evaluate, render: () => <EvaluateScreen /> },
  { id: 'runs', label: STRINGS.tabs.runs, render: () => <RunsScreen /> },
  { id: 'try', label: STRINGS.tabs.tryIt, render: () => <TryScreen /> },
  { id: 'export', label: STRINGS.tabs.export, render: () => <ExportScreen /> },
] as const;

export function App() {
  return (
    <WorkspaceProvider>
      <DatasetImportProvider>
        <Screens />
      </DatasetImportProvider>
    </WorkspaceProvider>
  );
}

function Screens() {
  const [screen, setScreen] = useState(0);
  const current = SCREENS[screen] ?? SCREENS[0];
  return (
    <DropZone onImport={() => setScreen(0)}>
      <AppBar position="static" color="primary" enableColorOnDark>
        <Toolbar sx={{ gap: 2 }}>
          <Typography variant="h6" component="h1" sx={{ flexGrow: 1 }}>
            {STRINGS.appName}
          </Typography>
          <SaveStatus />
          <BackendBadge />
        </Toolbar>
        <Tabs
          value={screen}
          onChange={(_, value: number) => setScreen(value)}
          textColor="inherit"
          indicatorColor="secondary"
          variant="scrollable"
          scrollButtons="auto"
        >
          {SCREENS.map((s, i) => (
            <Tab
              key={s.id}
              label={s.label}
              id={`tab-${s.id}`}
              aria-controls={`screen-${s.id}`}
              value={i}
            />
          ))}
        </Tabs>
      </AppBar>
      <ConnectionBanner />
      <Container
        component="main"
        sx={{ py: 3 }}
        id={`screen-${current.id}`}
        role="tabpanel"
        aria-labelledby={`tab-${current.id}`}
      >
        <RecoverProject />
        {current.render()}
      </Container>
      <TrainerAlerts />
    </DropZone>
  );
}
