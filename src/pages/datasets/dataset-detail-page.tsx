// /:sandbox/datasets/:datasetId — one dataset: details, Profile/upsert, its batches, a batch's
// failed records (URL: batch=<id>, fpage) and Upload data.
import { useCallback, useState } from 'react';
import { Link as RouterLink, useParams, useSearchParams } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import Accordion from '@mui/material/Accordion';
import AccordionDetails from '@mui/material/AccordionDetails';
import AccordionSummary from '@mui/material/AccordionSummary';
import Box from '@mui/material/Box';
import Breadcrumbs from '@mui/material/Breadcrumbs';
import Button from '@mui/material/Button';
import Drawer from '@mui/material/Drawer';
import IconButton from '@mui/material/IconButton';
import Link from '@mui/material/Link';
import Paper from '@mui/material/Paper';
import Skeleton from '@mui/material/Skeleton';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import useMediaQuery from '@mui/material/useMediaQuery';
import type { Theme } from '@mui/material/styles';
import CloseIcon from '@mui/icons-material/Close';
import ExpandMoreIcon from '@mui/icons-material/ExpandMore';
import UploadIcon from '@mui/icons-material/Upload';
import { BatchIdSchema, CatalogIdSchema } from '../../../contracts/common.ts';
import { CopyButton } from '../../components/copy-button.tsx';
import { EmptyState } from '../../components/empty-state.tsx';
import { InlineError } from '../../components/inline-error.tsx';
import { JsonViewer } from '../../components/json-viewer.tsx';
import { PageHeader } from '../../components/page-header.tsx';
import { RelativeTime } from '../../components/relative-time.tsx';
import { StatusChip } from '../../components/status-chip.tsx';
import { useConsoleConfig } from '../../config/console-config.ts';
import { datasetQueries } from '../../features/datasets/api/queries.ts';
import { classOfDataset, type DatasetRow } from '../../features/datasets/api/requests.ts';
import { BatchPanel } from '../../features/datasets/components/batch-panel.tsx';
import { BatchesTable } from '../../features/datasets/components/batches-table.tsx';
import { CLASS_LABELS } from '../../features/datasets/components/dataset-class.ts';
import { ProfileSettings } from '../../features/datasets/components/profile-settings.tsx';
import { UploadDataDialog } from '../../features/datasets/components/upload-data-dialog.tsx';
import { useTenant } from '../../hooks/use-tenant.ts';
import { isApiError } from '../../lib/api-client.ts';
import { formatCount } from '../../lib/format.ts';
import { DetailField, DetailSection } from '../../components/detail-section.tsx';

/** The dataset as Catalog answers it: keyed by id. */
function catalogEntry({ id, ...rest }: DatasetRow) {
  return { [id]: rest };
}

function DatasetNotFound({ datasetId }: { datasetId: string }) {
  return (
    <EmptyState
      title="Dataset not found"
      description={<>This sandbox has no dataset with id {datasetId}.</>}
      action={
        <Button variant="contained" component={RouterLink} to="..">
          Back to datasets
        </Button>
      }
    />
  );
}

export function DatasetDetailPage() {
  const { datasetId = '' } = useParams();
  if (!CatalogIdSchema.safeParse(datasetId).success) return <DatasetNotFound datasetId={datasetId} />;
  return <DatasetDetail datasetId={datasetId} />;
}

function DatasetDetail({ datasetId }: { datasetId: string }) {
  const tenant = useTenant();
  const dataset = useQuery(datasetQueries.detail(tenant, datasetId));

  if (dataset.isPending) {
    return (
      <Box role="progressbar" aria-label="Loading the dataset">
        <Skeleton variant="text" width={320} height={48} />
        <Skeleton variant="rounded" height={180} sx={{ mt: 2 }} />
        <Skeleton variant="rounded" height={320} sx={{ mt: 3 }} />
      </Box>
    );
  }
  if (dataset.isError) {
    if (isApiError(dataset.error) && dataset.error.status === 404)
      return <DatasetNotFound datasetId={datasetId} />;
    return (
      <InlineError
        title="Could not load the dataset"
        error={dataset.error}
        onRetry={() => dataset.refetch()}
      />
    );
  }
  return <DatasetView dataset={dataset.data} />;
}

function DatasetView({ dataset }: { dataset: DatasetRow }) {
  const tenant = useTenant();
  const config = useConsoleConfig();
  const compact = useMediaQuery((theme: Theme) => theme.breakpoints.down('md'), { noSsr: true });
  const stats = useQuery(datasetQueries.stats(tenant, config.mode === 'local'));
  const [params, setParams] = useSearchParams();
  const [uploadOpen, setUploadOpen] = useState(false);
  const rawBatch = params.get('batch');
  const batchId = rawBatch && BatchIdSchema.safeParse(rawBatch).success ? rawBatch : undefined;
  const datasetClass = classOfDataset(dataset);
  const counts = stats.data?.[dataset.id];

  const openBatch = useCallback(
    (id: string | undefined) =>
      setParams((current) => {
        const next = new URLSearchParams(current);
        next.delete('fpage');
        if (id) next.set('batch', id);
        else next.delete('batch');
        return next;
      }),
    [setParams],
  );

  return (
    <>
      <PageHeader
        overline={
          <Breadcrumbs aria-label="Breadcrumb" sx={{ mb: 0.5 }}>
            <Link component={RouterLink} to=".." underline="hover" color="inherit">
              Datasets
            </Link>
            <Typography color="text.primary" variant="body2" noWrap sx={{ maxWidth: 360 }}>
              {dataset.name}
            </Typography>
          </Breadcrumbs>
        }
        title={dataset.name}
        subtitle={dataset.description}
        actions={
          <Button variant="contained" startIcon={<UploadIcon />} onClick={() => setUploadOpen(true)}>
            Upload data
          </Button>
        }
      />
      <Box sx={{ display: 'grid', gap: 2, gridTemplateColumns: { xs: '1fr', md: '3fr 2fr' }, mb: 3 }}>
        <DetailSection fullHeight title="Details">
          <Box
            component="dl"
            sx={{
              display: 'grid',
              gridTemplateColumns: 'max-content minmax(0, 1fr)',
              columnGap: 3,
              rowGap: 1,
              m: 0,
            }}
          >
            <DetailField label="Dataset id">
              <Box component="span" sx={{ fontFamily: 'monospace' }}>
                {dataset.id}
              </Box>
              <CopyButton text={dataset.id} label="Copy dataset id" />
            </DetailField>
            <DetailField label="Class">{datasetClass ? CLASS_LABELS[datasetClass] : dataset.schemaRef.id}</DetailField>
            <DetailField label="Created">
              <RelativeTime value={dataset.created} /> by {dataset.createdUser}
            </DetailField>
            <DetailField label="Updated">
              <RelativeTime value={dataset.updated} /> by {dataset.updatedUser}
            </DetailField>
            <DetailField label="Last batch">
              <StatusChip status={dataset.lastBatchStatus} emptyLabel="No batches yet" />
            </DetailField>
          </Box>
        </DetailSection>
        <DetailSection fullHeight title="Profile">
          <ProfileSettings tenant={tenant} dataset={dataset} />
          {config.mode === 'local' && (
            <Box
              component="dl"
              sx={{ display: 'grid', gridTemplateColumns: 'repeat(3, minmax(0, 1fr))', gap: 1, m: 0, mt: 2 }}
            >
              {[
                { label: 'Profile fragments', value: counts?.fragments },
                { label: 'Events', value: counts?.events },
                { label: 'Batches', value: counts?.batches },
              ].map((c) => (
                <Box key={c.label}>
                  <Typography component="dt" variant="caption" color="text.secondary">
                    {c.label}
                  </Typography>
                  <Typography component="dd" variant="h6" sx={{ m: 0 }}>
                    {stats.isPending ? (
                      <Skeleton width={40} />
                    ) : (
                      formatCount(stats.data ? (c.value ?? 0) : undefined)
                    )}
                  </Typography>
                </Box>
              ))}
            </Box>
          )}
        </DetailSection>
      </Box>
      <Paper variant="outlined" component="section" aria-labelledby="batches-heading" sx={{ mb: 3 }}>
        <Stack direction="row" sx={{ alignItems: 'center', justifyContent: 'space-between', p: 2, pb: 1 }}>
          <Typography id="batches-heading" variant="subtitle1" component="h2" sx={{ fontWeight: 600 }}>
            Batches
          </Typography>
          <Typography variant="caption" color="text.secondary">
            Newest first · select a batch for its failed records
          </Typography>
        </Stack>
        <BatchesTable tenant={tenant} datasetId={dataset.id} onOpenBatch={openBatch} compact={compact} />
      </Paper>
      <Accordion variant="outlined" disableGutters>
        <AccordionSummary expandIcon={<ExpandMoreIcon />}>
          <Typography variant="body2">Catalog entry (JSON)</Typography>
        </AccordionSummary>
        <AccordionDetails>
          <JsonViewer value={catalogEntry(dataset)} label="Dataset JSON" />
        </AccordionDetails>
      </Accordion>

      <Drawer
        anchor="right"
        open={Boolean(batchId)}
        onClose={() => openBatch(undefined)}
        sx={{ zIndex: (t) => t.zIndex.modal }}
        slotProps={{
          paper: {
            sx: { width: { xs: '100%', sm: 560, md: 680 }, p: { xs: 2, sm: 3 } },
            role: 'dialog',
            'aria-label': 'Batch',
          },
        }}
      >
        <Stack direction="row" sx={{ alignItems: 'center', justifyContent: 'space-between', mb: 2 }}>
          <Typography variant="h6" component="h2">
            Batch
          </Typography>
          <IconButton aria-label="Close the batch panel" onClick={() => openBatch(undefined)}>
            <CloseIcon />
          </IconButton>
        </Stack>
        {batchId && <BatchPanel tenant={tenant} batchId={batchId} />}
      </Drawer>

      <UploadDataDialog
        open={uploadOpen}
        tenant={tenant}
        dataset={dataset}
        onClose={() => setUploadOpen(false)}
        onShowBatch={(id) => {
          setUploadOpen(false);
          openBatch(id);
        }}
      />
    </>
  );
}
