import { useQuery } from '@tanstack/react-query';
import Typography from '@mui/material/Typography';
import type { DatasetStats } from '../../../../contracts/local.ts';
import { RelativeTime } from '../../../components/relative-time.tsx';
import type { SandboxTenant } from '../../../hooks/use-tenant.ts';
import { plural } from '../../../lib/format.ts';
import { mergePolicyQueries } from '../api/queries.ts';
import type { PolicyDataset } from '../api/requests.ts';

const BATCH_STATUS: Record<string, string> = {
  success: 'succeeded',
  failed: 'failed',
  loading: 'loading',
  processing: 'processing',
  aborted: 'aborted',
};

/** "1,234 profile fragments · last batch succeeded 3 days ago" for one dataset. */
export function DatasetMeta({
  tenant,
  dataset,
  counts,
  kind,
}: {
  tenant: SandboxTenant;
  dataset: PolicyDataset;
  counts: DatasetStats | undefined;
  kind: 'fragments' | 'events';
}) {
  const batch = useQuery(mergePolicyQueries.batch(tenant, dataset.lastBatchId));
  const n = counts?.[dataset.id]?.[kind];
  const status = dataset.lastBatchStatus
    ? (BATCH_STATUS[dataset.lastBatchStatus] ?? dataset.lastBatchStatus)
    : undefined;
  const when = batch.data?.completed ?? batch.data?.updated;
  return (
    <Typography variant="caption" color="text.secondary" component="div" sx={{ overflowWrap: 'anywhere' }}>
      {n !== undefined && <>{plural(n, kind === 'fragments' ? 'profile fragment' : 'event')} · </>}
      {status ? (
        <>
          last batch {status}
          {when !== undefined && (
            <>
              {' '}
              <RelativeTime value={when} />
            </>
          )}
        </>
      ) : (
        'no batches yet'
      )}
    </Typography>
  );
}
