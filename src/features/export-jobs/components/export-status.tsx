// An export job's status at a glance: its chip, its live progress and how long it took.
import Box from '@mui/material/Box';
import LinearProgress from '@mui/material/LinearProgress';
import Typography from '@mui/material/Typography';
import type { ExportJob } from '../../../../contracts/export-jobs.ts';
import { StatusChip } from '../../../components/status-chip.tsx';
import { formatCount } from '../../../lib/format.ts';
import { isRunningExport } from '../api/queries.ts';

export function ExportStatusChip({ job }: { job: Pick<ExportJob, 'status'> }) {
  return <StatusChip status={job.status} />;
}

/** 0–100 while the total is known; undefined while the profiles are being counted or queued. */
export function exportPercent(job: ExportJob): number | undefined {
  const p = job.progress;
  if (!p || p.profilesTotal === null || p.profilesTotal === 0) return job.status === 'SUCCEEDED' ? 100 : undefined;
  return Math.min(100, (p.profilesProcessed / p.profilesTotal) * 100);
}

/** Milliseconds the job took, or has been running. */
export function exportDurationMs(job: ExportJob, now = Date.now()): number {
  return job.metrics.totalTime.totalTimeInMs ?? Math.max(0, now - job.creationTime);
}

export function formatDuration(ms: number | undefined): string {
  if (ms === undefined || !Number.isFinite(ms)) return '—';
  const seconds = ms / 1000;
  if (seconds < 1) return `${Math.max(0, Math.round(ms))} ms`;
  if (seconds < 10) return `${seconds.toFixed(1)} s`;
  const s = Math.round(seconds);
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${s % 60} s`;
  return `${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} min`;
}

/** A progress bar with "N of M profiles" while the job runs; nothing once it finished. */
export function ExportProgress({ job, compact }: { job: ExportJob; compact?: boolean }) {
  if (!isRunningExport(job)) return null;
  const percent = exportPercent(job);
  const p = job.progress;
  const label =
    job.status === 'NEW'
      ? 'Queued'
      : percent === undefined
        ? 'Counting profiles…'
        : `${formatCount(p?.profilesProcessed)} of ${formatCount(p?.profilesTotal)} candidate profiles (${Math.floor(percent)} %)`;
  return (
    <Box sx={{ width: '100%', minWidth: 0 }}>
      <LinearProgress
        variant={percent === undefined ? 'indeterminate' : 'determinate'}
        value={percent}
        aria-label={`Export ${job.id} progress`}
        aria-valuetext={label}
      />
      {!compact && (
        <Typography variant="caption" color="text.secondary" sx={{ display: 'block', mt: 0.5 }}>
          {label} · {formatCount(job.metrics.totalExportedProfileCounter ?? 0)} exported so far
        </Typography>
      )}
    </Box>
  );
}
