// /:sandbox/delete-requests/:requestId — one delete request: status timeline with live progress,
// its target, the metrics it reports, the AEP job object, and removing a finished request's record.
import { useState } from 'react';
import { Link as RouterLink, useNavigate, useParams } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import Accordion from '@mui/material/Accordion';
import AccordionDetails from '@mui/material/AccordionDetails';
import AccordionSummary from '@mui/material/AccordionSummary';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Breadcrumbs from '@mui/material/Breadcrumbs';
import Button from '@mui/material/Button';
import Link from '@mui/material/Link';
import Skeleton from '@mui/material/Skeleton';
import Stack from '@mui/material/Stack';
import Tooltip from '@mui/material/Tooltip';
import Typography from '@mui/material/Typography';
import DeleteOutlineIcon from '@mui/icons-material/DeleteOutlined';
import ExpandMoreIcon from '@mui/icons-material/ExpandMore';
import { ConfirmDialog } from '../../components/confirm-dialog.tsx';
import { CopyButton } from '../../components/copy-button.tsx';
import { EmptyState } from '../../components/empty-state.tsx';
import { InlineError } from '../../components/inline-error.tsx';
import { JsonViewer } from '../../components/json-viewer.tsx';
import { PageHeader } from '../../components/page-header.tsx';
import { useRemoveDeleteRequest } from '../../features/delete-requests/api/mutations.ts';
import { deleteRequestQueries, useRefreshWhenFinished } from '../../features/delete-requests/api/queries.ts';
import type { DeleteRequest } from '../../features/delete-requests/api/requests.ts';
import { targetLabel } from '../../features/delete-requests/components/delete-requests-table.tsx';
import { RequestMetrics, RequestProgress, RequestTimeline } from '../../features/delete-requests/components/request-progress.tsx';
import { RequestStatusChip, STATUS_WORDS } from '../../features/delete-requests/components/request-status.tsx';
import { useTenant } from '../../hooks/use-tenant.ts';
import { isApiError } from '../../lib/api-client.ts';
import { DetailField, DetailSection } from '../../components/detail-section.tsx';

function RequestNotFound({ id }: { id: string }) {
  return (
    <EmptyState
      title="Delete request not found"
      description={<>This sandbox has no delete request {id}. Its record may have been removed.</>}
      action={
        <Button variant="contained" component={RouterLink} to="..">
          Back to delete requests
        </Button>
      }
    />
  );
}

export function DeleteRequestDetailPage() {
  const { requestId = '' } = useParams();
  const tenant = useTenant();
  const request = useQuery(deleteRequestQueries.detail(tenant, requestId));
  useRefreshWhenFinished(tenant, request.data ? [request.data] : undefined);

  if (request.isPending) {
    return (
      <Box role="progressbar" aria-label="Loading the delete request">
        <Skeleton variant="text" width={360} height={48} />
        <Skeleton variant="rounded" height={200} sx={{ mt: 2 }} />
        <Skeleton variant="rounded" height={140} sx={{ mt: 3 }} />
      </Box>
    );
  }
  if (request.isError) {
    if (isApiError(request.error) && request.error.status === 404) return <RequestNotFound id={requestId} />;
    return <InlineError title="Could not load the delete request" error={request.error} onRetry={() => request.refetch()} />;
  }
  return <RequestView request={request.data} />;
}

function RequestView({ request }: { request: DeleteRequest }) {
  const tenant = useTenant();
  const navigate = useNavigate();
  const targets = useQuery(deleteRequestQueries.targets(tenant));
  const names = new Map((targets.data ?? []).map((d) => [d.id, d.name]));
  const name = targetLabel(request, names);
  const remove = useRemoveDeleteRequest(tenant);
  const [confirmOpen, setConfirmOpen] = useState(false);
  const processing = request.status === 'PROCESSING';
  const m = request.decodedMetrics;

  const removeButton = (
    <Button color="error" variant="outlined" startIcon={<DeleteOutlineIcon />} disabled={processing} onClick={() => setConfirmOpen(true)}>
      {request.status === 'NEW' ? 'Withdraw request' : 'Remove record'}
    </Button>
  );

  return (
    <>
      <PageHeader
        overline={
          <Breadcrumbs aria-label="Breadcrumb" sx={{ mb: 0.5 }}>
            <Link component={RouterLink} to=".." underline="hover" color="inherit">
              Delete requests
            </Link>
            <Typography color="text.primary" variant="body2" noWrap sx={{ maxWidth: 360, fontFamily: 'monospace' }}>
              {request.id}
            </Typography>
          </Breadcrumbs>
        }
        title={request.batchId ? `Delete a batch of ${name}` : `Delete ${name}`}
        subtitle={STATUS_WORDS[request.status]}
        actions={
          processing ? (
            <Tooltip title="A request that is processing cannot be removed; wait until it has finished">
              <span>{removeButton}</span>
            </Tooltip>
          ) : (
            removeButton
          )
        }
      />
      <Box sx={{ display: 'grid', gap: 2, gridTemplateColumns: { xs: '1fr', md: '2fr 3fr' }, mb: 2 }}>
        <DetailSection title="Status">
          <Stack direction="row" spacing={1} sx={{ alignItems: 'center', mb: 1 }}>
            <RequestStatusChip status={request.status} size="medium" />
            <Typography variant="body2" color="text.secondary">
              AEP status <code>{request.status}</code>
            </Typography>
          </Stack>
          <RequestProgress request={request} />
          {request.status === 'ERROR' && (
            <Alert severity="error" sx={{ mt: 2 }}>
              {m?.error ?? 'The request ended with an error.'} Graphs it had repaired stay repaired; the rest of the data is untouched. Submit a new
              request to finish the delete.
            </Alert>
          )}
          <Box sx={{ mt: 2 }}>
            <RequestTimeline request={request} />
          </Box>
        </DetailSection>
        <DetailSection title="Target">
          <Box component="dl" sx={{ display: 'grid', gridTemplateColumns: 'max-content minmax(0, 1fr)', columnGap: 3, rowGap: 1, m: 0 }}>
            <DetailField label="Deletes">{request.batchId ? 'One batch of an ExperienceEvent dataset' : 'The whole dataset’s Profile-store data'}</DetailField>
            <DetailField label="Dataset">
              <Link component={RouterLink} to={`/${tenant.sandbox}/datasets/${request.targetDatasetId ?? ''}`}>
                {name}
              </Link>
            </DetailField>
            <DetailField label="Dataset id">
              <Box component="span" sx={{ fontFamily: 'monospace' }}>
                {request.targetDatasetId}
              </Box>
            </DetailField>
            {request.batchId && (
              <DetailField label="Batch id">
                <Box component="span" sx={{ fontFamily: 'monospace' }}>
                  {request.batchId}
                </Box>
                <CopyButton text={request.batchId} label="Copy batch id" />
              </DetailField>
            )}
            <DetailField label="Request id">
              <Box component="span" sx={{ fontFamily: 'monospace' }}>
                {request.id}
              </Box>
              <CopyButton text={request.id} label="Copy request id" />
            </DetailField>
          </Box>
          <Typography variant="caption" color="text.secondary" sx={{ display: 'block', mt: 2 }}>
            The dataset and its batches stay in the catalog; only the Profile store’s copy of the data goes.
          </Typography>
        </DetailSection>
      </Box>
      <Box sx={{ mb: 2 }}>
        <DetailSection title={request.status === 'PROCESSING' ? 'Metrics (so far)' : 'Metrics'}>
          {m ? <RequestMetrics request={request} /> : <Typography variant="body2" color="text.secondary">Metrics appear once the request starts.</Typography>}
        </DetailSection>
      </Box>
      <Accordion variant="outlined" disableGutters>
        <AccordionSummary expandIcon={<ExpandMoreIcon />}>
          <Typography variant="body2">System job (JSON, as the API answers it)</Typography>
        </AccordionSummary>
        <AccordionDetails>
          <JsonViewer value={aepJob(request)} label="System job JSON" />
        </AccordionDetails>
      </Accordion>
      <ConfirmDialog
        open={confirmOpen}
        title={request.status === 'NEW' ? 'Withdraw this delete request?' : 'Remove this request record?'}
        description={
          request.status === 'NEW'
            ? 'The request has not started: nothing has been deleted. Withdrawing removes it, so no data will be deleted.'
            : 'Only the record of the request goes; the data it deleted stays deleted.'
        }
        confirmLabel={request.status === 'NEW' ? 'Withdraw' : 'Remove record'}
        destructive
        pending={remove.isPending}
        error={remove.isError ? remove.error : undefined}
        onClose={() => setConfirmOpen(false)}
        onConfirm={() => remove.mutate(request.id, { onSuccess: () => navigate('..') })}
      />
    </>
  );
}

/** The job object as AEP sends it (without the console's decoded fields). */
function aepJob(request: DeleteRequest) {
  const { targetDatasetId: _t, decodedMetrics: _m, ...job } = request;
  return job;
}
