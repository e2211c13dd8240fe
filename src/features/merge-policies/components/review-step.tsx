import Box from '@mui/material/Box';
import Typography from '@mui/material/Typography';
import type { MergePolicy } from '../../../../contracts/merge-policies.ts';
import { JsonViewer } from '../../../components/json-viewer.tsx';
import type { SandboxTenant } from '../../../hooks/use-tenant.ts';
import type { PolicyDataset } from '../api/requests.ts';
import { configRows, draftOf, draftRef, type PolicyDraft } from '../model.ts';
import { ConfigDiff } from './config-diff.tsx';
import { WhatIfPreview } from './what-if-preview.tsx';

export interface ReviewStepProps {
  tenant: SandboxTenant;
  draft: PolicyDraft;
  /** The version being edited (undefined when creating). */
  saved?: MergePolicy;
  /** The sandbox's default policy (what a new policy is compared with). */
  defaultPolicy?: MergePolicy;
  datasets: readonly PolicyDataset[] | undefined;
  /** What will be sent, and where. */
  request: { method: string; path: string; body: unknown };
  /** The draft has validation errors: no preview yet. */
  invalid: boolean;
}

export function ReviewStep({
  tenant,
  draft,
  saved,
  defaultPolicy,
  datasets,
  request,
  invalid,
}: ReviewStepProps) {
  const against = saved ?? defaultPolicy;
  const baselineLabel = saved
    ? 'Saved version'
    : defaultPolicy
      ? `${defaultPolicy.name} (default)`
      : 'Default policy';
  return (
    <Box sx={{ display: 'grid', gap: 3, minWidth: 0 }}>
      <Box component="section" aria-labelledby="mp-review-diff" sx={{ minWidth: 0 }}>
        <Typography id="mp-review-diff" variant="subtitle1" component="h2" sx={{ fontWeight: 600, mb: 1 }}>
          {saved
            ? `Changes against the saved version (version ${saved.version})`
            : 'The new policy next to the current default'}
        </Typography>
        {against ? (
          <ConfigDiff
            label={saved ? 'Changes against the saved version' : 'New policy and the default policy'}
            rows={configRows(draftOf(against), draft, datasets)}
            aLabel={saved ? `Saved (version ${saved.version})` : `${against.name} (default)`}
            bLabel={saved ? 'Your draft' : 'New policy'}
          />
        ) : (
          <Typography variant="body2" color="text.secondary">
            This sandbox has no default policy to compare with.
          </Typography>
        )}
      </Box>
      <Box component="section" aria-labelledby="mp-review-json" sx={{ minWidth: 0 }}>
        <Typography id="mp-review-json" variant="subtitle1" component="h2" sx={{ fontWeight: 600, mb: 1 }}>
          What will be sent
        </Typography>
        <JsonViewer label={`${request.method} ${request.path}`} value={request.body} maxHeight={320} />
      </Box>
      <Box component="section" aria-labelledby="mp-review-preview" sx={{ minWidth: 0 }}>
        <Typography id="mp-review-preview" variant="subtitle1" component="h2" sx={{ fontWeight: 600, mb: 1 }}>
          What-if preview
        </Typography>
        <WhatIfPreview
          tenant={tenant}
          policy={invalid ? undefined : draftRef(draft)}
          baseline={saved ? { mergePolicyId: saved.id } : undefined}
          policyLabel="Draft"
          baselineLabel={baselineLabel}
          notReady={invalid ? 'Fix the errors in the draft to preview it.' : undefined}
        />
      </Box>
    </Box>
  );
}
