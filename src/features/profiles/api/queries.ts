// Query-options factories for the profile pages. Every key starts with the sandbox (then `profiles`),
// so one sandbox's profiles never show in another and this feature's lists never share a cache
// entry with another feature's differently shaped data.
import { infiniteQueryOptions, keepPreviousData, queryOptions } from '@tanstack/react-query';
import { isApiError, type ApiError } from '../../../lib/api-client.ts';
import type { SampleProfiles } from '../../../../contracts/local-profiles.ts';
import type { SandboxTenant } from '../../../hooks/use-tenant.ts';
import {
  fetchDatasetNames,
  fetchEvents,
  fetchEventsPage,
  fetchMergePolicies,
  fetchNamespaces,
  fetchProfile,
  fetchSampleProfiles,
  type EventFilters,
  type ProfileLookup,
} from './requests.ts';

export const profileKeys = {
  all: (sandbox: string) => [sandbox, 'profiles'] as const,
  details: (sandbox: string) => [sandbox, 'profiles', 'detail'] as const,
  detail: (sandbox: string, lookup: ProfileLookup) => [sandbox, 'profiles', 'detail', lookup] as const,
  events: (sandbox: string, lookup: ProfileLookup, filters: EventFilters) => [sandbox, 'profiles', 'events', lookup, filters] as const,
  sample: (sandbox: string, mergePolicyId: string | undefined, seed: number) => [sandbox, 'profiles', 'sample', mergePolicyId ?? null, seed] as const,
  namespaces: (sandbox: string) => [sandbox, 'profiles', 'namespaces'] as const,
  mergePolicies: (sandbox: string) => [sandbox, 'profiles', 'merge-policies'] as const,
  datasetNames: (sandbox: string) => [sandbox, 'profiles', 'dataset-names'] as const,
};

export type SampleResult = { kind: 'sample'; sample: SampleProfiles } | { kind: 'unavailable'; error: ApiError };

/** A lookup answer that will not change on a retry: no profile, bad namespace, too many identities. */
const retryable = (failures: number, error: unknown) => failures < 2 && isApiError(error) && (error.status === 0 || error.status >= 500);

/** The Browse endpoint is a local extension: where it is missing, say so once, not on every visit. */
export const isBrowseUnavailable = (error: unknown) => isApiError(error) && (error.status === 404 || error.status === 501);

export const profileQueries = {
  detail: (tenant: SandboxTenant, lookup: ProfileLookup) =>
    queryOptions({
      queryKey: profileKeys.detail(tenant.sandbox, lookup),
      queryFn: ({ signal }) => fetchProfile(tenant, lookup, signal),
      retry: retryable,
      // While another merge policy's answer loads, keep showing this identity (never another one's).
      placeholderData: (previous, previousQuery) => {
        const before = previousQuery?.queryKey[3];
        return before && before.namespace === lookup.namespace && before.id === lookup.id ? previous : undefined;
      },
    }),
  events: (tenant: SandboxTenant, lookup: ProfileLookup, filters: EventFilters) =>
    infiniteQueryOptions({
      queryKey: profileKeys.events(tenant.sandbox, lookup, filters),
      queryFn: ({ pageParam, signal }) => (pageParam ? fetchEventsPage(tenant, pageParam, signal) : fetchEvents(tenant, lookup, filters, signal)),
      initialPageParam: '',
      getNextPageParam: (last) => last._links.next.href || undefined,
      retry: retryable,
    }),
  /** A 404/501 is data (`unavailable`), cached for good: the panel explains it without asking again. */
  sample: (tenant: SandboxTenant, mergePolicyId: string | undefined, seed: number, enabled = true) =>
    queryOptions({
      queryKey: profileKeys.sample(tenant.sandbox, mergePolicyId, seed),
      queryFn: async ({ signal }): Promise<SampleResult> => {
        try {
          return { kind: 'sample', sample: await fetchSampleProfiles(tenant, { mergePolicyId, seed }, signal) };
        } catch (error) {
          if (isBrowseUnavailable(error)) return { kind: 'unavailable', error: error as ApiError };
          throw error;
        }
      },
      retry: retryable,
      placeholderData: keepPreviousData,
      staleTime: (query) => (query.state.data?.kind === 'unavailable' ? Infinity : 60_000),
      enabled,
    }),
  namespaces: (tenant: SandboxTenant) =>
    queryOptions({
      queryKey: profileKeys.namespaces(tenant.sandbox),
      queryFn: ({ signal }) => fetchNamespaces(tenant, signal),
      staleTime: 5 * 60_000,
    }),
  mergePolicies: (tenant: SandboxTenant) =>
    queryOptions({
      queryKey: profileKeys.mergePolicies(tenant.sandbox),
      queryFn: ({ signal }) => fetchMergePolicies(tenant, signal),
      staleTime: 30_000,
    }),
  datasetNames: (tenant: SandboxTenant) =>
    queryOptions({
      queryKey: profileKeys.datasetNames(tenant.sandbox),
      queryFn: ({ signal }) => fetchDatasetNames(tenant, signal),
      staleTime: 60_000,
    }),
};
