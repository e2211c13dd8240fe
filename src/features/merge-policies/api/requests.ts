// Request functions for merge policies, the datasets a policy can name, and the local what-if
// preview: contract endpoints in, plain data out. No React here.
import { getBatch, listDatasets, type Batch } from '../../../../contracts/catalog.ts';
import { PROFILE_SCHEMA_ID, EVENT_SCHEMA_ID } from '../../../../contracts/common.ts';
import { getDatasetStats, type DatasetStats } from '../../../../contracts/local.ts';
import { listNamespaces } from '../../../../contracts/identity.ts';
import {
  createMergePolicy,
  deleteMergePolicy,
  getMergePolicy,
  listMergePolicies,
  patchMergePolicy,
  type AttributeMergeType,
  type CreateMergePolicyBody,
  type IdentityGraphType,
  type MergePolicy,
  type MergePolicyPatchOperation,
} from '../../../../contracts/merge-policies.ts';
import {
  mergePolicyImpact,
  previewMergePolicy,
  type MergePolicyImpact,
  type MergePolicyImpactBody,
  type MergePolicyPreview,
  type MergePolicyPreviewBody,
} from '../../../../contracts/merge-policy-preview.ts';
import type { SandboxTenant } from '../../../hooks/use-tenant.ts';
import { apiRequest } from '../../../lib/api-client.ts';

export const MERGE_POLICY_SORT_FIELDS = ['name', 'version', 'updateEpoch'] as const;
export type MergePolicySortField = (typeof MERGE_POLICY_SORT_FIELDS)[number];

export interface MergePolicyListParams {
  page: number;
  pageSize: number;
  sort: { field: MergePolicySortField; order: 'asc' | 'desc' };
  identityGraph?: IdentityGraphType;
  attributeMerge?: AttributeMergeType;
}

export interface Page<T> {
  items: T[];
  total: number;
}

export async function fetchMergePolicies(
  tenant: SandboxTenant,
  params: MergePolicyListParams,
  signal?: AbortSignal,
): Promise<Page<MergePolicy>> {
  const { data } = await apiRequest(listMergePolicies, {
    tenant,
    signal,
    query: {
      limit: params.pageSize,
      // The service also takes a plain offset as the page cursor.
      start: params.page > 0 ? String(params.page * params.pageSize) : undefined,
      orderBy: `${params.sort.order === 'desc' ? '-' : ''}${params.sort.field}`,
      'identityGraph.type': params.identityGraph,
      'attributeMerge.type': params.attributeMerge,
    },
  });
  return { items: data.children, total: data._page.totalCount };
}

/** Every policy of the sandbox (there are at most 5). */
export async function fetchAllMergePolicies(
  tenant: SandboxTenant,
  signal?: AbortSignal,
): Promise<MergePolicy[]> {
  const { data } = await apiRequest(listMergePolicies, {
    tenant,
    signal,
    query: { limit: 100, orderBy: 'name' },
  });
  return data.children;
}

export async function fetchMergePolicy(
  tenant: SandboxTenant,
  id: string,
  signal?: AbortSignal,
): Promise<MergePolicy> {
  return (await apiRequest(getMergePolicy, { tenant, signal, params: { mergePolicyId: id } })).data;
}

export async function createMergePolicyRequest(
  tenant: SandboxTenant,
  body: CreateMergePolicyBody,
): Promise<MergePolicy> {
  return (await apiRequest(createMergePolicy, { tenant, body })).data;
}

/** Field updates with the version read as a precondition: a concurrent change answers 409. */
export async function patchMergePolicyRequest(
  tenant: SandboxTenant,
  id: string,
  ops: MergePolicyPatchOperation[],
): Promise<MergePolicy> {
  return (await apiRequest(patchMergePolicy, { tenant, params: { mergePolicyId: id }, body: ops })).data;
}

export async function deleteMergePolicyRequest(tenant: SandboxTenant, id: string): Promise<void> {
  await apiRequest(deleteMergePolicy, { tenant, params: { mergePolicyId: id } });
}

/** A dataset as the editor shows it. */
export interface PolicyDataset {
  id: string;
  name: string;
  datasetClass: 'profile' | 'experienceevent' | undefined;
  profileEnabled: boolean;
  lastBatchId: string | undefined;
  lastBatchStatus: string | undefined;
  /** ms */
  updated: number;
}

/** The sandbox's datasets (the first 100 by name). */
export async function fetchPolicyDatasets(
  tenant: SandboxTenant,
  signal?: AbortSignal,
): Promise<PolicyDataset[]> {
  const { data } = await apiRequest(listDatasets, {
    tenant,
    signal,
    query: { limit: 100, orderBy: 'asc:name' },
  });
  return Object.entries(data).map(([id, d]) => ({
    id,
    name: d.name,
    datasetClass:
      d.schemaRef.id === PROFILE_SCHEMA_ID
        ? 'profile'
        : d.schemaRef.id === EVENT_SCHEMA_ID
          ? 'experienceevent'
          : undefined,
    profileEnabled: (d.tags.unifiedProfile ?? []).includes('enabled:true'),
    lastBatchId: d.lastBatchId,
    lastBatchStatus: d.lastBatchStatus,
    updated: d.updated,
  }));
}

export async function fetchBatch(
  tenant: SandboxTenant,
  batchId: string,
  signal?: AbortSignal,
): Promise<Batch | undefined> {
  const { data } = await apiRequest(getBatch, { tenant, signal, params: { batchId } });
  return data[batchId] ?? Object.values(data)[0];
}

export async function fetchDatasetCounts(tenant: SandboxTenant, signal?: AbortSignal): Promise<DatasetStats> {
  return (await apiRequest(getDatasetStats, { tenant, signal })).data;
}

export async function fetchPreview(
  tenant: SandboxTenant,
  body: MergePolicyPreviewBody,
  signal?: AbortSignal,
): Promise<MergePolicyPreview> {
  return (await apiRequest(previewMergePolicy, { tenant, signal, body })).data;
}

export async function fetchImpact(
  tenant: SandboxTenant,
  body: MergePolicyImpactBody,
  signal?: AbortSignal,
): Promise<MergePolicyImpact> {
  return (await apiRequest(mergePolicyImpact, { tenant, signal, body })).data;
}

/** Identity namespace codes of the sandbox, for typing identities to preview. */
export async function fetchNamespaceCodes(tenant: SandboxTenant, signal?: AbortSignal): Promise<string[]> {
  const { data } = await apiRequest(listNamespaces, { tenant, signal });
  return data.map((n) => n.code);
}
