// Sandboxes belong to the org, not to a sandbox: their key is the one that does not start with one.
import { queryOptions } from '@tanstack/react-query';
import { fetchSandboxes } from './requests.ts';

export const sandboxKeys = {
  all: ['org', 'sandboxes'] as const,
};

export const sandboxQueries = {
  list: (orgId: string) =>
    queryOptions({
      queryKey: sandboxKeys.all,
      queryFn: ({ signal }) => fetchSandboxes(orgId, signal),
      staleTime: 30_000,
    }),
};
