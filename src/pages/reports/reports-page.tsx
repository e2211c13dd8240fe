// /:sandbox/reports — the preview sample's reports: headline figures, profiles by dataset and by
// namespace, dataset and namespace overlap, unstitched profiles. URL state: `date` (a day's report;
// the latest without it) and `compare` (another day, shown as changes).
import { useEffect, useRef, useState } from 'react';
import { useSearchParams } from 'react-router';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import MenuItem from '@mui/material/MenuItem';
import TextField from '@mui/material/TextField';
import AssessmentOutlinedIcon from '@mui/icons-material/AssessmentOutlined';
import PlayArrowIcon from '@mui/icons-material/PlayArrow';
import { isReportDate } from '../../../contracts/preview-sample.ts';
import { EmptyState } from '../../components/empty-state.tsx';
import { InlineError } from '../../components/inline-error.tsx';
import { PageHeader } from '../../components/page-header.tsx';
import { formatAbsolute } from '../../components/relative-time.tsx';
import { useConsoleConfig } from '../../config/console-config.ts';
import { refreshReports, useRunSample } from '../../features/reports/api/mutations.ts';
import { isActiveJob, reportQueries } from '../../features/reports/api/queries.ts';
import { aepCount, aepTime, reportDay } from '../../features/reports/aep-values.ts';
import { DatasetDistribution } from '../../features/reports/components/dataset-distribution.tsx';
import { KpiCards, type Kpi } from '../../features/reports/components/kpi-cards.tsx';
import { NamespaceDistribution } from '../../features/reports/components/namespace-distribution.tsx';
import { OverlapReportCard } from '../../features/reports/components/overlap-report.tsx';
import { SampleStatusPanel } from '../../features/reports/components/sample-status-panel.tsx';
import { UnstitchedReportCard } from '../../features/reports/components/unstitched-report.tsx';
import { useTenant } from '../../hooks/use-tenant.ts';
import { isApiError } from '../../lib/api-client.ts';

const validDate = (value: string | null) => (value && isReportDate(value) ? value : undefined);
const missing = (error: unknown) => isApiError(error) && error.status === 404;

export function ReportsPage() {
  const tenant = useTenant();
  const config = useConsoleConfig();
  const local = config.mode === 'local';
  const queryClient = useQueryClient();
  const [params, setParams] = useSearchParams();
  const date = validDate(params.get('date'));
  const compareParam = validDate(params.get('compare'));
  const compareDate = compareParam !== date ? compareParam : undefined;

  const status = useQuery(reportQueries.status(tenant));
  // The job "Run now" started (or found): its end refreshes the page even when it was too quick to be seen running.
  const [awaiting, setAwaiting] = useState<string>();
  const jobs = useQuery(reportQueries.jobs(tenant, { enabled: local, awaiting }));
  const days = useQuery(reportQueries.days(tenant, local));
  const run = useRunSample(tenant);
  const [notice, setNotice] = useState<string>();

  const reports = {
    dataset: useQuery(reportQueries.report(tenant, 'dataset', date)),
    namespace: useQuery(reportQueries.report(tenant, 'namespace', date)),
    datasetOverlap: useQuery(reportQueries.report(tenant, 'datasetOverlap', date)),
    namespaceOverlap: useQuery(reportQueries.report(tenant, 'namespaceOverlap', date)),
    unstitched: useQuery(reportQueries.report(tenant, 'unstitched', date)),
  };
  const comparing = compareDate !== undefined;
  const compare = {
    dataset: useQuery(reportQueries.report(tenant, 'dataset', compareDate, comparing)),
    namespace: useQuery(reportQueries.report(tenant, 'namespace', compareDate, comparing)),
    datasetOverlap: useQuery(reportQueries.report(tenant, 'datasetOverlap', compareDate, comparing)),
    namespaceOverlap: useQuery(reportQueries.report(tenant, 'namespaceOverlap', compareDate, comparing)),
    unstitched: useQuery(reportQueries.report(tenant, 'unstitched', compareDate, comparing)),
  };

  // A sample that finishes files a new report: everything on the page refetches.
  const latestJob = jobs.data?.[0];
  const active = isActiveJob(latestJob) || status.data?.sampleJobRunning.status === true;
  const wasActive = useRef(false);
  useEffect(() => {
    if (wasActive.current && !active) void refreshReports(queryClient, tenant.sandbox);
    wasActive.current = active;
  }, [active, queryClient, tenant.sandbox]);
  const awaitedJob = awaiting === undefined ? undefined : jobs.data?.find((j) => j.id === awaiting);
  const refreshedFor = useRef<string>(undefined);
  useEffect(() => {
    if (awaitedJob && !isActiveJob(awaitedJob) && refreshedFor.current !== awaitedJob.id) {
      refreshedFor.current = awaitedJob.id;
      void refreshReports(queryClient, tenant.sandbox);
    }
  }, [awaitedJob, queryClient, tenant.sandbox]);

  const runNow = () => {
    setNotice(undefined);
    run.mutate(undefined, {
      onSuccess: ({ job, alreadyRunning }) => {
        setAwaiting(job.id);
        setNotice(alreadyRunning ? 'A sample is already running: its progress is shown above.' : undefined);
      },
    });
  };

  const setParam = (name: 'date' | 'compare', value: string | undefined) =>
    setParams((current) => {
      const next = new URLSearchParams(current);
      if (value) next.set(name, value);
      else next.delete(name);
      return next;
    });

  const reportTimestamp = reports.dataset.data?.reportTimestamp ?? reports.unstitched.data?.reportTimestamp;
  const shownDate = date ?? (reportTimestamp ? reportDay(reportTimestamp) : undefined);
  const day = days.data?.find((d) => d.date === shownDate);
  const compareDay = days.data?.find((d) => d.date === compareDate);
  const asOfMs = aepTime(reportTimestamp);
  const noReportYet = !date && missing(reports.dataset.error);
  const noReportThatDay = date !== undefined && missing(reports.dataset.error);
  const latest = date === undefined || date === days.data?.[0]?.date;

  const kpis: Kpi[] = [
    {
      key: 'profiles',
      label: 'Profiles',
      help: 'Merged profiles under the default merge policy, incl. event-only ones',
      value: day?.totalRows ?? reports.unstitched.data?.data.totalNumberOfProfiles,
      compare: comparing ? (compareDay?.totalRows ?? compare.unstitched.data?.data.totalNumberOfProfiles) : undefined,
    },
    {
      key: 'fragments',
      label: 'Profile fragments',
      help: 'Record fragments in the profile store',
      value: day?.fragments ?? (latest ? status.data?.totalFragmentCount : undefined),
      compare: compareDay?.fragments,
    },
    {
      key: 'identities',
      label: 'Identities',
      help: local ? 'Identities in the identity graphs' : 'Not reported by Experience Platform',
      value: day?.identities,
      compare: compareDay?.identities,
    },
    {
      key: 'events',
      label: 'Experience events',
      help: 'Events in the profile store',
      value: day?.events ?? reports.unstitched.data?.data.totalNumberOfEvents ?? (latest ? aepCount(status.data?.cosmosDocCount) : undefined),
      compare: comparing ? (compareDay?.events ?? compare.unstitched.data?.data.totalNumberOfEvents) : undefined,
    },
  ];

  const datasetNames = new Map<string, string>();
  for (const d of [...((comparing && compare.dataset.data?.data) || []), ...(reports.dataset.data?.data ?? [])]) datasetNames.set(d.value, d.name);

  const dayOptions = days.data ?? [];
  const datePicker = local ? (
    <>
      <TextField
        select
        size="small"
        label="Report of"
        value={date ?? ''}
        onChange={(e) => setParam('date', e.target.value || undefined)}
        sx={{ minWidth: 160 }}
        slotProps={{ select: { displayEmpty: true }, inputLabel: { shrink: true } }}
      >
        <MenuItem value="">Latest{days.data?.[0] ? ` (${days.data[0].date})` : ''}</MenuItem>
        {dayOptions.map((d) => (
          <MenuItem key={d.date} value={d.date}>
            {d.date}
          </MenuItem>
        ))}
        {date && !dayOptions.some((d) => d.date === date) && <MenuItem value={date}>{date}</MenuItem>}
      </TextField>
      <TextField
        select
        size="small"
        label="Compare with"
        value={compareDate ?? ''}
        onChange={(e) => setParam('compare', e.target.value || undefined)}
        sx={{ minWidth: 160 }}
        disabled={dayOptions.length < 2 && !compareDate}
        slotProps={{ select: { displayEmpty: true }, inputLabel: { shrink: true } }}
      >
        <MenuItem value="">No comparison</MenuItem>
        {dayOptions
          .filter((d) => d.date !== shownDate)
          .map((d) => (
            <MenuItem key={d.date} value={d.date}>
              {d.date}
            </MenuItem>
          ))}
        {compareDate && !dayOptions.some((d) => d.date === compareDate) && <MenuItem value={compareDate}>{compareDate}</MenuItem>}
      </TextField>
    </>
  ) : (
    <>
      <TextField type="date" size="small" label="Report of" value={date ?? ''} onChange={(e) => setParam('date', e.target.value || undefined)} slotProps={{ inputLabel: { shrink: true } }} />
      <TextField type="date" size="small" label="Compare with" value={compareDate ?? ''} onChange={(e) => setParam('compare', e.target.value || undefined)} slotProps={{ inputLabel: { shrink: true } }} />
    </>
  );

  const header = (
    <PageHeader
      title="Reports"
      subtitle="How the profile store is distributed over datasets and identity namespaces, from the preview sample job."
      actions={datePicker}
    />
  );
  const panel = (
    <SampleStatusPanel status={status.data} job={latestJob} canRun={local} running={run.isPending} onRun={runNow} runError={run.error ?? undefined} notice={notice} />
  );

  if (status.isError && !status.data) {
    return (
      <>
        {header}
        <InlineError title="Could not load the preview sample status" error={status.error} onRetry={() => status.refetch()} />
      </>
    );
  }
  if (noReportYet) {
    return (
      <>
        {header}
        {panel}
        <EmptyState
          icon={<AssessmentOutlinedIcon />}
          title="No preview report yet"
          description={
            active
              ? 'The first sample is running; its reports appear here when it finishes.'
              : 'The sample job counts the profiles of this sandbox by dataset and namespace. It runs after ingestion changes the profile count, or now.'
          }
          action={
            local && !active ? (
              <Button variant="contained" startIcon={<PlayArrowIcon />} onClick={runNow} disabled={run.isPending}>
                Run the sample
              </Button>
            ) : undefined
          }
        />
      </>
    );
  }

  const asOf = asOfMs !== undefined ? <>As of {formatAbsolute(new Date(asOfMs))}</> : 'As of —';
  const dateLabel = shownDate ?? '…';
  const common = (kind: keyof typeof reports) => ({
    sandbox: tenant.sandbox,
    date: dateLabel,
    compareDate,
    loading: reports[kind].isPending || (comparing && compare[kind].isPending && !compare[kind].isError),
    error: reports[kind].error ?? (comparing && compare[kind].error && !missing(compare[kind].error) ? compare[kind].error : null),
    onRetry: () => {
      void reports[kind].refetch();
      if (comparing) void compare[kind].refetch();
    },
  });

  return (
    <>
      {header}
      {panel}
      {noReportThatDay && (
        <InlineError
          title={`No report for ${date}`}
          error={reports.dataset.error}
          action={
            <Button color="inherit" size="small" onClick={() => setParam('date', undefined)}>
              Show the latest
            </Button>
          }
        />
      )}
      {comparing && missing(compare.dataset.error) && (
        <Box sx={{ mb: 2 }}>
          <InlineError title={`No report for ${compareDate} to compare with`} error={compare.dataset.error} action={<Button color="inherit" size="small" onClick={() => setParam('compare', undefined)}>Stop comparing</Button>} />
        </Box>
      )}
      {!noReportThatDay && (
        <>
          <KpiCards kpis={kpis} asOf={asOf} compareDate={comparing ? compareDate : undefined} loading={reports.unstitched.isPending} />
          <Box sx={{ display: 'grid', gap: 3, gridTemplateColumns: { xs: 'minmax(0, 1fr)', lg: 'repeat(2, minmax(0, 1fr))' } }}>
            <DatasetDistribution report={reports.dataset.data} compare={comparing ? compare.dataset.data : undefined} {...common('dataset')} />
            <NamespaceDistribution report={reports.namespace.data} compare={comparing ? compare.namespace.data : undefined} {...common('namespace')} />
            <Box sx={{ gridColumn: { lg: '1 / -1' }, minWidth: 0 }}>
              <OverlapReportCard
                id="dataset-overlap"
                title="Dataset overlap"
                noun="dataset"
                report={reports.datasetOverlap.data}
                compare={comparing ? compare.datasetOverlap.data : undefined}
                labelOf={(id) => datasetNames.get(id) ?? id}
                hrefOf={(id) => `/${tenant.sandbox}/datasets/${id}`}
                {...common('datasetOverlap')}
              />
            </Box>
            <Box sx={{ gridColumn: { lg: '1 / -1' }, minWidth: 0 }}>
              <OverlapReportCard
                id="namespace-overlap"
                title="Namespace overlap"
                noun="namespace"
                report={reports.namespaceOverlap.data}
                compare={comparing ? compare.namespaceOverlap.data : undefined}
                labelOf={(code) => code}
                {...common('namespaceOverlap')}
              />
            </Box>
            <Box sx={{ gridColumn: { lg: '1 / -1' }, minWidth: 0 }}>
              <UnstitchedReportCard report={reports.unstitched.data} compare={comparing ? compare.unstitched.data : undefined} {...common('unstitched')} />
            </Box>
          </Box>
        </>
      )}
    </>
  );
}
