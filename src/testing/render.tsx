// Rendering helpers: the real app (routes, providers, config gate) over a memory router, or one
// component with the providers it needs.
import type { ReactElement } from 'react';
import { render } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { createMemoryRouter, RouterProvider, type RouteObject } from 'react-router';
import { QueryClient } from '@tanstack/react-query';
import { getConsoleConfig } from '../../contracts/local.ts';
import { listSandboxes } from '../../contracts/sandboxes.ts';
import { getDatasetStats } from '../../contracts/local.ts';
import { AppProviders } from '../app/providers.tsx';
import { ConfigGate } from '../app/config-gate.tsx';
import { appRoutes } from '../app/routes.tsx';
import { ConsoleConfigContext } from '../config/console-config.ts';
import { createMockApi, type MockApi } from './mock-api.ts';
import { DEFAULT_SANDBOXES, makeConfig, sandboxList } from './fixtures.ts';

export function testQueryClient() {
  return new QueryClient({
    defaultOptions: { queries: { retry: false, staleTime: 0 }, mutations: { retry: false } },
  });
}

/** A mocked service with the start-up endpoints answered (config, sandboxes, empty stats). */
export function mockService(): MockApi {
  return createMockApi()
    .on(getConsoleConfig, { body: makeConfig() })
    .on(listSandboxes, { body: sandboxList(DEFAULT_SANDBOXES) })
    .on(getDatasetStats, { body: {} })
    .install();
}

/** The whole console at a URL. */
export function renderApp(url: string) {
  const router = createMemoryRouter(appRoutes, { initialEntries: [url] });
  const queryClient = testQueryClient();
  const user = userEvent.setup();
  const result = render(
    <AppProviders queryClient={queryClient}>
      <ConfigGate>
        <RouterProvider router={router} />
      </ConfigGate>
    </AppProviders>,
  );
  return { ...result, router, user, queryClient };
}

/** One component under the providers, a router (at `url`, matched by `path`) and a config. */
export function renderWithProviders(ui: ReactElement, options: { url?: string; path?: string } = {}) {
  const routes: RouteObject[] = [{ path: options.path ?? '*', element: ui }];
  const router = createMemoryRouter(routes, { initialEntries: [options.url ?? '/'] });
  const queryClient = testQueryClient();
  const user = userEvent.setup();
  const result = render(
    <AppProviders queryClient={queryClient}>
      <ConsoleConfigContext.Provider value={makeConfig()}>
        <RouterProvider router={router} />
      </ConsoleConfigContext.Provider>
    </AppProviders>,
  );
  return { ...result, router, user, queryClient };
}
