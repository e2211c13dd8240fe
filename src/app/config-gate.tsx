// Nothing renders before the console knows its org, mode and default sandbox.
import type { ReactNode } from 'react';
import { useQuery } from '@tanstack/react-query';
import Box from '@mui/material/Box';
import CircularProgress from '@mui/material/CircularProgress';
import Typography from '@mui/material/Typography';
import { ConsoleConfigContext, consoleConfigQuery } from '../config/console-config.ts';
import { InlineError } from '../components/inline-error.tsx';

export function ConfigGate({ children }: { children: ReactNode }) {
  const config = useQuery(consoleConfigQuery);
  if (config.isPending) {
    return (
      <Box sx={{ minHeight: '100vh', display: 'grid', placeItems: 'center' }}>
        <Box sx={{ textAlign: 'center' }}>
          <CircularProgress aria-label="Connecting to the Profile service" />
          <Typography variant="body2" color="text.secondary" sx={{ mt: 2 }}>
            Connecting to the Profile service…
          </Typography>
        </Box>
      </Box>
    );
  }
  if (config.isError) {
    return (
      <Box component="main" sx={{ maxWidth: 640, mx: 'auto', mt: 10, px: 2 }}>
        <InlineError
          title="The console could not start"
          error={config.error}
          onRetry={() => config.refetch()}
        />
      </Box>
    );
  }
  return <ConsoleConfigContext.Provider value={config.data}>{children}</ConsoleConfigContext.Provider>;
}
