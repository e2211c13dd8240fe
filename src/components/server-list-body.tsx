// What a server-paged list page shows under its filters: the load error, an empty state once the
// server says there is nothing, or the grid.
import type { ReactNode } from 'react';
import Stack from '@mui/material/Stack';
import { InlineError } from './inline-error.tsx';

export interface ServerListBodyProps {
  query: { isError: boolean; error: unknown; refetch: () => unknown };
  errorTitle: string;
  /** Shown instead of the grid when set. */
  empty?: ReactNode;
  children: ReactNode;
}

export function ServerListBody({ query, errorTitle, empty, children }: ServerListBodyProps) {
  if (query.isError)
    return (
      <Stack sx={{ p: 2 }}>
        <InlineError title={errorTitle} error={query.error} onRetry={() => query.refetch()} />
      </Stack>
    );
  return <>{empty ?? children}</>;
}
