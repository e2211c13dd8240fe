// The merge policy editor, for creating and for editing: Configure → Profile datasets → Experience
// event datasets → Review (diff, the JSON that will be sent, the what-if preview). The API's rules
// are checked before sending; the API's own answer shows inline. Edits are PATCHed with the version
// that was loaded as a precondition, so a concurrent change is refused (409) and shown — never
// silently overwritten. Leaving with unsaved changes asks first.
import { useEffect, useMemo, useRef, useState } from 'react';
import { useBlocker } from 'react-router';
import { useQueryClient } from '@tanstack/react-query';
import Alert from '@mui/material/Alert';
import AlertTitle from '@mui/material/AlertTitle';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogContentText from '@mui/material/DialogContentText';
import DialogTitle from '@mui/material/DialogTitle';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import Step from '@mui/material/Step';
import StepButton from '@mui/material/StepButton';
import StepLabel from '@mui/material/StepLabel';
import Stepper from '@mui/material/Stepper';
import Typography from '@mui/material/Typography';
import type { DatasetStats } from '../../../../contracts/local.ts';
import {
  MAX_MERGE_POLICIES,
  MERGE_POLICIES,
  type MergePolicy,
} from '../../../../contracts/merge-policies.ts';
import { InlineError } from '../../../components/inline-error.tsx';
import { RelativeTime } from '../../../components/relative-time.tsx';
import type { SandboxTenant } from '../../../hooks/use-tenant.ts';
import { isApiError } from '../../../lib/api-client.ts';
import { useCreateMergePolicy, usePatchMergePolicy } from '../api/mutations.ts';
import { mergePolicyKeys } from '../api/queries.ts';
import type { PolicyDataset } from '../api/requests.ts';
import {
  configRows,
  createBody,
  draftOf,
  isDirty,
  patchOps,
  splitOrder,
  validateDraft,
  type DraftField,
  type PolicyDraft,
} from '../model.ts';
import { ConfigDiff } from './config-diff.tsx';
import { ConfigureStep } from './configure-step.tsx';
import { DatasetOrderList } from './dataset-order-list.tsx';
import { EventDatasetsStep } from './event-datasets-step.tsx';
import { ReviewStep } from './review-step.tsx';

export const EDITOR_STEPS = ['Configure', 'Profile datasets', 'Event datasets', 'Review'] as const;
const STEP_FIELDS: DraftField[][] = [
  ['name', 'isDefault', 'isActiveOnEdge', 'limit'],
  ['order'],
  ['eventDatasets'],
  [],
];
const ALL_FIELDS = STEP_FIELDS.flat();

export interface PolicyEditorProps {
  tenant: SandboxTenant;
  /** The policy as loaded when editing started; undefined when creating. */
  saved?: MergePolicy;
  /** The latest version the service answered (refetched), to notice concurrent changes; null when it was deleted. */
  latest?: MergePolicy | null;
  /** Where the draft starts (a blank policy, a copy, or the saved policy). */
  initial: PolicyDraft;
  /** Every policy of the sandbox. */
  policies: readonly MergePolicy[];
  datasets: readonly PolicyDataset[] | undefined;
  counts: DatasetStats | undefined;
  onSaved: (policy: MergePolicy) => void;
  onCancel: () => void;
  /** Discards the draft and starts again from the latest saved version. */
  onReload: () => void;
}

export function PolicyEditor({
  tenant,
  saved,
  latest,
  initial,
  policies,
  datasets,
  counts,
  onSaved,
  onCancel,
  onReload,
}: PolicyEditorProps) {
  const queryClient = useQueryClient();
  const [draft, setDraft] = useState<PolicyDraft>(initial);
  const [step, setStep] = useState(0);
  const [touched, setTouched] = useState<Set<DraftField>>(() => new Set());
  const [showTheirs, setShowTheirs] = useState(false);
  const create = useCreateMergePolicy(tenant);
  const patch = usePatchMergePolicy(tenant);
  const saving = create.isPending || patch.isPending;
  const saveError = saved ? patch.error : create.error;
  const leaving = useRef(false);

  const errors = useMemo(
    () => validateDraft(draft, { saved, policies, datasets }),
    [draft, saved, policies, datasets],
  );
  const visible = Object.fromEntries(
    Object.entries(errors).filter(([field]) => touched.has(field as DraftField)),
  );
  const stepHasError = (i: number) => STEP_FIELDS[i].some((f) => touched.has(f) && errors[f]);
  const invalid = Object.keys(errors).length > 0;
  const dirty = isDirty(draft, initial);
  const ops = saved ? patchOps(saved, draft) : [];
  const conflict =
    saved !== undefined && latest !== undefined && (latest === null || latest.version !== saved.version);
  const defaultPolicy = policies.find((p) => p.default);
  // The order holds the ranked Profile datasets, then the included event datasets.
  const { records, events } = splitOrder(draft.order, datasets);

  // Unsaved changes: ask before leaving the editor (in-app navigation and closing the tab).
  const blocker = useBlocker(
    ({ currentLocation, nextLocation }) =>
      dirty && !leaving.current && currentLocation.pathname !== nextLocation.pathname,
  );
  useEffect(() => {
    if (!dirty) return;
    const warn = (e: BeforeUnloadEvent) => e.preventDefault();
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [dirty]);

  const change = (p: Partial<PolicyDraft>) => {
    setDraft((d) => ({ ...d, ...p }));
    const fields = Object.keys(p).filter((k): k is DraftField => (ALL_FIELDS as string[]).includes(k));
    if (fields.length) setTouched((t) => new Set([...t, ...fields]));
  };
  const touch = (fields: DraftField[]) => setTouched((t) => new Set([...t, ...fields]));
  /** Jumps to a step; the steps passed over show their errors. */
  const goTo = (next: number) => {
    touch(STEP_FIELDS.slice(0, Math.max(step + 1, next)).flat());
    setStep(next);
  };
  /** Next: only when this step is valid. */
  const advance = () => {
    touch(STEP_FIELDS[step]);
    if (STEP_FIELDS[step].some((f) => errors[f] && f !== 'limit')) return;
    setStep(step + 1);
  };

  const request = saved
    ? {
        method: 'PATCH',
        path: `${MERGE_POLICIES}/${saved.id}`,
        body: [{ op: 'add', path: '/version', value: saved.version }, ...ops],
      }
    : { method: 'POST', path: MERGE_POLICIES, body: createBody(draft) };

  const save = async () => {
    touch(ALL_FIELDS);
    if (invalid) {
      const first = STEP_FIELDS.findIndex((fields) => fields.some((f) => errors[f]));
      if (first >= 0) setStep(first);
      return;
    }
    try {
      const result = saved
        ? await patch.mutateAsync({ id: saved.id, version: saved.version, ops })
        : await create.mutateAsync(createBody(draft));
      leaving.current = true;
      onSaved(result);
    } catch (e) {
      // A dataset may have gone or a policy changed meanwhile: refetch what the rules read.
      if (isApiError(e))
        void queryClient.invalidateQueries({ queryKey: mergePolicyKeys.datasets(tenant.sandbox) });
    }
  };

  const last = step === EDITOR_STEPS.length - 1;
  const nothingToSave = saved !== undefined && ops.length === 0;

  return (
    <Stack spacing={2}>
      {conflict && (
        <Alert
          severity="warning"
          role="alert"
          action={
            <Stack direction="row" spacing={1}>
              {latest && (
                <Button color="inherit" size="small" onClick={() => setShowTheirs((v) => !v)}>
                  {showTheirs ? 'Hide their changes' : 'Show their changes'}
                </Button>
              )}
              <Button color="inherit" size="small" variant="outlined" onClick={onReload}>
                {latest ? 'Reload latest' : 'Back to the list'}
              </Button>
            </Stack>
          }
        >
          <AlertTitle>{latest ? 'Someone else changed this policy' : 'This policy was deleted'}</AlertTitle>
          {latest ? (
            <>
              You opened version {saved!.version}; the saved policy is now version {latest.version} (updated{' '}
              <RelativeTime value={latest.updateEpoch * 1000} />
              ). Saving is refused so their change is not overwritten. Reload to start again from the latest
              version: your unsaved changes are discarded.
            </>
          ) : (
            'It no longer exists in this sandbox, so these changes cannot be saved.'
          )}
        </Alert>
      )}
      {conflict && latest && showTheirs && (
        <ConfigDiff
          label="Their changes"
          rows={configRows(draftOf(saved!), draftOf(latest), datasets)}
          aLabel={`Version ${saved!.version} (you opened)`}
          bLabel={`Version ${latest.version} (saved now)`}
        />
      )}
      {errors.limit && <Alert severity="error">{errors.limit}</Alert>}

      <Paper variant="outlined" sx={{ p: { xs: 1.5, sm: 2 } }}>
        <Stepper nonLinear activeStep={step} alternativeLabel aria-label="Steps">
          {EDITOR_STEPS.map((label, i) => (
            <Step key={label} completed={false}>
              <StepButton onClick={() => goTo(i)}>
                <StepLabel error={stepHasError(i)}>{label}</StepLabel>
              </StepButton>
            </Step>
          ))}
        </Stepper>
      </Paper>

      <Paper
        variant="outlined"
        sx={{ p: { xs: 1.5, sm: 3 }, minWidth: 0 }}
        component="section"
        aria-labelledby="mp-step-title"
      >
        <Typography id="mp-step-title" variant="h6" component="h2" sx={{ mb: 0.5 }}>
          {EDITOR_STEPS[step] === 'Event datasets' ? 'Experience event datasets' : EDITOR_STEPS[step]}
        </Typography>
        <Typography variant="body2" color="text.secondary" sx={{ mb: 2.5 }}>
          {
            [
              'Name the policy and choose how identities are stitched and how conflicting attributes are resolved.',
              draft.attributeMerge === 'dataSetPrecedence'
                ? 'Choose the Profile datasets to merge and their priority. Datasets left out are not merged at all.'
                : 'With timestamp ordering every Profile dataset is merged and the most recent value wins.',
              draft.attributeMerge === 'dataSetPrecedence'
                ? 'Choose the event datasets whose events the profile gets. Events are appended in time order, never merged.'
                : 'With timestamp ordering every Profile-enabled event dataset contributes its events.',
              'Check the changes, what will be sent, and what the policy does to profiles before saving.',
            ][step]
          }
        </Typography>

        {step === 0 && (
          <ConfigureStep
            draft={draft}
            onChange={change}
            errors={visible}
            savedDefault={saved?.default === true}
          />
        )}
        {step === 1 &&
          (draft.attributeMerge === 'dataSetPrecedence' ? (
            <DatasetOrderList
              tenant={tenant}
              datasets={datasets}
              counts={counts}
              order={records}
              onChange={(order) => change({ order: [...order, ...events] })}
              error={visible.order}
            />
          ) : (
            <Alert
              severity="info"
              action={
                <Button
                  color="inherit"
                  size="small"
                  onClick={() => change({ attributeMerge: 'dataSetPrecedence' })}
                >
                  Use dataset precedence
                </Button>
              }
            >
              Timestamp ordered: the fragments of every Profile-enabled dataset are merged, the most recently
              updated value winning. Choose dataset precedence to pick and order datasets.
            </Alert>
          ))}
        {step === 2 && (
          <EventDatasetsStep
            tenant={tenant}
            draft={draft}
            included={events}
            datasets={datasets}
            counts={counts}
            onChange={(included) => {
              // The order is shared with the Profile datasets step: flag this step's field only.
              setDraft((d) => ({ ...d, order: [...splitOrder(d.order, datasets).records, ...included] }));
              touch(['eventDatasets']);
            }}
            onUsePrecedence={() => change({ attributeMerge: 'dataSetPrecedence' })}
            error={visible.eventDatasets}
          />
        )}
        {step === 3 && (
          <ReviewStep
            tenant={tenant}
            draft={draft}
            saved={saved}
            defaultPolicy={defaultPolicy}
            datasets={datasets}
            request={request}
            invalid={Object.keys(errors).some((k) => k !== 'limit')}
          />
        )}

        {last && saveError != null && (
          <Box sx={{ mt: 2 }}>
            <InlineError
              title={saved ? 'Could not save the changes' : 'Could not create the policy'}
              error={saveError}
            />
          </Box>
        )}
        {last && invalid && touched.size > 0 && (
          <Alert severity="error" sx={{ mt: 2 }}>
            Fix these before saving: {Object.values(errors).join(' ')}
          </Alert>
        )}

        <Stack direction="row" sx={{ mt: 3, gap: 1, justifyContent: 'space-between', flexWrap: 'wrap' }}>
          <Button onClick={onCancel} disabled={saving}>
            Cancel
          </Button>
          <Stack direction="row" spacing={1}>
            {step > 0 && (
              <Button onClick={() => setStep(step - 1)} disabled={saving}>
                Back
              </Button>
            )}
            {!last ? (
              <Button variant="contained" onClick={advance}>
                Next
              </Button>
            ) : (
              <Button
                variant="contained"
                onClick={save}
                disabled={
                  saving || conflict || nothingToSave || (!saved && policies.length >= MAX_MERGE_POLICIES)
                }
              >
                {saving
                  ? 'Saving…'
                  : saved
                    ? nothingToSave
                      ? 'No changes to save'
                      : 'Save changes'
                    : 'Create policy'}
              </Button>
            )}
          </Stack>
        </Stack>
      </Paper>

      <Dialog
        open={blocker.state === 'blocked'}
        onClose={() => blocker.reset?.()}
        aria-labelledby="mp-leave-title"
      >
        <DialogTitle id="mp-leave-title">Discard unsaved changes?</DialogTitle>
        <DialogContent>
          <DialogContentText>
            {saved ? `Your changes to "${saved.name}" are not saved.` : 'The new merge policy is not saved.'}{' '}
            Leaving discards them.
          </DialogContentText>
        </DialogContent>
        <DialogActions>
          <Button onClick={() => blocker.reset?.()} autoFocus>
            Keep editing
          </Button>
          <Button color="error" onClick={() => blocker.proceed?.()}>
            Discard changes
          </Button>
        </DialogActions>
      </Dialog>
    </Stack>
  );
}
