// One batch: status (live while running), counts, the reasons of its failures and every failed
// record with its line. Failed-record paging is in the URL (`fpage`).
import { useQuery } from '@tanstack/react-query';
import { useSearchParams } from 'react-router';
import Accordion from '@mui/material/Accordion';
import AccordionDetails from '@mui/material/AccordionDetails';
import AccordionSummary from '@mui/material/AccordionSummary';
import Box from '@mui/material/Box';
import Skeleton from '@mui/material/Skeleton';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import ExpandMoreIcon from '@mui/icons-material/ExpandMore';
import { CopyButton } from '../../../components/copy-button.tsx';
import { EmptyState } from '../../../components/empty-state.tsx';
import { InlineError } from '../../../components/inline-error.tsx';
import { JsonViewer } from '../../../components/json-viewer.tsx';
import { RelativeTime } from '../../../components/relative-time.tsx';
import { StatusChip } from '../../../components/status-chip.tsx';
import type { SandboxTenant } from '../../../hooks/use-tenant.ts';
import { plural } from '../../../lib/format.ts';
import { batchQueries } from '../api/queries.ts';
import { BatchCounts } from './batch-counts.tsx';
import { BatchReasons } from './batch-reasons.tsx';
import { FailedRecordsTable } from './failed-records-table.tsx';

const FAILED_PAGE_SIZE = 50;

export function BatchPanel({ tenant, batchId }: { tenant: SandboxTenant; batchId: string }) {
  const batch = useQuery(batchQueries.detail(tenant, batchId));
  const [params, setParams] = useSearchParams();
  const rawPage = Number(params.get('fpage'));
  const page = Number.isInteger(rawPage) && rawPage >= 1 ? rawPage - 1 : 0;
  const failedCount = batch.data?.metrics?.failedRecordCount ?? 0;
  const failed = useQuery({
    ...batchQueries.failed(tenant, batchId, { start: page * FAILED_PAGE_SIZE, limit: FAILED_PAGE_SIZE }),
    enabled: failedCount > 0,
  });

  if (batch.isPending) return <Skeleton variant="rounded" height={240} aria-label="Loading the batch" />;
  if (batch.isError)
    return (
      <InlineError title="Could not load the batch" error={batch.error} onRetry={() => batch.refetch()} />
    );
  const b = batch.data;

  return (
    <Stack spacing={2.5}>
      <Stack direction="row" spacing={1} sx={{ alignItems: 'center', flexWrap: 'wrap' }}>
        <StatusChip status={b.status} size="medium" />
        <Typography variant="body2" sx={{ fontFamily: 'monospace', overflowWrap: 'anywhere' }}>
          {b.id}
        </Typography>
        <CopyButton text={b.id} label="Copy batch id" />
      </Stack>
      <Box
        component="dl"
        sx={{
          display: 'grid',
          gridTemplateColumns: 'max-content 1fr',
          columnGap: 2,
          rowGap: 0.5,
          m: 0,
          fontSize: 14,
        }}
      >
        <Typography component="dt" variant="body2" color="text.secondary">
          Created
        </Typography>
        <Typography component="dd" variant="body2" sx={{ m: 0 }}>
          <RelativeTime value={b.created} />
        </Typography>
        <Typography component="dt" variant="body2" color="text.secondary">
          Completed
        </Typography>
        <Typography component="dd" variant="body2" sx={{ m: 0 }}>
          <RelativeTime value={b.completed} emptyLabel="Not yet" />
        </Typography>
        {b.metrics?.inputByteSize !== undefined && (
          <>
            <Typography component="dt" variant="body2" color="text.secondary">
              Size
            </Typography>
            <Typography component="dd" variant="body2" sx={{ m: 0 }}>
              {plural(b.metrics.inputByteSize, 'byte')}
            </Typography>
          </>
        )}
      </Box>
      <BatchCounts batch={b} />
      <BatchReasons batch={b} headingVariant="subtitle1" />
      <Box>
        <Typography variant="subtitle1" component="h3" gutterBottom>
          Failed records
        </Typography>
        {failedCount === 0 ? (
          <Typography variant="body2" color="text.secondary">
            {b.status === 'loading' || b.status === 'processing'
              ? 'The batch is still running.'
              : 'No record of this batch failed.'}
          </Typography>
        ) : failed.isPending ? (
          <Skeleton variant="rounded" height={120} aria-label="Loading failed records" />
        ) : failed.isError ? (
          <InlineError
            title="Could not load the failed records"
            error={failed.error}
            onRetry={() => failed.refetch()}
          />
        ) : failed.data.data.length === 0 ? (
          <EmptyState title="No failed records on this page" />
        ) : (
          <FailedRecordsTable
            records={failed.data.data}
            total={failed.data._page.totalCount}
            caption={`Failed records of batch ${b.id}`}
            paging={{
              page,
              rowsPerPage: FAILED_PAGE_SIZE,
              onPageChange: (p) =>
                setParams((current) => {
                  const next = new URLSearchParams(current);
                  if (p > 0) next.set('fpage', String(p + 1));
                  else next.delete('fpage');
                  return next;
                }),
            }}
          />
        )}
      </Box>
      <Accordion disableGutters variant="outlined">
        <AccordionSummary expandIcon={<ExpandMoreIcon />}>
          <Typography variant="body2">Catalog entry of the batch (JSON)</Typography>
        </AccordionSummary>
        <AccordionDetails>
          <JsonViewer value={b} label="Batch JSON" />
        </AccordionDetails>
      </Accordion>
    </Stack>
  );
}
