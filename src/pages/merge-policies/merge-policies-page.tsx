// /:sandbox/merge-policies — the sandbox's merge policies (at most 5), server-paged, with sort and
// filters in the URL (page, size, sort, stitching, merge), and the quick actions: set as default,
// active on edge, duplicate, delete, preview/compare.
import { useState } from 'react';
import { Link as RouterLink, useLocation, useNavigate, useSearchParams } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import MenuItem from '@mui/material/MenuItem';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Tooltip from '@mui/material/Tooltip';
import useMediaQuery from '@mui/material/useMediaQuery';
import type { Theme } from '@mui/material/styles';
import AddIcon from '@mui/icons-material/Add';
import CompareArrowsIcon from '@mui/icons-material/CompareArrows';
import MergeTypeOutlinedIcon from '@mui/icons-material/MergeTypeOutlined';
import {
  MAX_MERGE_POLICIES,
  type AttributeMergeType,
  type IdentityGraphType,
  type MergePolicy,
} from '../../../contracts/merge-policies.ts';
import { ConfirmDialog } from '../../components/confirm-dialog.tsx';
import { EmptyState } from '../../components/empty-state.tsx';
import { InlineError } from '../../components/inline-error.tsx';
import { PageHeader } from '../../components/page-header.tsx';
import { useDeleteMergePolicy, usePatchMergePolicy } from '../../features/merge-policies/api/mutations.ts';
import { mergePolicyQueries } from '../../features/merge-policies/api/queries.ts';
import type { MergePolicySortField } from '../../features/merge-policies/api/requests.ts';
import {
  MergePoliciesTable,
  type PolicyAction,
} from '../../features/merge-policies/components/merge-policies-table.tsx';
import { ATTRIBUTE_MERGE_LABELS, IDENTITY_GRAPH_LABELS } from '../../features/merge-policies/model.ts';
import { useGridUrlState } from '../../hooks/use-grid-url-state.ts';
import { useUrlFilters } from '../../hooks/use-url-filters.ts';
import { useTenant } from '../../hooks/use-tenant.ts';

const DEFAULT_SORT = { field: 'name', order: 'asc' } as const;
/** Grid sort fields → the API's orderBy fields. */
const SORTS: Record<string, MergePolicySortField> = {
  name: 'name',
  version: 'version',
  updated: 'updateEpoch',
};

type Pending = { action: 'setDefault' | 'toggleEdge' | 'delete'; policy: MergePolicy };

export function MergePoliciesPage() {
  const tenant = useTenant();
  const navigate = useNavigate();
  const location = useLocation();
  const compact = useMediaQuery((theme: Theme) => theme.breakpoints.down('md'), { noSsr: true });
  const state = useGridUrlState({
    defaultPageSize: 25,
    defaultSort: DEFAULT_SORT,
    sortFields: Object.keys(SORTS),
  });
  const [, setParams] = useSearchParams();
  const { params, setFilter } = useUrlFilters();
  const stitching = (['none', 'pdg'] as const).find((v) => v === params.get('stitching'));
  const merge = (['timestampOrdered', 'dataSetPrecedence'] as const).find((v) => v === params.get('merge'));
  const [pending, setPending] = useState<Pending | null>(null);
  const [savedName, setSavedName] = useState<string | undefined>(
    (location.state as { saved?: string } | null)?.saved,
  );

  const sort = state.sort ?? DEFAULT_SORT;
  const list = useQuery(
    mergePolicyQueries.list(tenant, {
      page: state.page,
      pageSize: state.pageSize,
      sort: { field: SORTS[sort.field] ?? 'name', order: sort.order },
      identityGraph: stitching,
      attributeMerge: merge,
    }),
  );
  const all = useQuery(mergePolicyQueries.all(tenant));
  const count = all.data?.length;
  const atLimit = count !== undefined && count >= MAX_MERGE_POLICIES;
  const currentDefault = all.data?.find((p) => p.default);
  const patch = usePatchMergePolicy(tenant);
  const remove = useDeleteMergePolicy(tenant);

  const onAction = (action: PolicyAction, policy: MergePolicy) => {
    patch.reset();
    remove.reset();
    switch (action) {
      case 'edit':
        return navigate(policy.id);
      case 'compare':
        return navigate(`compare?a=${encodeURIComponent(policy.id)}`);
      case 'duplicate':
        return navigate(`new?from=${encodeURIComponent(policy.id)}`);
      default:
        setPending({ action, policy });
    }
  };

  const confirm = async () => {
    if (!pending) return;
    const { action, policy } = pending;
    try {
      if (action === 'delete') await remove.mutateAsync(policy.id);
      else {
        const ops =
          action === 'setDefault'
            ? [{ op: 'add' as const, path: '/default', value: true }]
            : [{ op: 'add' as const, path: '/isActiveOnEdge', value: !policy.isActiveOnEdge }];
        await patch.mutateAsync({ id: policy.id, version: policy.version, ops });
      }
      setPending(null);
    } catch {
      // shown in the dialog
    }
  };

  const createButton = (
    <Tooltip
      title={
        atLimit
          ? `This sandbox has ${count} of ${MAX_MERGE_POLICIES} merge policies: delete one to create another`
          : ''
      }
    >
      <span>
        <Button
          variant="contained"
          startIcon={<AddIcon />}
          component={RouterLink}
          to="new"
          disabled={atLimit}
        >
          Create merge policy
        </Button>
      </span>
    </Tooltip>
  );

  const filtered = stitching !== undefined || merge !== undefined;
  const policy = pending?.policy;
  const stitchingChanges =
    policy && currentDefault && policy.identityGraph.type !== currentDefault.identityGraph.type;

  return (
    <>
      <PageHeader
        title="Merge policies"
        subtitle={
          <>
            How fragments from several datasets and identities combine into one profile in sandbox{' '}
            {tenant.sandbox}
            {count !== undefined && ` · ${count} of ${MAX_MERGE_POLICIES} policies`}
          </>
        }
        actions={
          <>
            <Button
              variant="outlined"
              startIcon={<CompareArrowsIcon />}
              component={RouterLink}
              to="compare"
              disabled={(count ?? 0) < 2}
            >
              Compare
            </Button>
            {createButton}
          </>
        }
      />
      {savedName && (
        <Alert severity="success" onClose={() => setSavedName(undefined)} sx={{ mb: 2 }}>
          Saved merge policy “{savedName}”.
        </Alert>
      )}
      {atLimit && (
        <Alert severity="info" sx={{ mb: 2 }}>
          This sandbox has {MAX_MERGE_POLICIES} of {MAX_MERGE_POLICIES} merge policies, the most a sandbox can
          have. Delete one to create or duplicate another.
        </Alert>
      )}
      <Stack direction="row" sx={{ gap: 1.5, mb: 2, flexWrap: 'wrap' }}>
        <TextField
          select
          size="small"
          label="Identity stitching"
          value={stitching ?? ''}
          onChange={(e) => setFilter('stitching', e.target.value)}
          sx={{ minWidth: 180 }}
          slotProps={{ inputLabel: { shrink: true }, select: { displayEmpty: true } }}
        >
          <MenuItem value="">Any</MenuItem>
          {(['none', 'pdg'] as IdentityGraphType[]).map((v) => (
            <MenuItem key={v} value={v}>
              {IDENTITY_GRAPH_LABELS[v]}
            </MenuItem>
          ))}
        </TextField>
        <TextField
          select
          size="small"
          label="Attribute merge"
          value={merge ?? ''}
          onChange={(e) => setFilter('merge', e.target.value)}
          sx={{ minWidth: 200 }}
          slotProps={{ inputLabel: { shrink: true }, select: { displayEmpty: true } }}
        >
          <MenuItem value="">Any</MenuItem>
          {(['timestampOrdered', 'dataSetPrecedence'] as AttributeMergeType[]).map((v) => (
            <MenuItem key={v} value={v}>
              {ATTRIBUTE_MERGE_LABELS[v]}
            </MenuItem>
          ))}
        </TextField>
        {filtered && (
          <Button size="small" onClick={() => setParams(new URLSearchParams())}>
            Clear filters
          </Button>
        )}
      </Stack>
      <Paper variant="outlined">
        {list.isError ? (
          <Box sx={{ p: 2 }}>
            <InlineError
              title="Could not load the merge policies"
              error={list.error}
              onRetry={() => list.refetch()}
            />
          </Box>
        ) : list.data && list.data.total === 0 && !filtered ? (
          <EmptyState
            icon={<MergeTypeOutlinedIcon />}
            title="No merge policies in this sandbox"
            description="A merge policy decides which identities are stitched into one profile and which dataset wins when fragments disagree."
            action={createButton}
          />
        ) : (
          <MergePoliciesTable
            rows={list.data?.items ?? []}
            total={list.data?.total ?? 0}
            loading={list.isPending || (list.isFetching && list.isPlaceholderData)}
            state={state}
            all={all.data ?? []}
            atLimit={atLimit}
            compact={compact}
            onAction={onAction}
          />
        )}
      </Paper>

      <ConfirmDialog
        open={pending?.action === 'setDefault'}
        title={`Make “${policy?.name ?? ''}” the default?`}
        description={
          <>
            Lookups, exports and audiences bound to the default policy will merge profiles with “
            {policy?.name}”
            {currentDefault ? (
              <> instead of “{currentDefault.name}”, which stays as a policy but is no longer the default</>
            ) : null}
            . Profile counts can change
            {stitchingChanges ? (
              <>
                : “{policy?.name}”{' '}
                {policy?.identityGraph.type === 'pdg'
                  ? 'stitches identities with the private graph'
                  : 'does not stitch identities'}
                , “{currentDefault?.name}”{' '}
                {currentDefault?.identityGraph.type === 'pdg' ? 'does' : 'does not'}
              </>
            ) : null}
            . Preview the difference with Compare first.
          </>
        }
        confirmLabel="Make default"
        pending={patch.isPending}
        error={patch.error}
        onConfirm={confirm}
        onClose={() => setPending(null)}
      />
      <ConfirmDialog
        open={pending?.action === 'toggleEdge'}
        title={
          policy?.isActiveOnEdge
            ? `Deactivate “${policy?.name ?? ''}” on edge?`
            : `Activate “${policy?.name ?? ''}” on edge?`
        }
        description={
          policy?.isActiveOnEdge
            ? 'Edge audiences need a policy that is active on edge: until another one is activated, they are evaluated as streaming audiences.'
            : 'Edge audiences will be evaluated with this policy. A sandbox has one policy active on edge.'
        }
        confirmLabel={policy?.isActiveOnEdge ? 'Deactivate' : 'Activate'}
        pending={patch.isPending}
        error={patch.error}
        onConfirm={confirm}
        onClose={() => setPending(null)}
      />
      <ConfirmDialog
        open={pending?.action === 'delete'}
        title={`Delete “${policy?.name ?? ''}”?`}
        description="Audiences and exports that name this policy will fail until they name another one. This cannot be undone."
        confirmLabel="Delete policy"
        destructive
        typedConfirmation={policy?.name}
        pending={remove.isPending}
        error={remove.error}
        onConfirm={confirm}
        onClose={() => setPending(null)}
      />
    </>
  );
}
