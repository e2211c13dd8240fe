// Query-options factories for merge policies, the datasets a policy can name and the what-if
// preview. Every key starts with the sandbox.
import { keepPreviousData, queryOptions } from '@tanstack/react-query';
import type {
  MergePolicyImpactBody,
  MergePolicyPreviewBody,
} from '../../../../contracts/merge-policy-preview.ts';
import type { SandboxTenant } from '../../../hooks/use-tenant.ts';
import {
  fetchAllMergePolicies,
  fetchBatch,
  fetchDatasetCounts,
  fetchImpact,
  fetchMergePolicies,
  fetchMergePolicy,
  fetchNamespaceCodes,
  fetchPolicyDatasets,
  fetchPreview,
  type MergePolicyListParams,
} from './requests.ts';

export const mergePolicyKeys = {
  all: (sandbox: string) => [sandbox, 'merge-policies'] as const,
  lists: (sandbox: string) => [sandbox, 'merge-policies', 'list'] as const,
  list: (sandbox: string, params: MergePolicyListParams) =>
    [sandbox, 'merge-policies', 'list', params] as const,
  everything: (sandbox: string) => [sandbox, 'merge-policies', 'list', 'all'] as const,
  detail: (sandbox: string, id: string) => [sandbox, 'merge-policies', 'detail', id] as const,
  datasets: (sandbox: string) => [sandbox, 'merge-policies', 'datasets'] as const,
  counts: (sandbox: string) => [sandbox, 'merge-policies', 'dataset-counts'] as const,
  namespaces: (sandbox: string) => [sandbox, 'merge-policies', 'namespaces'] as const,
  batch: (sandbox: string, batchId: string) => [sandbox, 'merge-policies', 'batch', batchId] as const,
  preview: (sandbox: string, body: MergePolicyPreviewBody) =>
    [sandbox, 'merge-policies', 'preview', body] as const,
  impact: (sandbox: string, body: MergePolicyImpactBody) =>
    [sandbox, 'merge-policies', 'impact', body] as const,
};

export const mergePolicyQueries = {
  list: (tenant: SandboxTenant, params: MergePolicyListParams) =>
    queryOptions({
      queryKey: mergePolicyKeys.list(tenant.sandbox, params),
      queryFn: ({ signal }) => fetchMergePolicies(tenant, params, signal),
      placeholderData: keepPreviousData,
    }),
  /** Every policy of the sandbox: the n-of-5 count, name checks, pickers. */
  all: (tenant: SandboxTenant) =>
    queryOptions({
      queryKey: mergePolicyKeys.everything(tenant.sandbox),
      queryFn: ({ signal }) => fetchAllMergePolicies(tenant, signal),
    }),
  detail: (tenant: SandboxTenant, id: string) =>
    queryOptions({
      queryKey: mergePolicyKeys.detail(tenant.sandbox, id),
      queryFn: ({ signal }) => fetchMergePolicy(tenant, id, signal),
    }),
  datasets: (tenant: SandboxTenant) =>
    queryOptions({
      queryKey: mergePolicyKeys.datasets(tenant.sandbox),
      queryFn: ({ signal }) => fetchPolicyDatasets(tenant, signal),
    }),
  /** Fragment/event counts per dataset: local mode only. */
  counts: (tenant: SandboxTenant, enabled: boolean) =>
    queryOptions({
      queryKey: mergePolicyKeys.counts(tenant.sandbox),
      queryFn: ({ signal }) => fetchDatasetCounts(tenant, signal),
      enabled,
    }),
  namespaces: (tenant: SandboxTenant) =>
    queryOptions({
      queryKey: mergePolicyKeys.namespaces(tenant.sandbox),
      queryFn: ({ signal }) => fetchNamespaceCodes(tenant, signal),
      staleTime: 60_000,
    }),
  /** A dataset's last batch (when it finished, how many records). */
  batch: (tenant: SandboxTenant, batchId: string | undefined) =>
    queryOptions({
      queryKey: mergePolicyKeys.batch(tenant.sandbox, batchId ?? ''),
      queryFn: ({ signal }) => fetchBatch(tenant, batchId!, signal),
      enabled: batchId !== undefined,
      staleTime: 30_000,
    }),
  /** Never cached for long: the data and the saved policies may change. */
  preview: (tenant: SandboxTenant, body: MergePolicyPreviewBody | undefined) =>
    queryOptions({
      queryKey: mergePolicyKeys.preview(tenant.sandbox, body ?? { policy: {} }),
      queryFn: ({ signal }) => fetchPreview(tenant, body!, signal),
      enabled: body !== undefined,
      staleTime: 0,
      gcTime: 60_000,
      retry: false,
    }),
  impact: (tenant: SandboxTenant, body: MergePolicyImpactBody | undefined) =>
    queryOptions({
      queryKey: mergePolicyKeys.impact(tenant.sandbox, body ?? { policy: {} }),
      queryFn: ({ signal }) => fetchImpact(tenant, body!, signal),
      enabled: body !== undefined,
      staleTime: 0,
      gcTime: 60_000,
      retry: false,
    }),
};
