// Dry run: the expression evaluated on one profile (default merge policy, as the evaluation job
// does) — the value and the events that produced it. Changes nothing.
import { useState } from 'react';
import Alert from '@mui/material/Alert';
import Autocomplete from '@mui/material/Autocomplete';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import Stack from '@mui/material/Stack';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableContainer from '@mui/material/TableContainer';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import PlayArrowIcon from '@mui/icons-material/PlayArrow';
import type { Duration, DryRunResult } from '../../../../contracts/computed-attributes.ts';
import { InlineError } from '../../../components/inline-error.tsx';
import { formatAbsolute } from '../../../components/relative-time.tsx';
import type { SandboxTenant } from '../../../hooks/use-tenant.ts';
import { formatCount, plural } from '../../../lib/format.ts';
import { useDryRun } from '../api/mutations.ts';

const NAMESPACE_SUGGESTIONS = ['Email', 'CRMID', 'loyaltyId', 'Phone', 'ECID'];

export function formatValue(value: string | number | boolean | null, xdmType?: string): string {
  if (value === null) return '—';
  if (typeof value === 'number') {
    return xdmType === 'integer' || Number.isInteger(value)
      ? formatCount(value)
      : value.toLocaleString(undefined, { maximumFractionDigits: 2, minimumFractionDigits: 2 });
  }
  return String(value);
}

export interface DryRunPanelProps {
  tenant: SandboxTenant;
  expression: string;
  duration: Duration | undefined;
  /** Why a dry run cannot start yet (invalid expression, lookback out of range). */
  blockedReason?: string;
}

function DryRunResultView({ result }: { result: DryRunResult }) {
  const xdmType = result.returnSchema['meta:xdmType'];
  const noValue = result.value === null;
  return (
    <Stack spacing={1.5} data-testid="dry-run-result">
      <Box>
        <Typography variant="overline" color="text.secondary">
          Value for this profile
        </Typography>
        <Typography variant="h4" component="p" sx={{ fontWeight: 600 }} data-testid="dry-run-value">
          {noValue ? 'No value' : formatValue(result.value, xdmType)}
        </Typography>
        <Typography variant="body2" color="text.secondary">
          {plural(result.matched, 'matching event')} of {plural(result.eventsInWindow, 'event')} in the window ({formatAbsolute(new Date(result.window.from))} –{' '}
          {formatAbsolute(new Date(result.window.to))}); the profile merges {plural(result.identities.length, 'identity', 'identities')}.
          {noValue && ' Without a matching event the attribute is absent from the profile.'}
        </Typography>
      </Box>
      {result.events.length > 0 && (
        <TableContainer sx={{ maxHeight: 320, border: 1, borderColor: 'divider', borderRadius: 1 }}>
          <Table size="small" stickyHeader aria-label="Events that produced the value">
            <TableHead>
              <TableRow>
                <TableCell>Time</TableCell>
                <TableCell>Event type</TableCell>
                <TableCell>Event id</TableCell>
                <TableCell align="right">Value</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {result.events.map((e) => (
                <TableRow key={`${e.datasetId}/${e.eventId}`} selected={e.decisive}>
                  <TableCell sx={{ whiteSpace: 'nowrap' }}>{formatAbsolute(new Date(e.timestamp))}</TableCell>
                  <TableCell sx={{ overflowWrap: 'anywhere' }}>{e.eventType ?? '—'}</TableCell>
                  <TableCell sx={{ fontFamily: 'monospace', fontSize: 12.5, overflowWrap: 'anywhere' }}>{e.eventId}</TableCell>
                  <TableCell align="right" sx={{ whiteSpace: 'nowrap' }}>
                    {e.value === null ? '—' : formatValue(e.value)}
                    {e.decisive && <Chip size="small" label="decides" color="primary" variant="outlined" sx={{ ml: 1 }} />}
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </TableContainer>
      )}
      {result.matched > result.events.length && result.events.length > 0 && (
        <Typography variant="caption" color="text.secondary">
          Showing the {result.events.length} most recent of the events that produced the value.
        </Typography>
      )}
    </Stack>
  );
}

export function DryRunPanel({ tenant, expression, duration, blockedReason }: DryRunPanelProps) {
  const [namespace, setNamespace] = useState('Email');
  const [identity, setIdentity] = useState('');
  const dryRun = useDryRun(tenant);
  const run = () => {
    if (!duration || !identity.trim()) return;
    dryRun.mutate({ expression, duration, entityId: identity.trim(), entityIdNS: namespace.trim() || undefined });
  };
  return (
    <Stack spacing={2}>
      <Box
        component="form"
        onSubmit={(e) => {
          e.preventDefault();
          run();
        }}
        sx={{ display: 'flex', gap: 1.5, flexWrap: 'wrap', alignItems: 'flex-start' }}
      >
        <Autocomplete
          freeSolo
          size="small"
          options={NAMESPACE_SUGGESTIONS}
          inputValue={namespace}
          onInputChange={(_e, v) => setNamespace(v)}
          renderInput={(params) => <TextField {...params} label="Namespace" />}
          sx={{ width: 160 }}
        />
        <TextField
          size="small"
          label="Identity value"
          placeholder="jane@example.com"
          value={identity}
          onChange={(e) => setIdentity(e.target.value)}
          sx={{ flex: 1, minWidth: 220 }}
        />
        <Button type="submit" variant="outlined" startIcon={<PlayArrowIcon />} disabled={Boolean(blockedReason) || !identity.trim() || dryRun.isPending}>
          {dryRun.isPending ? 'Running…' : 'Dry run'}
        </Button>
      </Box>
      {blockedReason && <Alert severity="info">{blockedReason}</Alert>}
      {dryRun.isError && <InlineError title="Dry run failed" error={dryRun.error} />}
      {dryRun.data && !dryRun.isError && <DryRunResultView result={dryRun.data} />}
    </Stack>
  );
}
