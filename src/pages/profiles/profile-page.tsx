// /:sandbox/profiles/:namespace/:id?mergePolicyId= — one merged profile, under the merge policy in
// the URL (the sandbox's default when absent). Tabs: Attributes, Why this value, Identities,
// Fragments, Events; the tab and each tab's view state are URL parameters too, so every view is a link.
import { useCallback, useEffect, useMemo, type ReactNode } from 'react';
import { useParams, useSearchParams } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import Box from '@mui/material/Box';
import LinearProgress from '@mui/material/LinearProgress';
import Skeleton from '@mui/material/Skeleton';
import Tab from '@mui/material/Tab';
import Tabs from '@mui/material/Tabs';
import { useConsoleConfig } from '../../config/console-config.ts';
import { profileQueries } from '../../features/profiles/api/queries.ts';
import type { ProfileLookup } from '../../features/profiles/api/requests.ts';
import { AttributesTab, type AttributeLabels, type AttributesView } from '../../features/profiles/components/attributes-tab.tsx';
import { EventsTab } from '../../features/profiles/components/events-tab.tsx';
import { FragmentsTab } from '../../features/profiles/components/fragments-tab.tsx';
import { IdentitiesTab, type IdentitiesView } from '../../features/profiles/components/identities-tab.tsx';
import { MergePolicySelect } from '../../features/profiles/components/merge-policy-select.tsx';
import { keyIdentities, ProfileHeader } from '../../features/profiles/components/profile-header.tsx';
import { ProfileProblem } from '../../features/profiles/components/profile-problem.tsx';
import { WhyTab } from '../../features/profiles/components/why-tab.tsx';
import { readEventUrlState, writeEventUrlState, type EventUrlState } from '../../features/profiles/event-filters.ts';
import { displayNameOf, identitiesOf } from '../../features/profiles/profile-model.ts';
import { addRecentLookup } from '../../features/profiles/recent-lookups.ts';
import { useTenant } from '../../hooks/use-tenant.ts';

const TABS = [
  { value: 'attributes', label: 'Attributes' },
  { value: 'why', label: 'Why this value' },
  { value: 'identities', label: 'Identities' },
  { value: 'fragments', label: 'Fragments' },
  { value: 'events', label: 'Events' },
] as const;
type TabValue = (typeof TABS)[number]['value'];

function TabPanel({ value, current, children }: { value: TabValue; current: TabValue; children: ReactNode }) {
  if (value !== current) return null;
  return (
    <Box role="tabpanel" id={`profile-tabpanel-${value}`} aria-labelledby={`profile-tab-${value}`} sx={{ pt: 2 }}>
      {children}
    </Box>
  );
}

export function ProfilePage() {
  const { namespace = '', id = '' } = useParams();
  const tenant = useTenant();
  const config = useConsoleConfig();
  const [params, setParams] = useSearchParams();
  const mergePolicyId = params.get('mergePolicyId') || undefined;
  const lookup = useMemo<ProfileLookup>(() => ({ namespace, id, mergePolicyId }), [namespace, id, mergePolicyId]);

  const profile = useQuery(profileQueries.detail(tenant, lookup));
  const policies = useQuery(profileQueries.mergePolicies(tenant));
  const datasets = useQuery(profileQueries.datasetNames(tenant));

  const policy = policies.data?.find((p) => p.id === (mergePolicyId ?? profile.data?.entity.mergePolicy?.id)) ?? (mergePolicyId ? undefined : policies.data?.find((p) => p.default));
  const tabParam = params.get('tab');
  const tab: TabValue = TABS.some((t) => t.value === tabParam) ? (tabParam as TabValue) : 'attributes';

  const update = useCallback(
    (patch: Record<string, string | undefined>, replace = true) =>
      setParams(
        (current) => {
          const next = new URLSearchParams(current);
          for (const [k, v] of Object.entries(patch)) {
            if (v) next.set(k, v);
            else next.delete(k);
          }
          return next;
        },
        { replace },
      ),
    [setParams],
  );
  const setPolicy = useCallback((policyId: string) => update({ mergePolicyId: policyId }, false), [update]);

  const data = profile.isPlaceholderData ? profile.data : profile.isSuccess ? profile.data : undefined;
  const entity = data?.entity;
  const name = entity ? displayNameOf(entity.entity) : undefined;

  // Remember a successful lookup (with the profile's name) for the lookup page.
  useEffect(() => {
    if (!profile.isSuccess || profile.isPlaceholderData) return;
    addRecentLookup(config.orgId, tenant.sandbox, { namespace, id, mergePolicyId, label: displayNameOf(profile.data.entity.entity) });
  }, [profile.isSuccess, profile.isPlaceholderData, profile.data, config.orgId, tenant.sandbox, namespace, id, mergePolicyId]);

  const datasetName = useCallback((datasetId: string) => datasets.data?.[datasetId]?.name ?? datasetId, [datasets.data]);
  const identities = useMemo(() => {
    if (!entity) return undefined;
    const list = entity.graph?.identities ?? identitiesOf(entity.entity);
    return keyIdentities(list, namespace);
  }, [entity, namespace]);
  const eventState = useMemo(() => readEventUrlState(params), [params]);
  const setEventState = useCallback((state: EventUrlState) => setParams((current) => writeEventUrlState(current, state), { replace: true }), [setParams]);

  const policySelect = (
    <MergePolicySelect
      size="small"
      policies={policies.data}
      value={policy?.id ?? ''}
      onChange={setPolicy}
      loading={policies.isPending}
    />
  );

  const counts: Partial<Record<TabValue, number>> = entity
    ? {
        attributes: Object.keys(entity.provenance ?? {}).length,
        identities: entity.graph?.identities.length,
        fragments: entity.fragments?.length,
      }
    : {};

  return (
    <>
      <ProfileHeader
        sandbox={tenant.sandbox}
        namespace={namespace}
        id={id}
        title={name ?? id}
        identities={identities}
        xid={data?.xid}
        lastModifiedAt={entity?.lastModifiedAt}
        mergePolicyId={mergePolicyId}
        policySelect={policySelect}
      />
      {profile.isPending ? (
        <Box role="progressbar" aria-label="Loading the profile">
          <Skeleton variant="rounded" height={40} sx={{ mb: 2 }} />
          {Array.from({ length: 8 }, (_, i) => (
            <Skeleton key={i} height={32} />
          ))}
        </Box>
      ) : profile.isError && !data ? (
        <ProfileProblem
          error={profile.error}
          namespace={namespace}
          id={id}
          sandbox={tenant.sandbox}
          policy={policy}
          policies={policies.data}
          onPolicyChange={setPolicy}
          onRetry={() => profile.refetch()}
        />
      ) : entity && data ? (
        <Box sx={{ position: 'relative' }}>
          {profile.isPlaceholderData && (
            <LinearProgress aria-label={`Merging under ${policy?.name ?? 'the selected policy'}`} sx={{ position: 'absolute', top: 0, left: 0, right: 0 }} />
          )}
          <Box sx={{ borderBottom: 1, borderColor: 'divider' }}>
            <Tabs
              value={tab}
              onChange={(_, v: TabValue) => update({ tab: v === 'attributes' ? undefined : v }, false)}
              variant="scrollable"
              scrollButtons="auto"
              allowScrollButtonsMobile
              aria-label="Profile sections"
            >
              {TABS.map((t) => (
                <Tab
                  key={t.value}
                  value={t.value}
                  id={`profile-tab-${t.value}`}
                  aria-controls={`profile-tabpanel-${t.value}`}
                  label={counts[t.value] !== undefined ? `${t.label} (${counts[t.value]})` : t.label}
                />
              ))}
            </Tabs>
          </Box>
          <Box sx={{ opacity: profile.isPlaceholderData ? 0.55 : 1, transition: 'opacity 120ms' }} aria-busy={profile.isPlaceholderData}>
            <TabPanel value="attributes" current={tab}>
              <AttributesTab
                entity={entity.entity}
                provenance={entity.provenance}
                datasetName={datasetName}
                search={params.get('q') ?? ''}
                onSearchChange={(q) => update({ q })}
                labels={(params.get('labels') === 'display' ? 'display' : 'path') as AttributeLabels}
                onLabelsChange={(l) => update({ labels: l === 'display' ? l : undefined })}
                view={(params.get('view') === 'json' ? 'json' : 'tree') as AttributesView}
                onViewChange={(v) => update({ view: v === 'json' ? v : undefined })}
                onWhy={(path) => update({ tab: 'why', path }, false)}
              />
            </TabPanel>
            <TabPanel value="why" current={tab}>
              <WhyTab
                provenance={entity.provenance ?? {}}
                policy={policy}
                datasetName={datasetName}
                path={params.get('path') ?? undefined}
                onPathChange={(path) => update({ path })}
              />
            </TabPanel>
            <TabPanel value="identities" current={tab}>
              <IdentitiesTab
                graph={entity.graph ?? { identities: [], links: [] }}
                centerXid={data.xid}
                policy={policy}
                sandbox={tenant.sandbox}
                mergePolicyId={mergePolicyId}
                datasetName={datasetName}
                view={(params.get('iview') === 'table' ? 'table' : 'graph') as IdentitiesView}
                onViewChange={(v) => update({ iview: v === 'table' ? v : undefined })}
              />
            </TabPanel>
            <TabPanel value="fragments" current={tab}>
              <FragmentsTab fragments={entity.fragments ?? []} datasetName={datasetName} />
            </TabPanel>
            <TabPanel value="events" current={tab}>
              <EventsTab tenant={tenant} lookup={lookup} state={eventState} onStateChange={setEventState} />
            </TabPanel>
          </Box>
        </Box>
      ) : null}
    </>
  );
}
