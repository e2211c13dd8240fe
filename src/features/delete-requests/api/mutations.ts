// Mutation hooks for delete requests; each owns the cache updates its change causes.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { SandboxTenant } from '../../../hooks/use-tenant.ts';
import { deleteRequestKeys } from './queries.ts';
import { createDeleteRequest, removeDeleteRequest, type DeleteTarget } from './requests.ts';

/** Submits a delete request; resolves with the new request (status NEW). */
export function useCreateDeleteRequest(tenant: SandboxTenant) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (target: DeleteTarget) => createDeleteRequest(tenant, target),
    onSuccess: (request) => {
      queryClient.setQueryData(deleteRequestKeys.detail(tenant.sandbox, request.id), request);
      return queryClient.invalidateQueries({ queryKey: deleteRequestKeys.lists(tenant.sandbox) });
    },
  });
}

/** Removes a finished request's record (or withdraws a NEW one). */
export function useRemoveDeleteRequest(tenant: SandboxTenant) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => removeDeleteRequest(tenant, id),
    onSuccess: (_data, id) => {
      queryClient.removeQueries({ queryKey: deleteRequestKeys.detail(tenant.sandbox, id) });
      return queryClient.invalidateQueries({ queryKey: deleteRequestKeys.lists(tenant.sandbox) });
    },
  });
}
