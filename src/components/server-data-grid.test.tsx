import { describe, expect, it } from 'vitest';
import { screen, within } from '@testing-library/react';
import type { GridColDef } from '@mui/x-data-grid';
import { ServerDataGrid } from './server-data-grid.tsx';
import { useGridUrlState } from '../hooks/use-grid-url-state.ts';
import { renderWithProviders } from '../testing/render.tsx';

interface Row {
  id: string;
  name: string;
}

const columns: GridColDef<Row>[] = [
  { field: 'name', headerName: 'Name', flex: 1 },
  { field: 'created', headerName: 'Created', flex: 1 },
];

/** Pretends to be the server: 60 rows, paged by the URL state. */
function Harness() {
  const state = useGridUrlState({
    defaultPageSize: 25,
    defaultSort: { field: 'created', order: 'desc' },
    sortFields: ['name', 'created'],
  });
  const rows = Array.from({ length: 60 }, (_, i) => ({ id: String(i), name: `row ${i + 1}` })).slice(
    state.page * state.pageSize,
    (state.page + 1) * state.pageSize,
  );
  return (
    <>
      <output aria-label="state">
        {JSON.stringify({ page: state.page, size: state.pageSize, sort: state.sort })}
      </output>
      <ServerDataGrid
        label="Things"
        rows={rows}
        columns={columns}
        rowCount={60}
        loading={false}
        state={state}
      />
    </>
  );
}

describe('ServerDataGrid', () => {
  it('reads paging from the URL and writes page changes back', async () => {
    const { router, user } = renderWithProviders(<Harness />, { url: '/things?page=2' });
    const grid = screen.getByRole('grid', { name: 'Things' });
    expect(within(grid).getByText('row 26')).toBeTruthy();
    expect(screen.getByText('26–50 of 60')).toBeTruthy();
    await user.click(screen.getByRole('button', { name: /next page/i }));
    expect(router.state.location.search).toBe('?page=3');
    expect(await screen.findByText('51–60 of 60')).toBeTruthy();
    await user.click(screen.getByRole('button', { name: /previous page/i }));
    await user.click(screen.getByRole('button', { name: /previous page/i }));
    expect(router.state.location.search).toBe('');
  });

  it('writes sort changes to the URL and resets the page', async () => {
    const { router, user } = renderWithProviders(<Harness />, { url: '/things?page=2' });
    await user.click(screen.getByText('Name'));
    expect(router.state.location.search).toBe('?sort=asc%3Aname');
    expect(screen.getByLabelText('state').textContent).toContain('"field":"name"');
  });

  it('ignores unknown sort fields and page sizes in the URL', () => {
    renderWithProviders(<Harness />, { url: '/things?sort=asc:password&size=7' });
    expect(screen.getByLabelText('state').textContent).toBe(
      '{"page":0,"size":25,"sort":{"field":"created","order":"desc"}}',
    );
  });
});
