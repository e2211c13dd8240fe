// /:sandbox/computed-attributes/new and /:sandbox/computed-attributes/:attributeId/edit — the
// builder: name it, pick a function and an event field, add conditions and a lookback; the
// generated PQL is shown (and editable), validated live against the service's parser; dry-run it
// on one profile; save it as a draft or publish it (evaluated at once, then refreshed on its cadence).
import { useMemo, useState, type ReactNode } from 'react';
import { Link as RouterLink, useNavigate, useParams } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Breadcrumbs from '@mui/material/Breadcrumbs';
import Button from '@mui/material/Button';
import FormControlLabel from '@mui/material/FormControlLabel';
import Link from '@mui/material/Link';
import Paper from '@mui/material/Paper';
import Skeleton from '@mui/material/Skeleton';
import Stack from '@mui/material/Stack';
import Switch from '@mui/material/Switch';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import type { ComputedAttribute, CreateComputedAttributeBody, Duration } from '../../../contracts/computed-attributes.ts';
import { ConfirmDialog } from '../../components/confirm-dialog.tsx';
import { InlineError } from '../../components/inline-error.tsx';
import { PageHeader } from '../../components/page-header.tsx';
import { useCreateAttribute, useUpdateAttribute } from '../../features/computed-attributes/api/mutations.ts';
import { caQueries } from '../../features/computed-attributes/api/queries.ts';
import { BuilderForm } from '../../features/computed-attributes/components/builder-form.tsx';
import { DryRunPanel } from '../../features/computed-attributes/components/dry-run-panel.tsx';
import { ExpressionEditor } from '../../features/computed-attributes/components/expression-editor.tsx';
import {
  formatLookback,
  generatePql,
  initialBuilder,
  lookbackProblem,
  nameFromDisplayName,
  nameProblem,
  type BuilderState,
} from '../../features/computed-attributes/pql-builder.ts';
import { useDebounced } from '../../hooks/use-debounced.ts';
import { useTenant, type SandboxTenant } from '../../hooks/use-tenant.ts';

function Section({ title, description, children }: { title: string; description?: ReactNode; children: ReactNode }) {
  return (
    <Paper variant="outlined" component="section" aria-label={title} sx={{ p: { xs: 2, sm: 2.5 }, minWidth: 0 }}>
      <Typography variant="subtitle1" component="h2" sx={{ fontWeight: 600 }}>
        {title}
      </Typography>
      {description && (
        <Typography variant="body2" color="text.secondary" sx={{ mt: 0.5 }}>
          {description}
        </Typography>
      )}
      <Box sx={{ mt: 2 }}>{children}</Box>
    </Paper>
  );
}

const CADENCE: Record<string, string> = { HOURS: 'every hour', DAYS: 'every day', WEEKS: 'every week (Sunday)', MONTHS: 'every month (on the 1st)' };

interface BuilderProps {
  tenant: SandboxTenant;
  /** Editing a draft; absent when creating. */
  existing?: ComputedAttribute;
}

function AttributeBuilder({ tenant, existing }: BuilderProps) {
  const navigate = useNavigate();
  const [displayName, setDisplayName] = useState(existing?.displayName ?? '');
  const [name, setName] = useState(existing?.name ?? '');
  const [nameTouched, setNameTouched] = useState(Boolean(existing));
  const [description, setDescription] = useState(existing?.description ?? '');
  const [keepCurrent, setKeepCurrent] = useState(existing?.keepCurrent ?? false);
  const [builder, setBuilder] = useState<BuilderState>(() =>
    existing ? { ...initialBuilder(), lookback: { count: existing.duration.count, unit: existing.duration.unit as Duration['unit'] } } : initialBuilder(),
  );
  // A stored draft's PQL is shown as written (the builder does not read PQL back).
  const [manual, setManual] = useState(Boolean(existing));
  const [manualText, setManualText] = useState(existing?.expression.value ?? '');
  const [publishOpen, setPublishOpen] = useState(false);
  const [attempted, setAttempted] = useState(false);

  const fieldsQuery = useQuery(caQueries.fields(tenant));
  const fields = useMemo(() => fieldsQuery.data?.fields ?? [], [fieldsQuery.data]);
  const byPath = useMemo(() => new Map(fields.map((f) => [f.path, f])), [fields]);
  const generated = generatePql(builder, byPath);
  const expression = manual ? manualText : generated.text;

  const lookbackError = lookbackProblem(builder.lookback.count, builder.lookback.unit);
  const duration: Duration | undefined = lookbackError ? undefined : { count: builder.lookback.count, unit: builder.lookback.unit };
  const needsField = !manual && builder.fn !== 'count' && !builder.field;
  // nothing to check until the builder names the field to aggregate
  const debouncedExpression = useDebounced(needsField ? '' : expression, 300);
  const debouncedDuration = useDebounced(duration, 300);
  const validation = useQuery(caQueries.validation(tenant, debouncedExpression, debouncedDuration));
  const current = validation.data && debouncedExpression === expression ? validation.data : undefined;
  const stale = !needsField && (debouncedExpression !== expression || validation.isFetching);

  const resolvedName = nameTouched ? name : nameFromDisplayName(displayName);
  const nameError = nameProblem(resolvedName);
  const displayNameError = displayName.trim() ? undefined : 'Required';
  const expressionInvalid = !current || !current.valid || stale;

  const create = useCreateAttribute(tenant);
  const update = useUpdateAttribute(tenant, existing?.id ?? '');
  const saving = create.isPending || update.isPending;
  const saveError = create.error ?? update.error;

  const blocked = displayNameError ?? nameError ?? lookbackError ?? (needsField ? 'Pick the event field to aggregate' : undefined);
  const save = (status: 'DRAFT' | 'NEW') => {
    setAttempted(true);
    if (blocked || !duration) return;
    const body: CreateComputedAttributeBody = {
      name: resolvedName,
      displayName: displayName.trim(),
      description,
      expression: { type: 'PQL', format: 'pql/text', value: expression },
      keepCurrent,
      duration,
      status,
    };
    const done = (a: ComputedAttribute) => navigate(`/${tenant.sandbox}/computed-attributes/${a.id}`);
    if (existing) update.mutate({ ...body, status }, { onSuccess: done, onSettled: () => setPublishOpen(false) });
    else create.mutate(body, { onSuccess: done, onSettled: () => setPublishOpen(false) });
  };

  const switchManual = (on: boolean) => {
    if (on) setManualText(expression);
    setManual(on);
  };

  return (
    <Stack spacing={2.5}>
      <Section title="Name" description="How the attribute is listed, and the field it becomes in profiles.">
        <Stack spacing={2} sx={{ maxWidth: 720 }}>
          <TextField
            label="Display name"
            required
            value={displayName}
            onChange={(e) => setDisplayName(e.target.value)}
            error={attempted && Boolean(displayNameError)}
            helperText={attempted ? displayNameError : undefined}
            size="small"
          />
          <TextField
            label="Name"
            required
            value={resolvedName}
            onChange={(e) => {
              setNameTouched(true);
              setName(e.target.value);
            }}
            error={(attempted || nameTouched) && Boolean(nameError)}
            helperText={(attempted || nameTouched) && nameError ? nameError : `Profiles show it at _northwind.ComputedAttributes.${resolvedName || '<name>'}`}
            size="small"
            slotProps={{ htmlInput: { spellCheck: false, style: { fontFamily: 'monospace' } }, formHelperText: { sx: { overflowWrap: 'anywhere' } } }}
          />
          <TextField label="Description" value={description} onChange={(e) => setDescription(e.target.value)} multiline minRows={2} size="small" />
        </Stack>
      </Section>

      <Section
        title="Definition"
        description={
          fieldsQuery.data && !fieldsQuery.data.complete
            ? `Event fields from ${fieldsQuery.data.scannedEvents.toLocaleString()} of ${fieldsQuery.data.totalEvents.toLocaleString()} events so far…`
            : 'Fields come from the experience events in this sandbox.'
        }
      >
        {fieldsQuery.isError && <InlineError title="Could not load the event fields" error={fieldsQuery.error} onRetry={() => fieldsQuery.refetch()} />}
        {fieldsQuery.data && fieldsQuery.data.fields.length === 0 && (
          <Alert severity="info" sx={{ mb: 2 }}>
            This sandbox has no experience events yet, so there are no fields to aggregate. Ingest events into a Profile-enabled experience event dataset first.
          </Alert>
        )}
        {manual && (
          <Alert severity="info" sx={{ mb: 2 }}>
            The expression is edited by hand: the builder below does not change it. The lookback still applies.
          </Alert>
        )}
        <BuilderForm state={builder} onChange={setBuilder} fields={fields} fieldsLoading={fieldsQuery.isPending} disabled={manual} problems={manual ? [] : generated.problems} />
        <Box sx={{ mt: 3 }}>
          <ExpressionEditor
            value={expression}
            onChange={setManualText}
            manual={manual}
            onManualChange={switchManual}
            validation={current}
            validating={stale}
            hint={needsField ? 'Pick the event field to aggregate.' : undefined}
            validationError={validation.isError ? validation.error : undefined}
          />
        </Box>
      </Section>

      <Section
        title="Refresh"
        description={
          keepCurrent
            ? 'Fast refresh: evaluated every day; the window grows day by day and snaps back at the next week or month start.'
            : `Evaluated at once when published, then ${CADENCE[builder.lookback.unit]}, over the last ${duration ? formatLookback(duration) : '…'} of events.`
        }
      >
        <FormControlLabel control={<Switch checked={keepCurrent} onChange={(e) => setKeepCurrent(e.target.checked)} />} label="Keep current (fast refresh)" />
      </Section>

      <Section title="Dry run" description="Evaluate the expression on one profile — its whole merged profile under the default merge policy. Nothing is saved.">
        <DryRunPanel
          tenant={tenant}
          expression={expression}
          duration={duration}
          blockedReason={lookbackError ? `Fix the lookback first (${lookbackError}).` : current && !current.valid ? 'Fix the expression first.' : undefined}
        />
      </Section>

      {saveError && <InlineError title="The computed attribute was not saved" error={saveError} />}
      {attempted && blocked && <Alert severity="warning">{blocked}</Alert>}
      <Stack direction={{ xs: 'column-reverse', sm: 'row' }} spacing={1.5} sx={{ justifyContent: 'flex-end' }}>
        <Button component={RouterLink} to={existing ? `/${tenant.sandbox}/computed-attributes/${existing.id}` : `/${tenant.sandbox}/computed-attributes`} disabled={saving}>
          Cancel
        </Button>
        <Button variant="outlined" onClick={() => save('DRAFT')} disabled={saving}>
          Save as draft
        </Button>
        <Button
          variant="contained"
          onClick={() => {
            setAttempted(true);
            if (!blocked) setPublishOpen(true);
          }}
          disabled={saving || expressionInvalid}
        >
          Publish
        </Button>
      </Stack>
      <ConfirmDialog
        open={publishOpen}
        title="Publish this computed attribute?"
        description={
          <>
            <strong>{displayName || resolvedName}</strong> is evaluated for every profile at once, then refreshed {keepCurrent ? 'every day' : CADENCE[builder.lookback.unit]}. Once published its
            definition cannot change; it can only be disabled.
          </>
        }
        confirmLabel="Publish"
        pending={saving}
        error={saveError}
        onConfirm={() => save('NEW')}
        onClose={() => setPublishOpen(false)}
      />
    </Stack>
  );
}

function Header({ tenant, title, subtitle }: { tenant: SandboxTenant; title: string; subtitle: string }) {
  return (
    <PageHeader
      overline={
        <Breadcrumbs aria-label="Breadcrumb" sx={{ mb: 0.5 }}>
          <Link component={RouterLink} to={`/${tenant.sandbox}/computed-attributes`} underline="hover" color="inherit">
            Computed attributes
          </Link>
          <Typography color="text.primary">{title}</Typography>
        </Breadcrumbs>
      }
      title={title}
      subtitle={subtitle}
    />
  );
}

export function NewAttributePage() {
  const tenant = useTenant();
  return (
    <>
      <Header tenant={tenant} title="New computed attribute" subtitle="Aggregate the experience events of each profile into one attribute." />
      <AttributeBuilder tenant={tenant} />
    </>
  );
}

export function EditAttributePage() {
  const tenant = useTenant();
  const { attributeId = '' } = useParams();
  const attribute = useQuery({ ...caQueries.detail(tenant, attributeId), refetchInterval: false });
  if (attribute.isError) {
    return (
      <>
        <Header tenant={tenant} title="Edit computed attribute" subtitle="" />
        <InlineError title="Could not load the computed attribute" error={attribute.error} onRetry={() => attribute.refetch()} />
      </>
    );
  }
  if (!attribute.data) return <Skeleton variant="rounded" height={420} />;
  const a = attribute.data;
  return (
    <>
      <Header tenant={tenant} title={`Edit ${a.displayName}`} subtitle="A draft: everything can still change until it is published." />
      {a.status !== 'DRAFT' ? (
        <Alert
          severity="info"
          action={
            <Button component={RouterLink} to={`/${tenant.sandbox}/computed-attributes/${a.id}`} color="inherit" size="small">
              Open it
            </Button>
          }
        >
          {a.displayName} is {a.status.toLowerCase()}: only drafts can be edited. A published attribute can only be disabled.
        </Alert>
      ) : (
        <AttributeBuilder key={a.id} tenant={tenant} existing={a} />
      )}
    </>
  );
}
