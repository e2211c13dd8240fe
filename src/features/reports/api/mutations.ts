// Run now: starts the sample job (or finds the running one) and keeps the page's status current.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { SandboxTenant } from '../../../hooks/use-tenant.ts';
import { reportKeys } from './queries.ts';
import { startSample } from './requests.ts';

export function useRunSample(tenant: SandboxTenant) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => startSample(tenant),
    onSuccess: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: reportKeys.status(tenant.sandbox) }),
        queryClient.invalidateQueries({ queryKey: reportKeys.jobs(tenant.sandbox) }),
      ]),
  });
}

/** Once a sample finished: its report is the new latest (and today's), so every report refetches. */
export function refreshReports(queryClient: ReturnType<typeof useQueryClient>, sandbox: string) {
  return queryClient.invalidateQueries({ queryKey: reportKeys.all(sandbox) });
}
