import { AppBar, Box, Button, Container, Tab, Tabs, Toolbar, Typography } from '@mui/material';
import { useState, type ReactElement } from 'react';
import { DataScreen } from '../data/DataScreen.js';
import { DatasetImportProvider } from '../data/DatasetImport.js';
import { EvaluateScreen } from '../evaluate/EvaluateScreen.js';
import { ExportScreen } from '../export/ExportScreen.js';
import { ModelScreen } from '../model/ModelScreen.js';
import { RunPicker } from '../runs/RunPicker.js';
import { RunsScreen } from '../runs/RunsScreen.js';
import { useScratchEvents } from '../runs/useScratchEvents.js';
import { TrainScreen } from '../train/TrainScreen.js';
import { TryScreen } from '../tryit/TryScreen.js';
import { useThemeChoice } from './AppTheme.js';
import { BackendBadge } from './BackendBadge.js';
import { ConnectionBanner } from './ConnectionBanner.js';
import { DropZone } from './DropZone.js';
import { RecoverProject, SaveStatus } from './ProjectBar.js';
import { nextStep, type NextStep, type ScreenId } from './nextStep.js';
import { STRINGS } from './strings.js';
import { ThemeToggle } from './ThemeToggle.js';
import { TrainerAlerts } from './TrainerAlerts.js';
import { useWorkspace, WorkspaceProvider } from './workspace.js';

const SCREENS = [
  { id: 'data', label: STRINGS.tabs.data, render: () => <DataScreen /> },
  { id: 'model', label: STRINGS.tabs.model, render: () => <ModelScreen /> },
  { id: 'train', label: STRINGS.tabs.train, render: () => <TrainScreen /> },
  { id: 'evaluate', label: STRINGS.tabs.evaluate, render: () => <EvaluateScreen /> },
  { id: 'runs', label: STRINGS.tabs.runs, render: () => <RunsScreen /> },
  { id: 'try', label: STRINGS.tabs.tryIt, render: () => <TryScreen /> },
  { id: 'export', label: STRINGS.tabs.export, render: () => <ExportScreen /> },
] as const satisfies readonly { id: ScreenId; label: string; render(): ReactElement }[];

/** The screens that work on one trained model: they share the run picked on any of them. */
const USES_A_RUN: ReadonlySet<ScreenId> = new Set(['evaluate', 'try', 'export']);

const indexOf = (id: ScreenId) => SCREENS.findIndex((s) => s.id === id);

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
  const { choice, setChoice } = useThemeChoice();
  const step = nextStep(useWorkspace().state);
  useScratchEvents();
  return (
    <DropZone enabled={current.id !== 'try'} onImport={() => setScreen(0)}>
      <AppBar position="static" color="primary" enableColorOnDark>
        <Toolbar sx={{ gap: 2 }}>
          <Typography variant="h6" component="h1" sx={{ flexGrow: 1 }}>
            {STRINGS.appName}
          </Typography>
          <SaveStatus />
          <BackendBadge />
          <ThemeToggle choice={choice} onChange={setChoice} />
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
              label={
                <span>
                  {step.done.includes(s.id) && <span aria-hidden="true">✓ </span>}
                  {s.label}
                </span>
              }
              // The tick is for the eye; assistive technology hears the step's state instead.
              aria-description={step.done.includes(s.id) ? STRINGS.guide.done : undefined}
              data-done={step.done.includes(s.id)}
              id={`tab-${s.id}`}
              aria-controls={`screen-${s.id}`}
              value={i}
            />
          ))}
        </Tabs>
      </AppBar>
      <ConnectionBanner />
      <Guide step={step} current={current.id} go={(id) => setScreen(indexOf(id))} />
      <Container
        component="main"
        sx={{ py: 3 }}
        id={`screen-${current.id}`}
        role="tabpanel"
        aria-labelledby={`tab-${current.id}`}
      >
        <RecoverProject />
        {USES_A_RUN.has(current.id) && <RunPicker />}
        {current.render()}
      </Container>
      <TrainerAlerts />
    </DropZone>
  );
}

/** One line under the tabs saying what to do next, with a button when it is on another screen. */
function Guide({
  step,
  current,
  go,
}: {
  step: NextStep;
  current: ScreenId;
  go(id: ScreenId): void;
}) {
  const target = SCREENS[indexOf(step.screen)];
  return (
    <Box
      role="status"
      data-testid="next-step"
      data-screen={step.screen}
      sx={{
        display: 'flex',
        alignItems: 'center',
        gap: 2,
        px: 3,
        py: 1,
        bgcolor: 'background.paper',
        borderBottom: 1,
        borderColor: 'divider',
        flexWrap: 'wrap',
      }}
    >
      <Typography variant="body2">{step.message}</Typography>
      {target && step.screen !== current && (
        <Button size="small" onClick={() => go(step.screen)}>
          {STRINGS.guide.go(target.label)}
        </Button>
      )}
    </Box>
  );
}
