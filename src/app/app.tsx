import { createBrowserRouter } from 'react-router';
import { RouterProvider } from 'react-router/dom';
import { consoleConfigQuery } from '../config/console-config.ts';
import { sandboxQueries } from '../features/sandboxes/api/queries.ts';
import { ConfigGate } from './config-gate.tsx';
import { AppErrorBoundary } from './error-boundary.tsx';
import { AppProviders, createQueryClient } from './providers.tsx';
import { appRoutes } from './routes.tsx';

const queryClient = createQueryClient();
// The start-up requests leave before React's first render: the config, then at once the org's
// sandboxes (every page waits for both). The router meanwhile loads the first page's code.
void queryClient
  .fetchQuery(consoleConfigQuery)
  .then((config) => queryClient.prefetchQuery(sandboxQueries.list(config.orgId)))
  .catch(() => undefined);
const router = createBrowserRouter(appRoutes);

export function App() {
  return (
    <AppProviders queryClient={queryClient}>
      <AppErrorBoundary>
        <ConfigGate>
          <RouterProvider router={router} />
        </ConfigGate>
      </AppErrorBoundary>
    </AppProviders>
  );
}
