// /:sandbox/delete-requests — the sandbox's delete requests (profile system jobs), server-paged, with
// paging and sort in the URL (page, size, sort), live status while any runs, and New delete request.
import { useMemo, useState } from 'react';
import { useNavigate } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import useMediaQuery from '@mui/material/useMediaQuery';
import type { Theme } from '@mui/material/styles';
import AddIcon from '@mui/icons-material/Add';
import DeleteSweepOutlinedIcon from '@mui/icons-material/DeleteSweepOutlined';
import { EmptyState } from '../../components/empty-state.tsx';
import { InlineError } from '../../components/inline-error.tsx';
import { PageHeader } from '../../components/page-header.tsx';
import { useConsoleConfig } from '../../config/console-config.ts';
import { deleteRequestQueries, useRefreshWhenFinished } from '../../features/delete-requests/api/queries.ts';
import { DELETE_REQUEST_SORTS, type DeleteRequestSortField } from '../../features/delete-requests/api/requests.ts';
import { DeleteRequestsTable } from '../../features/delete-requests/components/delete-requests-table.tsx';
import { NewDeleteRequestDialog } from '../../features/delete-requests/components/new-delete-request-dialog.tsx';
import { sandboxQueries } from '../../features/sandboxes/api/queries.ts';
import { useGridUrlState } from '../../hooks/use-grid-url-state.ts';
import { useTenant } from '../../hooks/use-tenant.ts';
import { plural } from '../../lib/format.ts';

const DEFAULT_SORT = { field: 'created', order: 'desc' } as const;
const SORT_FIELDS = Object.keys(DELETE_REQUEST_SORTS);

export function DeleteRequestsPage() {
  const tenant = useTenant();
  const config = useConsoleConfig();
  const navigate = useNavigate();
  const compact = useMediaQuery((theme: Theme) => theme.breakpoints.down('md'), { noSsr: true });
  const state = useGridUrlState({ defaultPageSize: 25, defaultSort: DEFAULT_SORT, sortFields: SORT_FIELDS });
  const [newOpen, setNewOpen] = useState(false);

  const sort = state.sort ?? DEFAULT_SORT;
  const requests = useQuery(
    deleteRequestQueries.list(tenant, {
      page: state.page,
      pageSize: state.pageSize,
      sort: { field: sort.field as DeleteRequestSortField, order: sort.order },
    }),
  );
  useRefreshWhenFinished(tenant, requests.data?.items);
  const targets = useQuery(deleteRequestQueries.targets(tenant));
  const datasetNames = useMemo(() => new Map((targets.data ?? []).map((d) => [d.id, d.name])), [targets.data]);
  const sandboxes = useQuery(sandboxQueries.list(config.orgId));
  const sandbox = sandboxes.data?.find((s) => s.name === tenant.sandbox);
  const sandboxTitle = sandbox?.title ?? tenant.sandbox;
  const production = sandbox?.type === 'production';
  const total = requests.data?.total;

  const newButton = (
    <Button variant="contained" startIcon={<AddIcon />} onClick={() => setNewOpen(true)}>
      New delete request
    </Button>
  );

  return (
    <>
      <PageHeader
        title="Delete requests"
        subtitle={
          <>
            Deletes a dataset’s, or one event batch’s, data from the Profile store of sandbox {sandboxTitle} and repairs the identity graphs it linked
            {total !== undefined && ` · ${plural(total, 'request')}`}
            {production && <Chip size="small" color="warning" label="Production sandbox" sx={{ ml: 1, verticalAlign: 'middle' }} />}
          </>
        }
        actions={newButton}
      />
      <Paper variant="outlined">
        {requests.isError ? (
          <Stack sx={{ p: 2 }}>
            <InlineError title="Could not load the delete requests" error={requests.error} onRetry={() => requests.refetch()} />
          </Stack>
        ) : requests.data && requests.data.total === 0 ? (
          <EmptyState
            icon={<DeleteSweepOutlinedIcon />}
            title="No delete requests in this sandbox"
            description="A delete request removes a dataset’s profile fragments and events (or one batch of events), splits the identity graphs only they held together, and drops identities nothing refers to any more. The dataset itself stays."
            action={newButton}
          />
        ) : (
          <DeleteRequestsTable
            rows={requests.data?.items ?? []}
            total={requests.data?.total ?? 0}
            loading={requests.isPending || (requests.isFetching && requests.isPlaceholderData)}
            state={state}
            datasetNames={datasetNames}
            compact={compact}
            onOpen={(id) => navigate(id)}
          />
        )}
      </Paper>
      <NewDeleteRequestDialog
        open={newOpen}
        tenant={tenant}
        sandboxTitle={sandboxTitle}
        production={production}
        onClose={() => setNewOpen(false)}
        onCreated={(id) => {
          setNewOpen(false);
          navigate(id);
        }}
      />
    </>
  );
}
