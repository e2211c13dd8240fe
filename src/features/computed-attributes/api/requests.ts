// Request functions for computed attributes and the builder's local helpers: contract endpoints in,
// plain data out. No React here; queries.ts and mutations.ts wrap these for React Query.
import {
  createComputedAttribute,
  deleteComputedAttribute,
  dryRunComputedAttribute,
  getComputedAttribute,
  getComputedAttributeSummary,
  listComputedAttributes,
  listEventFields,
  patchComputedAttribute,
  validateExpression,
  type CaSortField,
  type CaSummary,
  type ComputedAttribute,
  type CreateComputedAttributeBody,
  type DryRunBody,
  type DryRunResult,
  type EventFieldList,
  type PatchComputedAttributeBody,
  type ValidateExpressionBody,
  type ValidationResult,
} from '../../../../contracts/computed-attributes.ts';
import { apiRequest } from '../../../lib/api-client.ts';
import type { SandboxTenant } from '../../../hooks/use-tenant.ts';

/** Status filters the list offers, as `property` filters. */
export const STATUS_FILTERS = {
  draft: 'status=contains(draft)',
  published: 'status=contains(new,initializing,processing,processed)',
  failed: 'status=contains(failed)',
  disabled: 'status=contains(disabled)',
} as const;
export type StatusFilter = keyof typeof STATUS_FILTERS;

export interface AttributeListParams {
  page: number;
  pageSize: number;
  sort: { field: CaSortField; order: 'asc' | 'desc' };
  /** Name contains. */
  name?: string;
  status?: StatusFilter;
}

export interface Page<T> {
  items: T[];
  total: number;
}

export async function fetchAttributes(tenant: SandboxTenant, params: AttributeListParams, signal?: AbortSignal): Promise<Page<ComputedAttribute>> {
  const property: string[] = [];
  if (params.name) property.push(`name=contains(${params.name.replace(/[,()]/g, ' ').trim()})`);
  if (params.status) property.push(STATUS_FILTERS[params.status]);
  const { data } = await apiRequest(listComputedAttributes, {
    tenant,
    query: {
      limit: params.pageSize,
      offset: params.page * params.pageSize,
      sortBy: `${params.sort.order === 'desc' ? '-' : ''}${params.sort.field}`,
      property: property.length ? property : undefined,
    },
    signal,
  });
  return { items: data.computedAttributes, total: data._page.totalCount };
}

export async function fetchAttribute(tenant: SandboxTenant, attributeId: string, signal?: AbortSignal): Promise<ComputedAttribute> {
  return (await apiRequest(getComputedAttribute, { tenant, params: { attributeId }, signal })).data;
}

export async function createAttributeRequest(tenant: SandboxTenant, body: CreateComputedAttributeBody): Promise<ComputedAttribute> {
  return (await apiRequest(createComputedAttribute, { tenant, body })).data;
}

export async function patchAttributeRequest(tenant: SandboxTenant, attributeId: string, body: PatchComputedAttributeBody): Promise<ComputedAttribute> {
  return (await apiRequest(patchComputedAttribute, { tenant, params: { attributeId }, body })).data;
}

export async function deleteAttributeRequest(tenant: SandboxTenant, attributeId: string): Promise<ComputedAttribute> {
  return (await apiRequest(deleteComputedAttribute, { tenant, params: { attributeId } })).data;
}

export async function validateRequest(tenant: SandboxTenant, body: ValidateExpressionBody, signal?: AbortSignal): Promise<ValidationResult> {
  return (await apiRequest(validateExpression, { tenant, body, signal })).data;
}

export async function fetchEventFields(tenant: SandboxTenant, signal?: AbortSignal): Promise<EventFieldList> {
  return (await apiRequest(listEventFields, { tenant, signal })).data;
}

export async function dryRunRequest(tenant: SandboxTenant, body: DryRunBody): Promise<DryRunResult> {
  return (await apiRequest(dryRunComputedAttribute, { tenant, body })).data;
}

export async function fetchSummary(tenant: SandboxTenant, attributeId: string, signal?: AbortSignal): Promise<CaSummary> {
  return (await apiRequest(getComputedAttributeSummary, { tenant, params: { attributeId }, signal })).data;
}
