// A delete request's life: status timeline (requested → processing → completed or error) and the
// figures it reports (records, links, identities, graphs), live while it runs.
import Box from '@mui/material/Box';
import LinearProgress from '@mui/material/LinearProgress';
import Step from '@mui/material/Step';
import StepLabel from '@mui/material/StepLabel';
import Stepper from '@mui/material/Stepper';
import Typography from '@mui/material/Typography';
import { RelativeTime } from '../../../components/relative-time.tsx';
import { formatCount } from '../../../lib/format.ts';
import { isPendingRequest } from '../api/queries.ts';
import type { DeleteRequest } from '../api/requests.ts';
import { requestDuration } from './delete-requests-table.tsx';
import { formatDuration } from './request-status.tsx';

export function RequestTimeline({ request }: { request: DeleteRequest }) {
  const m = request.decodedMetrics;
  const failed = request.status === 'ERROR';
  const active = { NEW: 1, PROCESSING: 2, COMPLETED: 3, ERROR: 2 }[request.status];
  const steps = [
    { label: 'Requested', time: request.createEpoch },
    { label: request.status === 'NEW' ? 'Waiting to start' : 'Processing', time: m?.startEpoch },
    { label: failed ? 'Error' : 'Completed', time: request.status === 'COMPLETED' || failed ? (m?.endEpoch ?? request.updateEpoch) : undefined },
  ];
  return (
    <Stepper activeStep={active} orientation="vertical" aria-label="Status timeline">
      {steps.map((s, i) => (
        <Step key={s.label} completed={i < active}>
          <StepLabel
            error={failed && i === 2}
            optional={
              <Typography variant="caption" color="text.secondary">
                {s.time !== undefined ? <RelativeTime value={s.time * 1000} /> : i === 2 && isPendingRequest(request) ? 'not yet' : '—'}
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

export function RequestProgress({ request }: { request: DeleteRequest }) {
  const m = request.decodedMetrics;
  if (!isPendingRequest(request)) return null;
  const total = m?.recordsToProcess ?? 0;
  const done = m?.recordsProcessed ?? 0;
  const value = total > 0 ? Math.min(100, (done / total) * 100) : undefined;
  return (
    <Box sx={{ mt: 2 }}>
      <LinearProgress
        variant={value === undefined ? 'indeterminate' : 'determinate'}
        value={value}
        aria-label="Delete progress"
      />
      <Typography variant="caption" color="text.secondary" sx={{ display: 'block', mt: 0.5 }}>
        {request.status === 'NEW'
          ? 'Queued: it starts once the sandbox’s earlier jobs have finished.'
          : `${formatCount(done)} of ${formatCount(total)} records deleted${m?.phase === 'links' ? ' · repairing the graphs of leftover links' : ''}`}
      </Typography>
    </Box>
  );
}

export function RequestMetrics({ request }: { request: DeleteRequest }) {
  const m = request.decodedMetrics;
  const figures = [
    { label: 'Records processed', value: formatCount(m?.recordsProcessed) },
    { label: 'Time taken', value: formatDuration(requestDuration(request)) },
    { label: 'Profile fragments deleted', value: formatCount(m?.fragmentsDeleted) },
    { label: 'Experience events deleted', value: formatCount(m?.eventsDeleted) },
    { label: 'Identity links deleted', value: formatCount(m?.identityLinksDeleted) },
    { label: 'Identities removed', value: formatCount(m?.identitiesDeleted) },
    { label: 'Identity graphs repaired', value: formatCount(m?.graphsRepaired) },
    { label: 'Identity graphs split', value: formatCount(m?.graphsSplit) },
  ];
  return (
    <Box component="dl" sx={{ display: 'grid', gridTemplateColumns: { xs: 'repeat(2, minmax(0, 1fr))', md: 'repeat(4, minmax(0, 1fr))' }, gap: 2, m: 0 }}>
      {figures.map((f) => (
        <Box key={f.label} sx={{ minWidth: 0 }}>
          <Typography component="dt" variant="caption" color="text.secondary">
            {f.label}
          </Typography>
          <Typography component="dd" variant="h6" sx={{ m: 0 }}>
            {f.value}
          </Typography>
        </Box>
      ))}
    </Box>
  );
}
