// /:sandbox/profiles — look a profile up by any identity, reopen a recent one, or browse a sample.
// URL state: `mergePolicyId` (the selected policy; absent = the default) and `seed` (the Browse sample).
// A lookup opens `/:sandbox/profiles/:namespace/:id?mergePolicyId=`, so every profile is a link.
import { useCallback } from 'react';
import { useLocation, useNavigate, useSearchParams } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import Box from '@mui/material/Box';
import { InlineError } from '../../components/inline-error.tsx';
import { PageHeader } from '../../components/page-header.tsx';
import { useConsoleConfig } from '../../config/console-config.ts';
import { profileQueries } from '../../features/profiles/api/queries.ts';
import { BrowsePanel } from '../../features/profiles/components/browse-panel.tsx';
import { ProfileSearchForm } from '../../features/profiles/components/profile-search-form.tsx';
import { RecentLookupsPanel } from '../../features/profiles/components/recent-lookups-panel.tsx';
import { profilePath } from '../../features/profiles/profile-links.ts';
import { clearRecentLookups, useRecentLookups } from '../../features/profiles/recent-lookups.ts';
import { FOCUS_SEARCH_STATE } from '../../hooks/use-search-shortcut.ts';
import { useTenant } from '../../hooks/use-tenant.ts';

export function ProfileLookupPage() {
  const tenant = useTenant();
  const config = useConsoleConfig();
  const navigate = useNavigate();
  const location = useLocation();
  const [params, setParams] = useSearchParams();
  const namespaces = useQuery(profileQueries.namespaces(tenant));
  const policies = useQuery(profileQueries.mergePolicies(tenant));
  const datasetNames = useQuery(profileQueries.datasetNames(tenant));
  const recent = useRecentLookups(config.orgId, tenant.sandbox);

  const requested = params.get('mergePolicyId') ?? '';
  const defaultPolicy = policies.data?.find((p) => p.default) ?? policies.data?.[0];
  const policy = policies.data?.find((p) => p.id === requested) ?? defaultPolicy;
  const rawSeed = Number(params.get('seed'));
  const seed = Number.isInteger(rawSeed) && rawSeed >= 0 && rawSeed < 2 ** 31 ? rawSeed : 0;
  const autoFocus = Boolean((location.state as Record<string, unknown> | null)?.[FOCUS_SEARCH_STATE]);

  const setParam = useCallback(
    (key: string, value: string | undefined) =>
      setParams(
        (current) => {
          const next = new URLSearchParams(current);
          if (value) next.set(key, value);
          else next.delete(key);
          return next;
        },
        { replace: true },
      ),
    [setParams],
  );

  return (
    <>
      <PageHeader title="Profiles" subtitle="Look up a merged profile by any of its identities and see why every value is what it is." />
      {namespaces.isError && (
        <Box sx={{ mb: 2 }}>
          <InlineError title="Could not load the identity namespaces" error={namespaces.error} onRetry={() => namespaces.refetch()} />
        </Box>
      )}
      {policies.isError && (
        <Box sx={{ mb: 2 }}>
          <InlineError title="Could not load the merge policies" error={policies.error} onRetry={() => policies.refetch()} />
        </Box>
      )}
      <ProfileSearchForm
        namespaces={namespaces.data}
        namespacesLoading={namespaces.isPending}
        policies={policies.data}
        policiesLoading={policies.isPending}
        policyId={policy?.id ?? ''}
        onPolicyChange={(id) => setParam('mergePolicyId', id === defaultPolicy?.id ? undefined : id)}
        past={recent}
        autoFocus={autoFocus}
        onSubmit={({ namespace, id }) => navigate(profilePath(tenant.sandbox, namespace, id, policy?.id))}
      />
      <Box sx={{ display: 'grid', gap: 2, mt: 2, gridTemplateColumns: { xs: '1fr', lg: 'minmax(280px, 1fr) minmax(0, 2fr)' }, alignItems: 'start' }}>
        <RecentLookupsPanel sandbox={tenant.sandbox} lookups={recent} onClear={() => clearRecentLookups(config.orgId, tenant.sandbox)} />
        <BrowsePanel
          tenant={tenant}
          policy={policy}
          seed={seed}
          onSeedChange={(s) => setParam('seed', String(s))}
          datasetNames={datasetNames.data}
        />
      </Box>
    </>
  );
}
