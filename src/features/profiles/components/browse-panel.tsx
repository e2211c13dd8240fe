// "Browse": a sample of profiles under the chosen merge policy, for when no identity is at hand.
// AEP has no list-profiles API, so this uses the local extension `GET /_local/profiles/sample`
// (contracts/local-profiles.ts); where the service lacks it (404, or 501 in aep mode) the panel says so.
import { Link as RouterLink } from 'react-router';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import Link from '@mui/material/Link';
import Skeleton from '@mui/material/Skeleton';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import ShuffleIcon from '@mui/icons-material/Shuffle';
import { DEFAULT_SAMPLE_PROFILES } from '../../../../contracts/local-profiles.ts';
import type { MergePolicy } from '../../../../contracts/merge-policies.ts';
import { InlineError } from '../../../components/inline-error.tsx';
import { RelativeTime } from '../../../components/relative-time.tsx';
import { CopyButton } from '../../../components/copy-button.tsx';
import type { SandboxTenant } from '../../../hooks/use-tenant.ts';
import { formatCount } from '../../../lib/format.ts';
import { profileKeys, profileQueries, type SampleResult } from '../api/queries.ts';
import { profilePath } from '../profile-links.ts';
import { Panel } from './panel.tsx';

export interface BrowsePanelProps {
  tenant: SandboxTenant;
  policy: MergePolicy | undefined;
  seed: number;
  onSeedChange: (seed: number) => void;
  datasetNames: Record<string, { name: string }> | undefined;
}

function Unavailable({ status, requestId }: { status: number; requestId: string | undefined }) {
  return (
    <Alert severity="info" sx={{ alignItems: 'flex-start' }}>
      <Typography variant="body2" sx={{ fontWeight: 600 }}>
        Browsing is not available from this service
      </Typography>
      <Typography variant="body2" sx={{ mt: 0.5 }}>
        Adobe Experience Platform has no API that lists profiles, and this service does not offer the console&apos;s sample endpoint
        (HTTP {status}). Look a profile up by one of its identities instead.
      </Typography>
      {requestId && (
        <Typography variant="caption" component="div" sx={{ mt: 0.5, overflowWrap: 'anywhere' }}>
          Request id: <code>{requestId}</code>
          <CopyButton text={requestId} label="Copy request id" />
        </Typography>
      )}
    </Alert>
  );
}

export function BrowsePanel({ tenant, policy, seed, onSeedChange, datasetNames }: BrowsePanelProps) {
  const queryClient = useQueryClient();
  // Once any sample answered "unavailable" in this sandbox, other policies and seeds are not asked.
  const known = queryClient
    .getQueriesData<SampleResult>({ queryKey: [...profileKeys.all(tenant.sandbox), 'sample'] })
    .map(([, d]) => d)
    .find((d) => d?.kind === 'unavailable');
  const sample = useQuery(profileQueries.sample(tenant, policy?.id, seed, policy !== undefined && !known));
  const data = sample.data ?? known;
  const unavailable = data?.kind === 'unavailable' ? data.error : undefined;
  const rows = data?.kind === 'sample' ? data.sample.children : [];

  return (
    <Panel
      title="Browse"
      subtitle={
        policy ? `A sample of ${DEFAULT_SAMPLE_PROFILES} profiles merged with ${policy.name}` : `A sample of ${DEFAULT_SAMPLE_PROFILES} profiles`
      }
      action={
        !unavailable && (
          <Button size="small" startIcon={<ShuffleIcon />} onClick={() => onSeedChange(seed + 1)} disabled={sample.isFetching || !policy}>
            Another sample
          </Button>
        )
      }
    >
      {unavailable ? (
        <Unavailable status={unavailable.status} requestId={unavailable.requestId} />
      ) : sample.isError ? (
        <InlineError title="Could not load a sample of profiles" error={sample.error} onRetry={() => sample.refetch()} />
      ) : sample.isPending || !data ? (
        <Box role="progressbar" aria-label="Loading a sample of profiles">
          {Array.from({ length: 5 }, (_, i) => (
            <Skeleton key={i} height={36} />
          ))}
        </Box>
      ) : rows.length === 0 ? (
        <Typography variant="body2" color="text.secondary" sx={{ py: 2 }}>
          This sandbox has no profiles under this merge policy yet. Ingest data into a Profile-enabled dataset first.
        </Typography>
      ) : (
        <Box sx={{ overflowX: 'auto', opacity: sample.isPlaceholderData ? 0.6 : 1 }}>
          <Table size="small" aria-label="Sample profiles">
            <TableHead>
              <TableRow>
                <TableCell>Profile</TableCell>
                <TableCell>Identities</TableCell>
                <TableCell sx={{ display: { xs: 'none', sm: 'table-cell' } }}>Datasets</TableCell>
                <TableCell sx={{ display: { xs: 'none', md: 'table-cell' } }}>Last modified</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {rows.map((p) => (
                <TableRow key={p.entityId} hover>
                  <TableCell sx={{ maxWidth: 280 }}>
                    <Link component={RouterLink} to={profilePath(tenant.sandbox, p.identity.namespace, p.identity.id, policy?.id)} sx={{ fontWeight: 600 }}>
                      {p.displayName ?? p.identity.id}
                    </Link>
                    <Typography variant="caption" color="text.secondary" component="div" noWrap>
                      {p.identity.namespace}: {p.identity.id}
                    </Typography>
                  </TableCell>
                  <TableCell>
                    <Box sx={{ display: 'flex', gap: 0.5, flexWrap: 'wrap' }}>
                      {[...new Set(p.identities.map((i) => i.namespace))].map((ns) => (
                        <Chip key={ns} label={ns} size="small" variant="outlined" />
                      ))}
                    </Box>
                    <Typography variant="caption" color="text.secondary">
                      {formatCount(p.identityCount)} {p.identityCount === 1 ? 'identity' : 'identities'}
                    </Typography>
                  </TableCell>
                  <TableCell sx={{ display: { xs: 'none', sm: 'table-cell' } }}>
                    <Typography variant="body2">{p.sources.map((id) => datasetNames?.[id]?.name ?? id).join(', ')}</Typography>
                  </TableCell>
                  <TableCell sx={{ display: { xs: 'none', md: 'table-cell' }, whiteSpace: 'nowrap' }}>
                    <RelativeTime value={p.lastModifiedAt} />
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </Box>
      )}
    </Panel>
  );
}
