// /:sandbox/export-jobs/:jobId — one export job: status timeline, live progress, metrics, profiles by
// namespace, errors in plain words, the request, its output files; cancel, and download as NDJSON
// or CSV once it has succeeded.
import { useMemo, useState } from 'react';
import { Link as RouterLink, useParams } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import Accordion from '@mui/material/Accordion';
import AccordionDetails from '@mui/material/AccordionDetails';
import AccordionSummary from '@mui/material/AccordionSummary';
import Alert from '@mui/material/Alert';
import AlertTitle from '@mui/material/AlertTitle';
import Box from '@mui/material/Box';
import Breadcrumbs from '@mui/material/Breadcrumbs';
import Button from '@mui/material/Button';
import Link from '@mui/material/Link';
import Skeleton from '@mui/material/Skeleton';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import DownloadIcon from '@mui/icons-material/Download';
import ExpandMoreIcon from '@mui/icons-material/ExpandMore';
import StopCircleOutlinedIcon from '@mui/icons-material/StopCircleOutlined';
import { EXPORT_ERROR_CODES, type ExportDownloadFormat, type ExportJob } from '../../../contracts/export-jobs.ts';
import { ConfirmDialog } from '../../components/confirm-dialog.tsx';
import { CopyButton } from '../../components/copy-button.tsx';
import { EmptyState } from '../../components/empty-state.tsx';
import { InlineError } from '../../components/inline-error.tsx';
import { JsonViewer } from '../../components/json-viewer.tsx';
import { PageHeader } from '../../components/page-header.tsx';
import { RelativeTime } from '../../components/relative-time.tsx';
import { datasetQueries } from '../../features/datasets/api/queries.ts';
import { useCancelExportJob, useDownloadExport } from '../../features/export-jobs/api/mutations.ts';
import { exportJobQueries, isRunningExport } from '../../features/export-jobs/api/queries.ts';
import { ExportProgress, ExportStatusChip, exportDurationMs, formatDuration } from '../../features/export-jobs/components/export-status.tsx';
import { ExportTimeline } from '../../features/export-jobs/components/export-timeline.tsx';
import { NamespaceChart } from '../../features/export-jobs/components/namespace-chart.tsx';
import { mergePolicyQueries } from '../../features/merge-policies/api/queries.ts';
import { useTenant } from '../../hooks/use-tenant.ts';
import { isApiError } from '../../lib/api-client.ts';
import { formatCount, plural } from '../../lib/format.ts';
import { DetailField, DetailSection } from '../../components/detail-section.tsx';

const fieldList = { display: 'grid', gridTemplateColumns: 'minmax(110px, max-content) minmax(0, 1fr)', columnGap: 2, rowGap: 1, m: 0 } as const;

function Figure({ label, value, detail }: { label: string; value: string; detail?: string }) {
  return (
    <Box sx={{ minWidth: 0 }}>
      <Typography variant="body2" color="text.secondary">
        {label}
      </Typography>
      <Typography variant="h5" component="p" sx={{ fontWeight: 600, fontVariantNumeric: 'tabular-nums' }}>
        {value}
      </Typography>
      {detail && (
        <Typography variant="caption" color="text.secondary">
          {detail}
        </Typography>
      )}
    </Box>
  );
}

function NotFound({ jobId }: { jobId: string }) {
  return (
    <EmptyState
      title="Export job not found"
      description={<>This sandbox has no export job {jobId}.</>}
      action={
        <Button variant="contained" component={RouterLink} to=".." relative="path">
          Back to export jobs
        </Button>
      }
    />
  );
}

export function ExportJobPage() {
  const { jobId = '' } = useParams();
  if (!/^\d{1,15}$/.test(jobId)) return <NotFound jobId={jobId} />;
  return <ExportJobDetail id={Number(jobId)} />;
}

function ExportJobDetail({ id }: { id: number }) {
  const tenant = useTenant();
  const job = useQuery(exportJobQueries.detail(tenant, id));
  if (job.isPending) {
    return (
      <Box role="progressbar" aria-label="Loading the export job">
        <Skeleton variant="text" width={320} height={48} />
        <Skeleton variant="rounded" height={160} sx={{ mt: 2 }} />
        <Skeleton variant="rounded" height={280} sx={{ mt: 3 }} />
      </Box>
    );
  }
  if (job.isError) {
    if (isApiError(job.error) && job.error.status === 404) return <NotFound jobId={String(id)} />;
    return <InlineError title="Could not load the export job" error={job.error} onRetry={() => job.refetch()} />;
  }
  return <ExportJobView job={job.data} />;
}

/** The failure of a job in plain words. */
function failureText(job: ExportJob): { title: string; lines: string[] } {
  const errors = job.errors ?? [];
  if (errors.some((e) => e.code === EXPORT_ERROR_CODES.cancelled)) {
    return { title: 'The export was cancelled', lines: ['It was cancelled on request before it finished. Nothing was written to the destination dataset.'] };
  }
  if (errors.some((e) => e.code === EXPORT_ERROR_CODES.interrupted)) {
    return { title: 'The export was interrupted', lines: ['The service stopped while it ran and the job could not carry on. Nothing was written; start the export again.'] };
  }
  return {
    title: 'The export failed',
    lines: errors.length ? errors.map((e) => `${e.msg.replace(/^Error in Export Job: /, '')} (code ${e.code})`) : ['No reason was given.'],
  };
}

function ExportJobView({ job }: { job: ExportJob }) {
  const tenant = useTenant();
  const [confirmCancel, setConfirmCancel] = useState(false);
  const cancel = useCancelExportJob(tenant, job.id);
  const download = useDownloadExport(tenant, job.id);
  const [downloading, setDownloading] = useState<ExportDownloadFormat | undefined>();
  const policies = useQuery(mergePolicyQueries.all(tenant));
  const dataset = useQuery(datasetQueries.detail(tenant, job.destination.datasetId));
  const succeeded = job.status === 'SUCCEEDED';
  const files = useQuery(exportJobQueries.files(tenant, succeeded ? job.destination.batchId : undefined));
  const policyName = useMemo(() => policies.data?.find((p) => p.id === job.mergePolicy.id)?.name, [policies.data, job.mergePolicy.id]);
  const running = isRunningExport(job);
  const m = job.metrics;
  const p = job.progress;

  const startDownload = (format: ExportDownloadFormat) => {
    setDownloading(format);
    download.mutate(format, { onSettled: () => setDownloading(undefined) });
  };

  const eventList = job.additionalFields?.eventList;
  const eventFilter = eventList?.filter;

  return (
    <>
      <PageHeader
        overline={
          <Breadcrumbs aria-label="Breadcrumb" sx={{ mb: 0.5 }}>
            <Link component={RouterLink} to=".." relative="path" underline="hover" color="inherit">
              Export jobs
            </Link>
            <Typography color="text.primary">Export {job.id}</Typography>
          </Breadcrumbs>
        }
        title={
          <Stack direction="row" spacing={1.5} sx={{ alignItems: 'center', flexWrap: 'wrap' }}>
            <span>Export {job.id}</span>
            <ExportStatusChip job={job} />
          </Stack>
        }
        subtitle={
          <>
            Created <RelativeTime value={job.creationTime} /> · {running ? 'running for' : 'took'} {formatDuration(exportDurationMs(job))}
          </>
        }
        actions={
          <>
            {running && (
              <Button color="error" variant="outlined" startIcon={<StopCircleOutlinedIcon />} onClick={() => setConfirmCancel(true)}>
                Cancel export
              </Button>
            )}
            <Button variant="outlined" startIcon={<DownloadIcon />} disabled={!succeeded || downloading !== undefined} onClick={() => startDownload('ndjson')}>
              {downloading === 'ndjson' ? 'Downloading…' : 'Download NDJSON'}
            </Button>
            <Button variant="contained" startIcon={<DownloadIcon />} disabled={!succeeded || downloading !== undefined} onClick={() => startDownload('csv')}>
              {downloading === 'csv' ? 'Downloading…' : 'Download CSV'}
            </Button>
          </>
        }
      />
      {download.isError && (
        <Box sx={{ mb: 2 }}>
          <InlineError title="The download failed" error={download.error} onRetry={() => startDownload(download.variables ?? 'csv')} />
        </Box>
      )}
      {job.status === 'FAILED' && (
        <Alert severity={job.errors?.some((e) => e.code === EXPORT_ERROR_CODES.cancelled) ? 'warning' : 'error'} sx={{ mb: 2 }} role="alert">
          <AlertTitle>{failureText(job).title}</AlertTitle>
          {failureText(job).lines.map((line) => (
            <Typography key={line} variant="body2" sx={{ overflowWrap: 'anywhere' }}>
              {line}
            </Typography>
          ))}
        </Alert>
      )}

      <Box sx={{ display: 'grid', gap: 2, gridTemplateColumns: { xs: 'minmax(0, 1fr)', md: 'minmax(0, 2fr) minmax(0, 1fr)' }, alignItems: 'start' }}>
        <Stack spacing={2} sx={{ minWidth: 0 }}>
          <DetailSection title={running ? 'Progress' : 'Result'}>
            {running && (
              <Box sx={{ mb: 2 }}>
                <ExportProgress job={job} />
              </Box>
            )}
            <Box sx={{ display: 'grid', gap: 2, gridTemplateColumns: { xs: 'repeat(2, minmax(0, 1fr))', sm: 'repeat(4, minmax(0, 1fr))' } }}>
              <Figure
                label="Profiles exported"
                value={job.status === 'FAILED' ? '—' : formatCount(m.totalExportedProfileCounter ?? 0)}
                detail={running ? 'so far' : job.status === 'FAILED' ? 'nothing written' : undefined}
              />
              <Figure
                label="Candidate profiles read"
                value={formatCount(p?.profilesProcessed ?? 0)}
                detail={p?.profilesTotal != null ? `of ${formatCount(p.profilesTotal)} in the store` : running ? 'counting…' : undefined}
              />
              <Figure label="Skipped" value={formatCount(p?.profilesSkipped ?? 0)} detail="graphs over 50 identities" />
              <Figure
                label="Files"
                value={job.status === 'FAILED' ? '—' : formatCount(p?.files ?? 0)}
                detail={job.status === 'FAILED' ? 'deleted' : 'NDJSON'}
              />
            </Box>
            {(m.profileExportTime?.totalTimeInMs !== undefined || m.aCPDatasetWriteTime?.totalTimeInMs !== undefined) && (
              <Typography variant="body2" color="text.secondary" sx={{ mt: 2 }}>
                Reading, merging and writing profiles took {formatDuration(m.profileExportTime?.totalTimeInMs)}
                {m.aCPDatasetWriteTime?.totalTimeInMs !== undefined && `; registering the batch ${formatDuration(m.aCPDatasetWriteTime.totalTimeInMs)}`}
                {m.totalTime.totalTimeInMs !== undefined && ` (${formatDuration(m.totalTime.totalTimeInMs)} in all, queueing included)`}.
              </Typography>
            )}
          </DetailSection>

          <DetailSection title="Profiles by namespace">
            {m.exportedProfileByNamespaceCounter && Object.keys(m.exportedProfileByNamespaceCounter).length > 0 ? (
              <>
                <Typography variant="body2" color="text.secondary" sx={{ mb: 1 }}>
                  Exported profiles with at least one identity of each namespace {running && '(so far)'}
                </Typography>
                <NamespaceChart counts={m.exportedProfileByNamespaceCounter} />
              </>
            ) : (
              <Typography variant="body2" color="text.secondary">
                {job.status === 'FAILED' ? 'No profiles were exported.' : running ? 'Shown as profiles are exported.' : 'No profiles were exported.'}
              </Typography>
            )}
          </DetailSection>

          {succeeded && (
            <DetailSection title="Output files" action={<Typography variant="caption" color="text.secondary">Data Access API</Typography>}>
              {files.isError ? (
                <InlineError title="Could not list the files" error={files.error} onRetry={() => files.refetch()} />
              ) : files.isPending ? (
                <Skeleton variant="rounded" height={48} />
              ) : files.data.length === 0 ? (
                <Typography variant="body2" color="text.secondary">
                  The batch has no files: the export matched no profiles.
                </Typography>
              ) : (
                <Stack spacing={1} component="ul" sx={{ m: 0, p: 0, listStyle: 'none' }}>
                  {files.data.map((f) => (
                    <Box component="li" key={f.dataSetFileId} sx={{ display: 'flex', gap: 1, alignItems: 'center', flexWrap: 'wrap' }}>
                      <Typography variant="body2" sx={{ fontFamily: 'monospace', overflowWrap: 'anywhere' }}>
                        {f.dataSetFileId}
                      </Typography>
                      <Typography variant="caption" color="text.secondary">
                        {plural(Number(f.records), 'profile')} · {formatCount(Math.ceil(Number(f.size) / 1024))} KB
                      </Typography>
                      <CopyButton text={`${window.location.origin}${f._links.self.href}`} label={`Copy the Data Access URL of ${f.dataSetFileId}`} />
                    </Box>
                  ))}
                </Stack>
              )}
            </DetailSection>
          )}
        </Stack>

        <Stack spacing={2} sx={{ minWidth: 0 }}>
          <DetailSection title="Status">
            <ExportTimeline job={job} />
          </DetailSection>
          <DetailSection title="Request">
            <Box component="dl" sx={fieldList}>
              <DetailField label="Merge policy">{policyName ?? job.mergePolicy.id} (version {job.mergePolicy.version})</DetailField>
              <DetailField label="Fields">{job.fields ? job.fields.split(',').join(', ') : 'All attributes'}</DetailField>
              <DetailField label="Events">
                {eventList
                  ? [
                      eventList.fields ? eventList.fields.split(',').join(', ') : 'every field',
                      eventFilter?.fromEventTimestamp && `from ${new Date(eventFilter.fromEventTimestamp).toLocaleString()}`,
                      eventFilter?.toEventTimestamp && `before ${new Date(eventFilter.toEventTimestamp).toLocaleString()}`,
                      eventFilter?.fromIngestTimestamp && `ingested after ${new Date(eventFilter.fromIngestTimestamp).toLocaleString()}`,
                    ]
                      .filter(Boolean)
                      .join(' · ')
                  : 'Not exported'}
              </DetailField>
              <DetailField label="Profiles">
                {job.filter?.emptyProfiles ? 'With record data, and with events only' : 'With record data'}
                {job.filter?.fromIngestTimestamp && ` · updated after ${new Date(job.filter.fromIngestTimestamp).toLocaleString()}`}
              </DetailField>
              <DetailField label="Destination">
                <Link component={RouterLink} to={`/${tenant.sandbox}/datasets/${job.destination.datasetId}`}>
                  {dataset.data?.name ?? job.destination.datasetId}
                </Link>
              </DetailField>
              <DetailField label="Batch">
                {job.destination.batchId ? (
                  <Box component="span" sx={{ display: 'inline-flex', alignItems: 'center', gap: 0.5 }}>
                    <Box component="code" sx={{ fontFamily: 'monospace', overflowWrap: 'anywhere' }}>
                      {job.destination.batchId}
                    </Box>
                    <CopyButton text={job.destination.batchId} label="Copy batch id" />
                  </Box>
                ) : (
                  'None (the job failed)'
                )}
              </DetailField>
              {!succeeded && job.destination.batchId && (
                <DetailField label="">
                  <Typography variant="caption" color="text.secondary">
                    Registered in the dataset once the export succeeds.
                  </Typography>
                </DetailField>
              )}
            </Box>
          </DetailSection>
        </Stack>
      </Box>

      <Accordion variant="outlined" disableGutters sx={{ mt: 2 }}>
        <AccordionSummary expandIcon={<ExpandMoreIcon />}>
          <Typography variant="subtitle2">The job as the API answers it</Typography>
        </AccordionSummary>
        <AccordionDetails>
          <JsonViewer value={job} label="Export job" maxHeight={480} />
        </AccordionDetails>
      </Accordion>

      <ConfirmDialog
        open={confirmCancel}
        title={`Cancel export ${job.id}?`}
        description="The job stops before its next step and ends FAILED with a cancellation error. Nothing is written to the destination dataset; files written so far are deleted."
        confirmLabel="Cancel export"
        destructive
        pending={cancel.isPending}
        error={cancel.error}
        onClose={() => {
          cancel.reset();
          setConfirmCancel(false);
        }}
        onConfirm={() => cancel.mutate(undefined, { onSuccess: () => setConfirmCancel(false) })}
      />
    </>
  );
}
