// The mode chip in the AppBar: which service the console talks to, and — on click — the connection
// details (mode, org, sandbox, platform URL, token expiry; never a token or secret).
import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import Chip from '@mui/material/Chip';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import Button from '@mui/material/Button';
import Skeleton from '@mui/material/Skeleton';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableRow from '@mui/material/TableRow';
import { getConnection, type Connection } from '../../../contracts/aep.ts';
import { apiRequest } from '../../lib/api-client.ts';
import { useConsoleConfig } from '../../config/console-config.ts';
import { InlineError } from '../../components/inline-error.tsx';

const connectionQuery = {
  queryKey: ['connection'],
  queryFn: async ({ signal }: { signal: AbortSignal }) => (await apiRequest(getConnection, { signal })).data,
  staleTime: 10_000,
};

function rows(c: Connection): [string, string][] {
  const token =
    c.mode === 'local'
      ? 'not needed (local service)'
      : c.token.state === 'valid'
        ? `valid until ${new Date(c.token.expiresAt ?? '').toLocaleString()}`
        : c.token.state === 'error'
          ? `could not be obtained: ${c.token.lastError ?? 'unknown error'}`
          : c.token.state === 'expired'
            ? 'expired (renewed on the next call)'
            : 'not requested yet';
  return [
    ['Mode', c.mode === 'local' ? 'Local Profile service (embedded SQLite)' : 'Adobe Experience Platform'],
    ['Organisation', c.orgId],
    ['Default sandbox', c.sandbox],
    ['Platform URL', c.platformUrl ?? '—'],
    ['Token endpoint', c.imsUrl ?? '—'],
    ['Access token', token],
  ];
}

export function ConnectionButton() {
  const config = useConsoleConfig();
  const [open, setOpen] = useState(false);
  const connection = useQuery({ ...connectionQuery, enabled: open });
  return (
    <>
      <Chip
        label={config.mode === 'local' ? 'Local' : 'AEP'}
        aria-label={`Connection: ${config.mode === 'local' ? 'local service' : 'Adobe Experience Platform'}, org ${config.orgId}. Show details`}
        title="Connection details"
        size="small"
        variant="outlined"
        onClick={() => setOpen(true)}
        sx={{ color: 'inherit', borderColor: 'currentColor', display: { xs: 'none', sm: 'inline-flex' } }}
      />
      <Dialog open={open} onClose={() => setOpen(false)} aria-labelledby="connection-title" maxWidth="sm" fullWidth>
        <DialogTitle id="connection-title">Connection</DialogTitle>
        <DialogContent>
          {connection.isPending && <Skeleton variant="rounded" height={180} />}
          {connection.isError && <InlineError title="Could not load the connection details" error={connection.error} onRetry={() => void connection.refetch()} />}
          {connection.data && (
            <Table size="small" aria-label="Connection details">
              <TableBody>
                {rows(connection.data).map(([k, v]) => (
                  <TableRow key={k}>
                    <TableCell component="th" scope="row" sx={{ fontWeight: 600, whiteSpace: 'nowrap' }}>
                      {k}
                    </TableCell>
                    <TableCell sx={{ wordBreak: 'break-all' }}>{v}</TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          )}
        </DialogContent>
        <DialogActions>
          <Button onClick={() => setOpen(false)}>Close</Button>
        </DialogActions>
      </Dialog>
    </>
  );
}
