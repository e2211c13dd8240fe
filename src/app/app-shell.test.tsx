import { describe, expect, it, vi } from 'vitest';
import { render, screen, waitFor, within } from '@testing-library/react';
import { createMemoryRouter, RouterProvider } from 'react-router';
import { getDataset, listBatches, listDatasets } from '../../contracts/catalog.ts';
import { getConsoleConfig } from '../../contracts/local.ts';
import { batchMap, datasetId, datasetMap, makeConfig, makeDataset, problem } from '../testing/fixtures.ts';
import { createMockApi } from '../testing/mock-api.ts';
import { mockService, renderApp } from '../testing/render.tsx';
import { AREAS } from './areas.tsx';
import { RouteError } from './route-error.tsx';
import { MODE_STORAGE_KEY } from './theme.ts';

const ds = makeDataset({ id: datasetId(3), name: 'Loyalty Members' });

function withDatasets() {
  return mockService()
    .on(listDatasets, { body: datasetMap([ds]), headers: { 'x-total-count': '1' } })
    .on(getDataset, { body: datasetMap([ds]) })
    .on(listBatches, { body: batchMap([]), headers: { 'x-total-count': '0' } });
}

describe('App shell', () => {
  it('opens the default sandbox from /', async () => {
    withDatasets();
    const { router } = renderApp('/');
    await waitFor(() => expect(router.state.location.pathname).toBe('/prod/datasets'));
    expect(await screen.findByRole('heading', { level: 1, name: 'Datasets' })).toBeTruthy();
  });

  it('lists only built areas, with the active one marked', async () => {
    withDatasets();
    renderApp('/prod/datasets');
    const nav = await screen.findByRole('navigation', { name: 'Main' });
    const links = within(nav).getAllByRole('link');
    expect(links.map((l) => l.textContent)).toEqual(AREAS.map((a) => a.label));
    const datasets = within(nav).getByRole('link', { name: 'Datasets' });
    expect(datasets.getAttribute('aria-current')).toBe('page');
    expect(datasets.getAttribute('href')).toBe('/prod/datasets');
    expect(links.filter((l) => l.getAttribute('aria-current') === 'page')).toHaveLength(1);
  });

  it('switches sandbox and stays in the area, with production marked', async () => {
    const api = withDatasets();
    const { router, user } = renderApp(`/prod/datasets/${ds.id}`);
    await screen.findByRole('heading', { level: 1, name: 'Loyalty Members' });
    await user.click(screen.getByRole('button', { name: 'Sandbox: Production' }));
    const menu = await screen.findByRole('menu');
    const items = within(menu).getAllByRole('menuitem');
    expect(items.map((i) => i.textContent)).toEqual(['ProductionprodProduction', 'Developmentdev']);
    await user.click(within(menu).getByText('Development'));
    await waitFor(() => expect(router.state.location.pathname).toBe('/dev/datasets'));
    await screen.findByRole('grid', { name: 'Datasets' });
    expect(api.callsTo(listDatasets).at(-1)?.headers.get('x-sandbox-name')).toBe('dev');
  });

  it('shows a clear page for a sandbox that does not exist, without calling its APIs', async () => {
    const api = withDatasets();
    const { user, router } = renderApp('/nope/datasets');
    expect(await screen.findByText('Sandbox "nope" does not exist')).toBeTruthy();
    expect(api.calls.filter((c) => c.headers.get('x-sandbox-name') === 'nope')).toEqual([]);
    await user.click(screen.getByRole('link', { name: 'Go to Production' }));
    await waitFor(() => expect(router.state.location.pathname).toBe('/prod/datasets'));
  });

  it('shows a 404 page for an unknown path', async () => {
    withDatasets();
    renderApp('/prod/no-such-area');
    expect(await screen.findByText('Page not found')).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Go to the console home' }).getAttribute('href')).toBe('/');
  });

  it('switches to dark mode and remembers it', async () => {
    withDatasets();
    const { user } = renderApp('/prod/datasets');
    await user.click(await screen.findByRole('button', { name: 'Theme: System' }));
    await user.click(screen.getByRole('menuitemradio', { name: 'Dark' }));
    await waitFor(() => expect(document.documentElement.classList.contains('dark')).toBe(true));
    expect(localStorage.getItem(MODE_STORAGE_KEY)).toBe('dark');
    expect(screen.getByRole('button', { name: 'Theme: Dark' })).toBeTruthy();
  });

  it('explains when the service cannot be reached, and retries', async () => {
    const api = createMockApi()
      .on(getConsoleConfig, { status: 500, body: problem(500, 'Store unavailable', 'req-boot') })
      .install();
    const { user } = renderApp('/');
    expect(await screen.findByText('The console could not start')).toBeTruthy();
    expect(screen.getByText('Store unavailable')).toBeTruthy();
    expect(screen.getByText('req-boot')).toBeTruthy();
    api.on(getConsoleConfig, { body: makeConfig() });
    withDatasets();
    await user.click(screen.getByRole('button', { name: 'Retry' }));
    expect(await screen.findByRole('heading', { level: 1, name: 'Datasets' })).toBeTruthy();
  });

  it('contains a failing page in its route error element', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    function Broken(): never {
      throw new Error('Kaboom in a page');
    }
    const router = createMemoryRouter([{ path: '/', Component: Broken, ErrorBoundary: RouteError }]);
    render(<RouterProvider router={router} />);
    expect(await screen.findByText('This page failed')).toBeTruthy();
    expect(screen.getByText('Kaboom in a page')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Reload' })).toBeTruthy();
    vi.restoreAllMocks();
  });
});
