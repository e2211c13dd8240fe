// /:sandbox/export-jobs/new — the New export form; on success, the new job's page.
import { useMemo } from 'react';
import { Link as RouterLink, useNavigate } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import Box from '@mui/material/Box';
import Breadcrumbs from '@mui/material/Breadcrumbs';
import Link from '@mui/material/Link';
import Skeleton from '@mui/material/Skeleton';
import Typography from '@mui/material/Typography';
import { PROFILE_SCHEMA_ID } from '../../../contracts/common.ts';
import { InlineError } from '../../components/inline-error.tsx';
import { PageHeader } from '../../components/page-header.tsx';
import { useConsoleConfig } from '../../config/console-config.ts';
import { useCreateDataset } from '../../features/datasets/api/mutations.ts';
import { datasetQueries } from '../../features/datasets/api/queries.ts';
import { readProfileFlags } from '../../features/datasets/profile-flags.ts';
import { useCreateExportJob } from '../../features/export-jobs/api/mutations.ts';
import { exportJobQueries } from '../../features/export-jobs/api/queries.ts';
import { ExportJobForm, type PolicyOption } from '../../features/export-jobs/components/export-job-form.tsx';
import { mergePolicyQueries } from '../../features/merge-policies/api/queries.ts';
import { ATTRIBUTE_MERGE_LABELS, IDENTITY_GRAPH_LABELS } from '../../features/merge-policies/model.ts';
import { useTenant } from '../../hooks/use-tenant.ts';

export function NewExportJobPage() {
  const tenant = useTenant();
  const config = useConsoleConfig();
  const navigate = useNavigate();
  const policies = useQuery(mergePolicyQueries.all(tenant));
  const datasets = useQuery(datasetQueries.list(tenant, { page: 0, pageSize: 100, sort: 'asc:name', datasetClass: 'profile' }));
  const paths = useQuery(exportJobQueries.attributePaths(tenant, config.mode === 'local'));
  const createDataset = useCreateDataset(tenant);
  const create = useCreateExportJob(tenant);

  const policyOptions = useMemo(
    (): PolicyOption[] =>
      (policies.data ?? []).map((p) => ({
        id: p.id,
        name: p.name,
        isDefault: p.default,
        description: `${IDENTITY_GRAPH_LABELS[p.identityGraph.type]} · ${ATTRIBUTE_MERGE_LABELS[p.attributeMerge.type]}`,
      })),
    [policies.data],
  );
  const destinations = useMemo(
    () => (datasets.data?.items ?? []).filter((d) => !readProfileFlags(d.tags).profileEnabled).map((d) => ({ id: d.id, name: d.name })),
    [datasets.data],
  );

  const header = (
    <PageHeader
      overline={
        <Breadcrumbs aria-label="Breadcrumb" sx={{ mb: 0.5 }}>
          <Link component={RouterLink} to=".." relative="path" underline="hover" color="inherit">
            Export jobs
          </Link>
          <Typography color="text.primary">New export</Typography>
        </Breadcrumbs>
      }
      title="New export"
      subtitle="Write every merged profile of this sandbox — or the fields you choose, with their events — into a new batch of a dataset."
    />
  );

  if (policies.isError || datasets.isError) {
    const failed = policies.isError ? policies : datasets;
    return (
      <>
        {header}
        <InlineError title="Could not load the merge policies and datasets" error={failed.error} onRetry={() => void Promise.all([policies.refetch(), datasets.refetch()])} />
      </>
    );
  }
  if (policies.isPending || datasets.isPending) {
    return (
      <>
        {header}
        <Box role="progressbar" aria-label="Loading the form">
          <Skeleton variant="rounded" height={180} />
          <Skeleton variant="rounded" height={140} sx={{ mt: 2 }} />
          <Skeleton variant="rounded" height={140} sx={{ mt: 2 }} />
        </Box>
      </>
    );
  }

  return (
    <>
      {header}
      <ExportJobForm
        tenant={tenant}
        policies={policyOptions}
        destinations={destinations}
        profilePaths={paths.data?.profile ?? (paths.isError || config.mode !== 'local' ? [] : undefined)}
        eventPaths={paths.data?.event ?? (paths.isError || config.mode !== 'local' ? [] : undefined)}
        pathsNote={
          config.mode !== 'local'
            ? 'Type dot paths, e.g. person.name.firstName (the attribute list is available in local mode).'
            : paths.isError
              ? `The attribute list could not be loaded (${paths.error.message}); type dot paths instead.`
              : undefined
        }
        onCreateDataset={(name) => createDataset.mutateAsync({ name, schemaRef: { id: PROFILE_SCHEMA_ID } })}
        creatingDataset={createDataset.isPending}
        createDatasetError={createDataset.error}
        submitting={create.isPending}
        submitError={create.error}
        onSubmit={(body) => create.mutate(body, { onSuccess: (job) => navigate(`../${job.id}`, { relative: 'path' }) })}
        onCancel={() => navigate('..', { relative: 'path' })}
      />
    </>
  );
}
