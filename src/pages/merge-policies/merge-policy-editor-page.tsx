// /:sandbox/merge-policies/new (optionally ?from=<id> to start from a copy) and
// /:sandbox/merge-policies/:policyId — the merge policy editor, for creating and for editing.
import { useState } from 'react';
import { Link as RouterLink, useNavigate, useParams, useSearchParams } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import Breadcrumbs from '@mui/material/Breadcrumbs';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import Link from '@mui/material/Link';
import Skeleton from '@mui/material/Skeleton';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import type { MergePolicy } from '../../../contracts/merge-policies.ts';
import { EmptyState } from '../../components/empty-state.tsx';
import { InlineError } from '../../components/inline-error.tsx';
import { PageHeader } from '../../components/page-header.tsx';
import { RelativeTime } from '../../components/relative-time.tsx';
import { useConsoleConfig } from '../../config/console-config.ts';
import { mergePolicyQueries } from '../../features/merge-policies/api/queries.ts';
import { PolicyEditor } from '../../features/merge-policies/components/policy-editor.tsx';
import { draftOf, duplicateOf, emptyDraft } from '../../features/merge-policies/model.ts';
import { useTenant } from '../../hooks/use-tenant.ts';
import { isApiError } from '../../lib/api-client.ts';

function Crumbs({ sandbox, current }: { sandbox: string; current: string }) {
  return (
    <Breadcrumbs aria-label="Breadcrumb" sx={{ mb: 0.5 }}>
      <Link
        component={RouterLink}
        to={`/${sandbox}/merge-policies`}
        underline="hover"
        color="inherit"
        variant="body2"
      >
        Merge policies
      </Link>
      <Typography variant="body2" color="text.primary" sx={{ overflowWrap: 'anywhere' }}>
        {current}
      </Typography>
    </Breadcrumbs>
  );
}

function Loading() {
  return (
    <Stack spacing={2} role="status" aria-label="Loading">
      <Skeleton variant="text" width={280} height={40} />
      <Skeleton variant="rounded" height={72} />
      <Skeleton variant="rounded" height={320} />
    </Stack>
  );
}

/** What every editor needs besides the policy: all policies, the datasets and their counts. */
function useEditorData() {
  const tenant = useTenant();
  const config = useConsoleConfig();
  const policies = useQuery(mergePolicyQueries.all(tenant));
  const datasets = useQuery(mergePolicyQueries.datasets(tenant));
  const counts = useQuery(mergePolicyQueries.counts(tenant, config.mode === 'local'));
  return { tenant, policies, datasets, counts };
}

export function NewMergePolicyPage() {
  const { tenant, policies, datasets, counts } = useEditorData();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const from = params.get('from') ?? undefined;
  const list = `/${tenant.sandbox}/merge-policies`;
  const source = policies.data?.find((p) => p.id === from);

  const header = (
    <PageHeader
      overline={
        <Crumbs sandbox={tenant.sandbox} current={source ? `Copy of ${source.name}` : 'New merge policy'} />
      }
      title={source ? `Copy of ${source.name}` : 'Create merge policy'}
      subtitle={policies.data ? `${policies.data.length} of 5 merge policies in this sandbox` : undefined}
    />
  );
  if (policies.isError) {
    return (
      <>
        {header}
        <InlineError
          title="Could not load the merge policies"
          error={policies.error}
          onRetry={() => policies.refetch()}
        />
      </>
    );
  }
  if (!policies.data) return <Loading />;
  const initial = source ? duplicateOf(source, policies.data) : emptyDraft();
  return (
    <>
      {header}
      <PolicyEditor
        key={from ?? 'new'}
        tenant={tenant}
        initial={initial}
        policies={policies.data}
        datasets={datasets.data}
        counts={counts.data}
        onSaved={(policy) => navigate(list, { state: { saved: policy.name } })}
        onCancel={() => navigate(list)}
        onReload={() => navigate(list)}
      />
    </>
  );
}

export function EditMergePolicyPage() {
  const { policyId = '' } = useParams();
  const { tenant, policies, datasets, counts } = useEditorData();
  const navigate = useNavigate();
  const list = `/${tenant.sandbox}/merge-policies`;
  const latest = useQuery({ ...mergePolicyQueries.detail(tenant, policyId), refetchInterval: 30_000 });
  // The version the draft is based on: kept until the user reloads, whatever the refetches bring.
  const [base, setBase] = useState<MergePolicy | undefined>(undefined);
  const [generation, setGeneration] = useState(0);
  if (latest.data && (!base || base.id !== latest.data.id)) setBase(latest.data);

  const gone = isApiError(latest.error) && latest.error.status === 404;
  if (!base) {
    if (gone) {
      return (
        <EmptyState
          title="Merge policy not found"
          description={<>This sandbox has no merge policy {policyId}. It may have been deleted.</>}
          action={
            <Button variant="contained" component={RouterLink} to={list}>
              Back to merge policies
            </Button>
          }
        />
      );
    }
    if (latest.isError)
      return (
        <InlineError
          title="Could not load the merge policy"
          error={latest.error}
          onRetry={() => latest.refetch()}
        />
      );
    return <Loading />;
  }
  if (policies.isError)
    return (
      <InlineError
        title="Could not load the merge policies"
        error={policies.error}
        onRetry={() => policies.refetch()}
      />
    );
  if (!policies.data) return <Loading />;

  return (
    <>
      <PageHeader
        overline={<Crumbs sandbox={tenant.sandbox} current={base.name} />}
        title={base.name}
        subtitle={
          <>
            Version {base.version} · updated <RelativeTime value={base.updateEpoch * 1000} />
            {base.default && (
              <Chip size="small" color="primary" label="Default" sx={{ ml: 1, verticalAlign: 'middle' }} />
            )}
            {base.isActiveOnEdge && (
              <Chip
                size="small"
                color="secondary"
                variant="outlined"
                label="Active on edge"
                sx={{ ml: 1, verticalAlign: 'middle' }}
              />
            )}
          </>
        }
        actions={
          <Button
            component={RouterLink}
            to={`${list}/compare?a=${encodeURIComponent(base.id)}`}
            variant="outlined"
          >
            Compare
          </Button>
        }
      />
      <PolicyEditor
        key={`${base.id}:${base.version}:${generation}`}
        tenant={tenant}
        saved={base}
        latest={gone ? null : latest.data}
        initial={draftOf(base)}
        policies={policies.data}
        datasets={datasets.data}
        counts={counts.data}
        onSaved={(policy) => navigate(list, { state: { saved: policy.name } })}
        onCancel={() => navigate(list)}
        onReload={() => {
          if (gone || !latest.data) return navigate(list);
          setBase(latest.data);
          setGeneration((g) => g + 1);
        }}
      />
    </>
  );
}
