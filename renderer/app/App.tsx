import { AppBar, Box, Container, Tab, Tabs, Toolbar, Typography } from '@mui/material';
import { useState } from 'react';
import { DataScreen } from '../data/DataScreen.js';
import { ModelsScreen } from '../model/ModelsScreen.js';
import { BackendBadge } from './BackendBadge.js';
import { TrainerAlerts } from './TrainerAlerts.js';
import { STRINGS } from './strings.js';

const SCREENS = [
  { id: 'data', label: STRINGS.tabs.data, render: () => <DataScreen /> },
  { id: 'models', label: STRINGS.tabs.models, render: () => <ModelsScreen /> },
] as const;

export function App() {
  const [screen, setScreen] = useState(0);
  return (
    <Box sx={{ minHeight: '100vh' }}>
      <AppBar position="static" color="primary" enableColorOnDark>
        <Toolbar sx={{ gap: 2 }}>
          <Typography variant="h6" component="h1" sx={{ flexGrow: 1 }}>
            {STRINGS.appName}
          </Typography>
          <BackendBadge />
        </Toolbar>
        <Tabs
          value={screen}
          onChange={(_, value: number) => setScreen(value)}
          textColor="inherit"
          indicatorColor="secondary"
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
      <Container
        component="main"
        sx={{ py: 3 }}
        id={`screen-${SCREENS[screen]?.id}`}
        role="tabpanel"
        aria-labelledby={`tab-${SCREENS[screen]?.id}`}
      >
        {SCREENS[screen]?.render()}
      </Container>
      <TrainerAlerts />
    </Box>
  );
}
