// Query-options factories for delete requests. Every key starts with the sandbox; requests that are
// NEW or PROCESSING are polled, and when one finishes the sandbox's other data (profiles, counts,
// reports) is refetched, since the delete changed it.
import { useEffect, useRef } from 'react';
import { keepPreviousData, queryOptions, useQueryClient } from '@tanstack/react-query';
import type { SandboxTenant } from '../../../hooks/use-tenant.ts';
import {
  fetchDeleteImpact,
  fetchDeleteRequest,
  fetchDeleteRequests,
  fetchTargetBatches,
  fetchTargetDatasets,
  type DeleteRequest,
  type DeleteRequestListParams,
  type DeleteTarget,
} from './requests.ts';

/** How often pending requests are polled. */
export const DELETE_POLL_MS = 1000;

export const isPendingRequest = (r: Pick<DeleteRequest, 'status'>) => r.status === 'NEW' || r.status === 'PROCESSING';

export const deleteRequestKeys = {
  all: (sandbox: string) => [sandbox, 'delete-requests'] as const,
  lists: (sandbox: string) => [sandbox, 'delete-requests', 'list'] as const,
  list: (sandbox: string, params: DeleteRequestListParams) => [sandbox, 'delete-requests', 'list', params] as const,
  detail: (sandbox: string, id: string) => [sandbox, 'delete-requests', 'detail', id] as const,
  impact: (sandbox: string, target: DeleteTarget) => [sandbox, 'delete-requests', 'impact', target] as const,
  targets: (sandbox: string) => [sandbox, 'delete-requests', 'targets'] as const,
  batches: (sandbox: string, datasetId: string) => [sandbox, 'delete-requests', 'targets', datasetId, 'batches'] as const,
};

export const deleteRequestQueries = {
  list: (tenant: SandboxTenant, params: DeleteRequestListParams) =>
    queryOptions({
      queryKey: deleteRequestKeys.list(tenant.sandbox, params),
      queryFn: ({ signal }) => fetchDeleteRequests(tenant, params, signal),
      placeholderData: keepPreviousData,
      refetchInterval: (query) => (query.state.data?.items.some(isPendingRequest) ? DELETE_POLL_MS : false),
    }),
  detail: (tenant: SandboxTenant, id: string) =>
    queryOptions({
      queryKey: deleteRequestKeys.detail(tenant.sandbox, id),
      queryFn: ({ signal }) => fetchDeleteRequest(tenant, id, signal),
      refetchInterval: (query) => (query.state.data && isPendingRequest(query.state.data) ? DELETE_POLL_MS : false),
    }),
  /** What a request would delete now: never cached for long, the data may change. */
  impact: (tenant: SandboxTenant, target: DeleteTarget | undefined) =>
    queryOptions({
      queryKey: deleteRequestKeys.impact(tenant.sandbox, target ?? { datasetId: '' }),
      queryFn: ({ signal }) => fetchDeleteImpact(tenant, target!, signal),
      enabled: target !== undefined,
      staleTime: 0,
      gcTime: 30_000,
    }),
  targets: (tenant: SandboxTenant) =>
    queryOptions({
      queryKey: deleteRequestKeys.targets(tenant.sandbox),
      queryFn: ({ signal }) => fetchTargetDatasets(tenant, signal),
      staleTime: 30_000,
    }),
  batches: (tenant: SandboxTenant, datasetId: string | undefined) =>
    queryOptions({
      queryKey: deleteRequestKeys.batches(tenant.sandbox, datasetId ?? ''),
      queryFn: ({ signal }) => fetchTargetBatches(tenant, datasetId!, signal),
      enabled: datasetId !== undefined,
    }),
};

/**
 * Watches requests; when one that was pending has finished, refetches everything else of the
 * sandbox (profiles, dataset counts, reports) and the request lists.
 */
export function useRefreshWhenFinished(tenant: SandboxTenant, requests: DeleteRequest[] | undefined): void {
  const queryClient = useQueryClient();
  const pending = useRef(new Set<string>());
  useEffect(() => {
    if (!requests) return;
    let finished = false;
    for (const r of requests) {
      if (isPendingRequest(r)) pending.current.add(r.id);
      else if (pending.current.delete(r.id)) finished = true;
    }
    if (!finished) return;
    void queryClient.invalidateQueries({
      predicate: (q) => q.queryKey[0] === tenant.sandbox && q.queryKey[1] !== 'delete-requests',
    });
    void queryClient.invalidateQueries({ queryKey: deleteRequestKeys.lists(tenant.sandbox) });
  }, [requests, queryClient, tenant.sandbox]);
}
