// The what-if preview of a policy against a baseline: the impact summary over a sample of up to
// 10,000 profiles, and up to 20 chosen profiles merged under both. Runs on the local service's
// merge engine (`/_local/merge-policies/*`); connected to AEP the panel says why it is unavailable.
import { useMemo, useState, type FormEvent } from 'react';
import { useQuery } from '@tanstack/react-query';
import Alert from '@mui/material/Alert';
import AlertTitle from '@mui/material/AlertTitle';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import MenuItem from '@mui/material/MenuItem';
import Paper from '@mui/material/Paper';
import Skeleton from '@mui/material/Skeleton';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import {
  MAX_IMPACT_SAMPLE,
  MAX_PREVIEW_PROFILES,
  type MergePolicyPreviewBody,
  type PolicyRef,
  type PreviewIdentity,
} from '../../../../contracts/merge-policy-preview.ts';
import { InlineError } from '../../../components/inline-error.tsx';
import { useConsoleConfig } from '../../../config/console-config.ts';
import type { SandboxTenant } from '../../../hooks/use-tenant.ts';
import { isApiError } from '../../../lib/api-client.ts';
import { mergePolicyQueries } from '../api/queries.ts';
import { ImpactSummary } from './impact-summary.tsx';
import { ProfileComparison } from './profile-comparison.tsx';

export interface WhatIfPreviewProps {
  tenant: SandboxTenant;
  /** What to preview; undefined while it cannot be previewed (see `notReady`). */
  policy: PolicyRef | undefined;
  /** What to compare with; the default policy when absent. */
  baseline?: PolicyRef;
  policyLabel: string;
  baselineLabel: string;
  /** Why the policy cannot be previewed yet (e.g. the draft has errors). */
  notReady?: string;
}

const sameIdentity = (a: PreviewIdentity, b: PreviewIdentity) =>
  a.namespace.toLowerCase() === b.namespace.toLowerCase() && a.id === b.id;

function Unavailable({ orgId }: { orgId: string }) {
  return (
    <Alert severity="info" role="status">
      <AlertTitle>What-if preview is not available here</AlertTitle>
      The preview merges profiles under an unsaved policy with the local Profile service’s merge engine. This
      console is connected to Adobe Experience Platform (org {orgId}), which has no such preview: save the
      policy, then look profiles up with it on the Profiles page.
    </Alert>
  );
}

export function WhatIfPreview({
  tenant,
  policy,
  baseline,
  policyLabel,
  baselineLabel,
  notReady,
}: WhatIfPreviewProps) {
  const config = useConsoleConfig();
  const aep = config.mode === 'aep';
  const enabled = !aep && policy !== undefined;

  const impactBody = useMemo(
    () =>
      enabled
        ? { policy: policy!, ...(baseline ? { baseline } : {}), sampleSize: MAX_IMPACT_SAMPLE }
        : undefined,
    [enabled, policy, baseline],
  );
  const impact = useQuery(mergePolicyQueries.impact(tenant, impactBody));

  const [namespace, setNamespace] = useState('Email');
  const [value, setValue] = useState('');
  const [chosen, setChosen] = useState<PreviewIdentity[]>([]);
  const [sampleSize, setSampleSize] = useState(5);
  const [request, setRequest] = useState<{ identities: PreviewIdentity[] } | { sample: number } | undefined>(
    undefined,
  );
  const namespaces = useQuery({ ...mergePolicyQueries.namespaces(tenant), enabled: !aep });

  const previewBody = useMemo<MergePolicyPreviewBody | undefined>(
    () =>
      enabled && request ? { policy: policy!, ...(baseline ? { baseline } : {}), ...request } : undefined,
    [enabled, request, policy, baseline],
  );
  const preview = useQuery(mergePolicyQueries.preview(tenant, previewBody));

  const unavailable = aep || [impact.error, preview.error].some((e) => isApiError(e) && e.status === 501);
  if (unavailable) return <Unavailable orgId={config.orgId} />;

  const add = (e: FormEvent) => {
    e.preventDefault();
    const identity = { namespace: namespace.trim(), id: value.trim() };
    if (!identity.namespace || !identity.id || chosen.length >= MAX_PREVIEW_PROFILES) return;
    if (!chosen.some((c) => sameIdentity(c, identity))) setChosen([...chosen, identity]);
    setValue('');
  };
  const previewChosen = (list: PreviewIdentity[]) => {
    const typed = value.trim() ? [...list, { namespace: namespace.trim(), id: value.trim() }] : list;
    const unique = typed
      .filter((c, i) => typed.findIndex((o) => sameIdentity(o, c)) === i)
      .slice(0, MAX_PREVIEW_PROFILES);
    if (unique.length === 0) return;
    setChosen(unique);
    setValue('');
    setRequest({ identities: unique });
  };

  return (
    <Stack spacing={2}>
      {notReady && (
        <Alert severity="warning" role="status">
          {notReady}
        </Alert>
      )}
      <Paper variant="outlined" sx={{ p: 2 }} component="section" aria-label="Impact summary">
        {!enabled ? (
          <Typography variant="body2" color="text.secondary">
            The impact summary runs once the policy can be previewed.
          </Typography>
        ) : impact.isError ? (
          <InlineError
            title="Could not compute the impact summary"
            error={impact.error}
            onRetry={() => impact.refetch()}
          />
        ) : impact.data ? (
          <ImpactSummary
            impact={impact.data}
            policyLabel={policyLabel}
            baselineLabel={baselineLabel}
            refreshing={impact.isFetching}
            onRefresh={() => impact.refetch()}
            onPreviewExamples={(examples) => {
              setChosen(examples);
              setRequest({ identities: examples });
            }}
          />
        ) : (
          <Box role="status" aria-label="Computing the impact summary">
            <Typography variant="subtitle1" component="h3" sx={{ fontWeight: 600 }}>
              Impact summary
            </Typography>
            <Typography variant="caption" color="text.secondary">
              Looking up to {MAX_IMPACT_SAMPLE.toLocaleString()} profiles up under both policies…
            </Typography>
            <Box
              sx={{
                display: 'grid',
                gap: 2,
                gridTemplateColumns: { xs: '1fr 1fr', md: 'repeat(4, 1fr)' },
                mt: 1,
              }}
            >
              {[0, 1, 2, 3].map((i) => (
                <Skeleton key={i} variant="rounded" height={56} />
              ))}
            </Box>
          </Box>
        )}
      </Paper>

      <Paper variant="outlined" sx={{ p: 2 }} component="section" aria-label="Profile preview">
        <Typography variant="subtitle1" component="h3" sx={{ fontWeight: 600 }}>
          Preview profiles
        </Typography>
        <Typography variant="caption" color="text.secondary" component="p" sx={{ mb: 1.5 }}>
          Up to {MAX_PREVIEW_PROFILES} profiles merged under {policyLabel} and under {baselineLabel}: type
          identities, or take a sample (profiles that change come first).
        </Typography>
        <Box
          component="form"
          onSubmit={add}
          sx={{ display: 'flex', gap: 1, flexWrap: 'wrap', alignItems: 'flex-start' }}
        >
          <TextField
            select
            size="small"
            label="Namespace"
            value={namespace}
            onChange={(e) => setNamespace(e.target.value)}
            sx={{ minWidth: 140 }}
            disabled={!enabled}
          >
            {(namespaces.data ?? ['Email']).map((code) => (
              <MenuItem key={code} value={code}>
                {code}
              </MenuItem>
            ))}
          </TextField>
          <TextField
            size="small"
            label="Identity value"
            value={value}
            onChange={(e) => setValue(e.target.value)}
            sx={{ flex: '1 1 220px' }}
            disabled={!enabled}
            slotProps={{ htmlInput: { maxLength: 1024 } }}
          />
          <Button
            type="submit"
            variant="outlined"
            disabled={!enabled || !value.trim() || chosen.length >= MAX_PREVIEW_PROFILES}
          >
            Add
          </Button>
          <Button
            variant="contained"
            disabled={!enabled || (chosen.length === 0 && !value.trim())}
            onClick={() => previewChosen(chosen)}
          >
            Preview
          </Button>
        </Box>
        {chosen.length > 0 && (
          <Box
            sx={{ display: 'flex', gap: 0.75, flexWrap: 'wrap', mt: 1.5 }}
            aria-label="Identities to preview"
            role="list"
          >
            {chosen.map((c) => (
              <Chip
                key={`${c.namespace}:${c.id}`}
                role="listitem"
                size="small"
                label={`${c.namespace}: ${c.id}`}
                onDelete={() => setChosen(chosen.filter((o) => !sameIdentity(o, c)))}
              />
            ))}
          </Box>
        )}
        <Stack direction="row" sx={{ gap: 1, alignItems: 'center', mt: 1.5, flexWrap: 'wrap' }}>
          <Typography variant="body2" color="text.secondary">
            or
          </Typography>
          <TextField
            size="small"
            type="number"
            label="Sample size"
            value={sampleSize}
            onChange={(e) =>
              setSampleSize(
                Math.max(1, Math.min(MAX_PREVIEW_PROFILES, Math.round(Number(e.target.value) || 1))),
              )
            }
            slotProps={{ htmlInput: { min: 1, max: MAX_PREVIEW_PROFILES } }}
            sx={{ width: 120 }}
            disabled={!enabled}
          />
          <Button variant="outlined" disabled={!enabled} onClick={() => setRequest({ sample: sampleSize })}>
            Take a sample
          </Button>
        </Stack>

        <Box sx={{ mt: 2 }} aria-live="polite" aria-busy={preview.isFetching}>
          {preview.isError ? (
            <InlineError
              title="Could not preview the profiles"
              error={preview.error}
              onRetry={() => preview.refetch()}
            />
          ) : preview.isFetching && !preview.data ? (
            <Stack spacing={1} role="status" aria-label="Merging profiles">
              <Skeleton variant="rounded" height={40} />
              <Skeleton variant="rounded" height={120} />
            </Stack>
          ) : preview.data ? (
            preview.data.profiles.length === 0 ? (
              <Typography variant="body2" color="text.secondary">
                No profiles in this sandbox yet.
              </Typography>
            ) : (
              <Stack spacing={1.5}>
                {preview.data.profiles.map((p) => (
                  <ProfileComparison
                    key={`${p.identity.namespace}:${p.identity.id}`}
                    profile={p}
                    policyLabel={policyLabel}
                    baselineLabel={baselineLabel}
                    datasets={preview.data.datasets}
                  />
                ))}
              </Stack>
            )
          ) : null}
        </Box>
      </Paper>
    </Stack>
  );
}
