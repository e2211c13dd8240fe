// An export job's life: created → exporting profiles → batch registered (or failed), with times.
import Step from '@mui/material/Step';
import StepLabel from '@mui/material/StepLabel';
import Stepper from '@mui/material/Stepper';
import Typography from '@mui/material/Typography';
import type { ExportJob } from '../../../../contracts/export-jobs.ts';
import { RelativeTime } from '../../../components/relative-time.tsx';
import { formatDuration } from './export-status.tsx';

export function ExportTimeline({ job }: { job: ExportJob }) {
  const m = job.metrics;
  const failed = job.status === 'FAILED';
  const active = { NEW: 1, PROCESSING: 1, SUCCEEDED: 3, FAILED: 2 }[job.status];
  const steps = [
    { label: 'Created', time: job.creationTime, detail: undefined },
    {
      label: job.status === 'NEW' ? 'Waiting to start' : 'Exporting profiles',
      time: m.profileExportTime?.startTimeInMs,
      detail: m.profileExportTime?.totalTimeInMs !== undefined ? `took ${formatDuration(m.profileExportTime.totalTimeInMs)}` : undefined,
    },
    {
      label: failed ? 'Failed — no batch written' : 'Batch registered in the dataset',
      time: failed ? m.totalTime.endTimeInMs : m.aCPDatasetWriteTime?.endTimeInMs,
      detail: m.totalTime.totalTimeInMs !== undefined ? `${formatDuration(m.totalTime.totalTimeInMs)} in all` : undefined,
    },
  ];
  return (
    <Stepper activeStep={active} orientation="vertical" aria-label="Status timeline">
      {steps.map((s, i) => (
        <Step key={i} completed={i < active}>
          <StepLabel
            error={failed && i === 2}
            optional={
              <Typography variant="caption" color="text.secondary" component="div">
                {s.time !== undefined ? <RelativeTime value={s.time} /> : i === 2 ? 'not yet' : '—'}
                {s.detail && ` · ${s.detail}`}
              </Typography>
            }
          >
            {s.label}
          </StepLabel>
        </Step>
      ))}
    </Stepper>
  );
}
