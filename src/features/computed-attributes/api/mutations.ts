// Mutation hooks for computed attributes; each owns the cache invalidation its change causes.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { ComputedAttribute, CreateComputedAttributeBody, DryRunBody, PatchComputedAttributeBody } from '../../../../contracts/computed-attributes.ts';
import type { SandboxTenant } from '../../../hooks/use-tenant.ts';
import { caKeys } from './queries.ts';
import { createAttributeRequest, deleteAttributeRequest, dryRunRequest, patchAttributeRequest } from './requests.ts';

function useSettle(tenant: SandboxTenant) {
  const queryClient = useQueryClient();
  return (attribute?: ComputedAttribute) => {
    if (attribute) queryClient.setQueryData(caKeys.detail(tenant.sandbox, attribute.id), attribute);
    return queryClient.invalidateQueries({ queryKey: caKeys.lists(tenant.sandbox) });
  };
}

/** Creates an attribute (DRAFT, or NEW to publish at once). */
export function useCreateAttribute(tenant: SandboxTenant) {
  const settle = useSettle(tenant);
  return useMutation({
    mutationFn: (body: CreateComputedAttributeBody) => createAttributeRequest(tenant, body),
    onSuccess: (attribute) => settle(attribute),
  });
}

/** PATCH: edit a draft, publish it (status NEW) or disable (status DISABLED). */
export function useUpdateAttribute(tenant: SandboxTenant, attributeId: string) {
  const settle = useSettle(tenant);
  return useMutation({
    mutationFn: (body: PatchComputedAttributeBody) => patchAttributeRequest(tenant, attributeId, body),
    onSuccess: (attribute) => settle(attribute),
  });
}

/** Deletes a draft. */
export function useDeleteAttribute(tenant: SandboxTenant, attributeId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => deleteAttributeRequest(tenant, attributeId),
    onSuccess: () => {
      // dropped once the page showing it has gone (callers navigate away on success); dropping it
      // while it is on screen would refetch it and answer 404
      setTimeout(() => queryClient.removeQueries({ queryKey: caKeys.detail(tenant.sandbox, attributeId), type: 'inactive' }), 0);
      return queryClient.invalidateQueries({ queryKey: caKeys.lists(tenant.sandbox) });
    },
  });
}

/** Evaluates an expression on one profile (changes nothing). */
export function useDryRun(tenant: SandboxTenant) {
  return useMutation({ mutationFn: (body: DryRunBody) => dryRunRequest(tenant, body) });
}
