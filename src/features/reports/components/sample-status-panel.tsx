// The preview sample: when it last ran and with which merge policy, "Run now" with live progress
// (local mode), and what happened to the last run.
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import LinearProgress from '@mui/material/LinearProgress';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import PlayArrowIcon from '@mui/icons-material/PlayArrow';
import type { PreviewSampleStatus, SampleJob } from '../../../../contracts/preview-sample.ts';
import { RelativeTime } from '../../../components/relative-time.tsx';
import { StatusChip } from '../../../components/status-chip.tsx';
import { isActiveJob } from '../api/queries.ts';
import { aepTime } from '../aep-values.ts';

const PHASES: Record<string, string> = {
  queued: 'Waiting for the sandbox’s earlier jobs',
  check: 'Checking how much the profile count changed',
  identities: 'Reading identities',
  fragments: 'Reading profile fragments',
  events: 'Reading experience events',
  tally: 'Counting profiles',
  done: 'Saving the report',
};

const STATUS_LABELS: Record<string, string> = { TASK_FINISHED: 'succeeded', TASK_FAILED: 'failed', NOT_STARTED: 'Never run' };

export interface SampleStatusPanelProps {
  status: PreviewSampleStatus | undefined;
  job: SampleJob | undefined;
  /** Local mode: the sample can be run from here. */
  canRun: boolean;
  running: boolean;
  onRun: () => void;
  runError?: unknown;
  notice?: string;
}

export function SampleStatusPanel({ status, job, canRun, running, onRun, runError, notice }: SampleStatusPanelProps) {
  const active = isActiveJob(job) || status?.sampleJobRunning.status === true;
  const sampledAt = aepTime(status?.lastSampledTimestamp);
  const progress = job && isActiveJob(job) && job.total ? Math.min(100, (job.done / job.total) * 100) : undefined;
  const chip = active ? (job?.status ?? 'running') : status ? (STATUS_LABELS[status.status] ?? status.status) : undefined;
  return (
    <Paper variant="outlined" component="section" aria-label="Preview sample" sx={{ p: 2, mb: 3 }}>
      <Stack direction={{ xs: 'column', sm: 'row' }} spacing={2} sx={{ alignItems: { xs: 'stretch', sm: 'center' }, justifyContent: 'space-between' }}>
        <Box sx={{ minWidth: 0 }}>
          <Stack direction="row" spacing={1} sx={{ alignItems: 'center', flexWrap: 'wrap', rowGap: 0.5 }}>
            <Typography variant="subtitle1" component="h2" sx={{ fontWeight: 600 }}>
              Preview sample
            </Typography>
            <span data-testid="sample-status">
              <StatusChip status={chip} emptyLabel="Unknown" />
            </span>
          </Stack>
          <Typography variant="body2" color="text.secondary" sx={{ mt: 0.5 }}>
            {sampledAt !== undefined ? (
              <>
                Last sampled <RelativeTime value={sampledAt} /> with the default merge policy ({status?.mergeStrategy}).{' '}
              </>
            ) : (
              <>No sample yet. </>
            )}
            It runs by itself once ingestion or a delete has changed the profile count by more than 5 %.
          </Typography>
        </Box>
        {canRun && (
          <Button variant="contained" startIcon={<PlayArrowIcon />} onClick={onRun} disabled={active || running} sx={{ flexShrink: 0 }}>
            {active ? 'Sampling…' : 'Run now'}
          </Button>
        )}
      </Stack>
      {active && (
        <Box sx={{ mt: 2 }}>
          <LinearProgress variant={progress === undefined ? 'indeterminate' : 'determinate'} value={progress} aria-label="Sample progress" />
          <Typography variant="caption" color="text.secondary" sx={{ display: 'block', mt: 0.5 }} aria-live="polite">
            {PHASES[job?.phase ?? 'queued'] ?? job?.phase}
            {progress !== undefined ? ` · ${Math.floor(progress)} %` : ''}
          </Typography>
        </Box>
      )}
      {!active && job?.status === 'failed' && (
        <Alert severity="error" sx={{ mt: 2 }}>
          The last sample failed: {job.error ?? 'no reason given'}
        </Alert>
      )}
      {!active && job?.phase === 'skipped' && job.error && (
        <Typography variant="caption" color="text.secondary" component="p" sx={{ mt: 1 }}>
          The last automatic check did not sample: {job.error.charAt(0).toLowerCase() + job.error.slice(1)}.
        </Typography>
      )}
      {notice && (
        <Alert severity="info" sx={{ mt: 2 }}>
          {notice}
        </Alert>
      )}
      {runError !== undefined && runError !== null && (
        <Alert severity="error" sx={{ mt: 2 }}>
          Could not start the sample: {runError instanceof Error ? runError.message : String(runError)}
        </Alert>
      )}
    </Paper>
  );
}
