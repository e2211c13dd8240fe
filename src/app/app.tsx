import { createBrowserRouter } from 'react-router';
import { RouterProvider } from 'react-router/dom';
import { ConfigGate } from './config-gate.tsx';
import { AppErrorBoundary } from './error-boundary.tsx';
import { AppProviders, createQueryClient } from './providers.tsx';
import { appRoutes } from './routes.tsx';

const queryClient = createQueryClient();
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
