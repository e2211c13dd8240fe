// Mutation hooks for merge policies; each owns the cache updates its change causes. A change can
// demote another policy (a new default), so every change refetches all of the sandbox's policies.
import { useMutation, useQueryClient, type QueryClient } from '@tanstack/react-query';
import type {
  CreateMergePolicyBody,
  MergePolicy,
  MergePolicyPatchOperation,
} from '../../../../contracts/merge-policies.ts';
import type { SandboxTenant } from '../../../hooks/use-tenant.ts';
import { mergePolicyKeys } from './queries.ts';
import { createMergePolicyRequest, deleteMergePolicyRequest, patchMergePolicyRequest } from './requests.ts';

function refreshPolicies(queryClient: QueryClient, sandbox: string, changed?: MergePolicy) {
  if (changed) queryClient.setQueryData(mergePolicyKeys.detail(sandbox, changed.id), changed);
  return Promise.all([
    queryClient.invalidateQueries({ queryKey: mergePolicyKeys.lists(sandbox) }),
    queryClient.invalidateQueries({
      queryKey: [sandbox, 'merge-policies', 'detail'],
      predicate: (q) => q.queryKey[3] !== changed?.id,
    }),
    // Profiles, counts and reports read through the default policy.
    queryClient.invalidateQueries({
      predicate: (q) =>
        q.queryKey[0] === sandbox && q.queryKey[1] !== 'merge-policies' && q.queryKey[1] !== 'datasets',
    }),
  ]);
}

export function useCreateMergePolicy(tenant: SandboxTenant) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateMergePolicyBody) => createMergePolicyRequest(tenant, body),
    onSuccess: (policy) => refreshPolicies(queryClient, tenant.sandbox, policy),
  });
}

/** PATCH with `/version` first: answers 409 when the policy changed since `version` was read. */
export function usePatchMergePolicy(tenant: SandboxTenant) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, version, ops }: { id: string; version: number; ops: MergePolicyPatchOperation[] }) =>
      patchMergePolicyRequest(tenant, id, [{ op: 'add', path: '/version', value: version }, ...ops]),
    onSuccess: (policy) => refreshPolicies(queryClient, tenant.sandbox, policy),
    onError: () => refreshPolicies(queryClient, tenant.sandbox),
  });
}

export function useDeleteMergePolicy(tenant: SandboxTenant) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => deleteMergePolicyRequest(tenant, id),
    onSuccess: (_data, id) => {
      queryClient.removeQueries({ queryKey: mergePolicyKeys.detail(tenant.sandbox, id) });
      return refreshPolicies(queryClient, tenant.sandbox);
    },
  });
}
