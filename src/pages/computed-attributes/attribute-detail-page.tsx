// /:sandbox/computed-attributes/:attributeId — one computed attribute: its definition, its
// evaluation (live progress while it runs, the last run's figures, the next refresh), the value
// distribution with the top profiles, and the lifecycle actions (edit/publish/delete a draft,
// disable a published one).
import { useState } from 'react';
import { Link as RouterLink, useNavigate, useParams } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Breadcrumbs from '@mui/material/Breadcrumbs';
import Button from '@mui/material/Button';
import LinearProgress from '@mui/material/LinearProgress';
import Link from '@mui/material/Link';
import Skeleton from '@mui/material/Skeleton';
import Stack from '@mui/material/Stack';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import BlockIcon from '@mui/icons-material/Block';
import DeleteOutlineIcon from '@mui/icons-material/DeleteOutlined';
import EditOutlinedIcon from '@mui/icons-material/EditOutlined';
import PublishIcon from '@mui/icons-material/Publish';
import type { ComputedAttribute } from '../../../contracts/computed-attributes.ts';
import { ConfirmDialog } from '../../components/confirm-dialog.tsx';
import { CopyButton } from '../../components/copy-button.tsx';
import { EmptyState } from '../../components/empty-state.tsx';
import { InlineError } from '../../components/inline-error.tsx';
import { PageHeader } from '../../components/page-header.tsx';
import { RelativeTime, formatAbsolute } from '../../components/relative-time.tsx';
import { useDeleteAttribute, useUpdateAttribute } from '../../features/computed-attributes/api/mutations.ts';
import { caQueries, isEvaluating } from '../../features/computed-attributes/api/queries.ts';
import { AttributeStatusChip } from '../../features/computed-attributes/components/attribute-status-chip.tsx';
import { formatValue } from '../../features/computed-attributes/components/dry-run-panel.tsx';
import { ValueDistributionChart } from '../../features/computed-attributes/components/value-distribution-chart.tsx';
import { MERGE_FUNCTION_LABELS, evaluationMs, formatLookback } from '../../features/computed-attributes/pql-builder.ts';
import { profilePath } from '../../features/profiles/profile-links.ts';
import { useTenant, type SandboxTenant } from '../../hooks/use-tenant.ts';
import { isApiError } from '../../lib/api-client.ts';
import { formatCount, plural } from '../../lib/format.ts';
import { DetailField, DetailSection } from '../../components/detail-section.tsx';

const fieldGrid = { display: 'grid', gridTemplateColumns: { xs: '1fr', sm: 'minmax(130px, max-content) 1fr' }, columnGap: 3, rowGap: 1, m: 0 } as const;

function Definition({ a }: { a: ComputedAttribute }) {
  return (
    <DetailSection title="Definition">
      <Box
        component="pre"
        aria-label="PQL expression"
        sx={{ m: 0, mb: 2, p: 1.5, bgcolor: 'action.hover', borderRadius: 1, fontSize: 13, whiteSpace: 'pre-wrap', overflowWrap: 'anywhere', position: 'relative', pr: 5 }}
      >
        {a.expression.value}
        <Box sx={{ position: 'absolute', top: 4, right: 4 }}>
          <CopyButton text={a.expression.value} label="Copy the expression" />
        </Box>
      </Box>
      <Box component="dl" sx={fieldGrid}>
        <DetailField label="Function">
          {MERGE_FUNCTION_LABELS[a.mergeFunction.value] ?? a.mergeFunction.value} · returns {a.returnSchema?.['meta:xdmType'] ?? '—'}
        </DetailField>
        <DetailField label="Lookback">{formatLookback(a.duration)}</DetailField>
        <DetailField label="Fast refresh">{a.keepCurrent ? 'On (evaluated daily)' : 'Off'}</DetailField>
        <DetailField label="Profile field">
          <code>{[...a.positionPath, a.name].join('.')}</code>
        </DetailField>
        {a.description && <DetailField label="Description">{a.description}</DetailField>}
        <DetailField label="Created">
          <RelativeTime value={a.createEpoch} /> by {a.createdBy ?? '—'}
        </DetailField>
        <DetailField label="Updated">
          <RelativeTime value={a.updateEpoch} />
        </DetailField>
        <DetailField label="Id">
          <Box component="span" sx={{ fontFamily: 'monospace' }}>
            {a.id}
          </Box>
          <CopyButton text={a.id} label="Copy the id" />
        </DetailField>
      </Box>
    </DetailSection>
  );
}

function Evaluation({ a }: { a: ComputedAttribute }) {
  const e = a.evaluation;
  const job = e?.job;
  const last = evaluationMs(a.lastEvaluationTs);
  return (
    <DetailSection title="Evaluation">
      {(a.status === 'DRAFT' || a.status === 'DISABLED') && (
        <Typography variant="body2" color="text.secondary" sx={{ mb: 1.5 }}>
          {a.status === 'DRAFT' ? 'A draft is not evaluated. Publish it to compute it for every profile.' : 'Disabled: no longer evaluated, and its values are gone from profiles.'}
        </Typography>
      )}
      {a.status === 'FAILED' && e?.error && (
        <Alert severity="error" sx={{ mb: 1.5 }}>
          {e.error}
        </Alert>
      )}
      {job && (
        <Box sx={{ mb: 2 }} data-testid="evaluation-progress">
          <Typography variant="body2" sx={{ mb: 0.5 }}>
            {job.status === 'queued'
              ? 'Waiting for its turn…'
              : `Evaluating: ${formatCount(job.done)}${job.total !== null ? ` of ${formatCount(job.total)}` : ''} events`}
          </Typography>
          <LinearProgress
            variant={job.total ? 'determinate' : 'indeterminate'}
            value={job.total ? Math.min(100, (job.done / job.total) * 100) : undefined}
            aria-label="Evaluation progress"
          />
        </Box>
      )}
      <Box component="dl" sx={fieldGrid}>
        <DetailField label="Last evaluated">
          {last !== undefined ? (
            <>
              <RelativeTime value={last} /> <Typography component="span" variant="caption" color="text.secondary">({formatAbsolute(new Date(last))}; events up to then)</Typography>
            </>
          ) : (
            'Not yet'
          )}
        </DetailField>
        {e?.lastRun && (
          <>
            <DetailField label="Window">
              {formatAbsolute(new Date(e.lastRun.fromEpoch))} – {formatAbsolute(new Date(e.lastRun.toEpoch))}
            </DetailField>
            <DetailField label="Last run">
              {plural(e.lastRun.eventsEvaluated, 'event')} evaluated, {plural(e.lastRun.profilesWithValue, 'profile')} with a value, in{' '}
              {(e.lastRun.durationMs / 1000).toFixed(1)} s
            </DetailField>
          </>
        )}
        {e?.nextEvaluationEpoch != null && (
          <DetailField label="Next refresh">
            <RelativeTime value={e.nextEvaluationEpoch} />
          </DetailField>
        )}
      </Box>
    </DetailSection>
  );
}

function Values({ tenant, a }: { tenant: SandboxTenant; a: ComputedAttribute }) {
  const summary = useQuery(caQueries.summary(tenant, a.id, a.lastEvaluationTs));
  const xdmType = a.returnSchema?.['meta:xdmType'] ?? 'number';
  const asOf = evaluationMs(a.lastEvaluationTs);
  if (a.lastEvaluationTs === '') {
    return (
      <DetailSection title="Values">
        <Typography variant="body2" color="text.secondary">
          {isEvaluating(a) ? 'The distribution appears once the first evaluation has finished.' : 'Not evaluated yet.'}
        </Typography>
      </DetailSection>
    );
  }
  return (
    <DetailSection
      title="Values"
      action={
        asOf !== undefined && (
          <Typography variant="caption" color="text.secondary">
            as of {formatAbsolute(new Date(asOf))}
          </Typography>
        )
      }
    >
      {summary.isError ? (
        <InlineError title="Could not load the value distribution" error={summary.error} onRetry={() => summary.refetch()} />
      ) : !summary.data ? (
        <Skeleton variant="rounded" height={260} />
      ) : summary.data.profilesWithValue === 0 ? (
        <EmptyState title="No profile has a value" description="No event in the lookback window matched the condition." />
      ) : (
        <Stack spacing={2}>
          <Typography variant="body2">
            <strong>{formatCount(summary.data.profilesWithValue)}</strong> {summary.data.profilesWithValue === 1 ? 'profile has' : 'profiles have'} a value
            {a.mergeFunction.value === 'COUNT' && ' (profiles without a matching event count 0 and are not charted)'}.
          </Typography>
          <ValueDistributionChart summary={summary.data} xdmType={xdmType} />
          <Box>
            <Typography variant="subtitle2" component="h3" sx={{ mb: 1 }}>
              {summary.data.distribution.kind === 'numeric' ? 'Profiles with the highest values' : 'Sample profiles'}
            </Typography>
            <Table size="small" aria-label="Sample profiles">
              <TableHead>
                <TableRow>
                  <TableCell>Profile</TableCell>
                  <TableCell align="right">Value</TableCell>
                </TableRow>
              </TableHead>
              <TableBody>
                {summary.data.samples.map((s) => (
                  <TableRow key={s.entityId}>
                    <TableCell sx={{ overflowWrap: 'anywhere' }}>
                      <Link component={RouterLink} to={profilePath(tenant.sandbox, s.namespace, s.id)}>
                        {s.id}
                      </Link>
                      <Typography component="span" variant="caption" color="text.secondary" sx={{ ml: 1, whiteSpace: 'nowrap' }}>
                        {s.namespace}
                      </Typography>
                    </TableCell>
                    <TableCell align="right">{formatValue(s.value, xdmType)}</TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </Box>
        </Stack>
      )}
    </DetailSection>
  );
}

function Actions({ tenant, a }: { tenant: SandboxTenant; a: ComputedAttribute }) {
  const navigate = useNavigate();
  const [confirm, setConfirm] = useState<'publish' | 'disable' | 'delete' | null>(null);
  const update = useUpdateAttribute(tenant, a.id);
  const remove = useDeleteAttribute(tenant, a.id);
  const published = a.status !== 'DRAFT' && a.status !== 'DISABLED';
  const close = () => {
    setConfirm(null);
    update.reset();
    remove.reset();
  };
  return (
    <>
      {a.status === 'DRAFT' && (
        <>
          <Button startIcon={<EditOutlinedIcon />} component={RouterLink} to="edit">
            Edit
          </Button>
          <Button startIcon={<DeleteOutlineIcon />} color="error" onClick={() => setConfirm('delete')}>
            Delete
          </Button>
          <Button variant="contained" startIcon={<PublishIcon />} onClick={() => setConfirm('publish')}>
            Publish
          </Button>
        </>
      )}
      {published && (
        <Button variant="outlined" color="error" startIcon={<BlockIcon />} onClick={() => setConfirm('disable')}>
          Disable
        </Button>
      )}
      <ConfirmDialog
        open={confirm === 'publish'}
        title="Publish this computed attribute?"
        description={<>It is evaluated for every profile at once, then refreshed on its cadence. Once published its definition cannot change; it can only be disabled.</>}
        confirmLabel="Publish"
        pending={update.isPending}
        error={update.error}
        onConfirm={() => update.mutate({ status: 'NEW' }, { onSuccess: () => setConfirm(null) })}
        onClose={close}
      />
      <ConfirmDialog
        open={confirm === 'disable'}
        title={`Disable ${a.displayName}?`}
        description={<>Evaluation stops and the values disappear from profiles. A disabled attribute cannot be published again or deleted; create a new one instead.</>}
        confirmLabel="Disable"
        destructive
        typedConfirmation={a.name}
        pending={update.isPending}
        error={update.error}
        onConfirm={() => update.mutate({ status: 'DISABLED' }, { onSuccess: () => setConfirm(null) })}
        onClose={close}
      />
      <ConfirmDialog
        open={confirm === 'delete'}
        title={`Delete the draft ${a.displayName}?`}
        description="The draft is removed. Nothing was evaluated, so no profile changes."
        confirmLabel="Delete"
        destructive
        pending={remove.isPending}
        error={remove.error}
        onConfirm={() => remove.mutate(undefined, { onSuccess: () => navigate(`/${tenant.sandbox}/computed-attributes`) })}
        onClose={close}
      />
    </>
  );
}

export function AttributeDetailPage() {
  const tenant = useTenant();
  const { attributeId = '' } = useParams();
  const attribute = useQuery(caQueries.detail(tenant, attributeId));
  const breadcrumbs = (title: string) => (
    <Breadcrumbs aria-label="Breadcrumb" sx={{ mb: 0.5 }}>
      <Link component={RouterLink} to={`/${tenant.sandbox}/computed-attributes`} underline="hover" color="inherit">
        Computed attributes
      </Link>
      <Typography color="text.primary" sx={{ overflowWrap: 'anywhere' }}>
        {title}
      </Typography>
    </Breadcrumbs>
  );
  if (attribute.isError) {
    const notFound = isApiError(attribute.error) && attribute.error.status === 404;
    return (
      <>
        <PageHeader overline={breadcrumbs(attributeId)} title={notFound ? 'Computed attribute not found' : 'Computed attribute'} />
        {notFound ? (
          <EmptyState
            title="No computed attribute with this id in this sandbox"
            description="It may have been a draft that was deleted, or it lives in another sandbox."
            action={
              <Button component={RouterLink} to={`/${tenant.sandbox}/computed-attributes`}>
                All computed attributes
              </Button>
            }
          />
        ) : (
          <InlineError title="Could not load the computed attribute" error={attribute.error} onRetry={() => attribute.refetch()} />
        )}
      </>
    );
  }
  if (!attribute.data) {
    return (
      <Stack spacing={2}>
        <Skeleton variant="text" width={320} height={48} />
        <Skeleton variant="rounded" height={220} />
        <Skeleton variant="rounded" height={280} />
      </Stack>
    );
  }
  const a = attribute.data;
  return (
    <>
      <PageHeader
        overline={breadcrumbs(a.displayName)}
        title={
          <Stack direction="row" spacing={1.5} sx={{ alignItems: 'center', flexWrap: 'wrap', rowGap: 1 }} component="span">
            <span>{a.displayName}</span>
            <AttributeStatusChip status={a.status} />
          </Stack>
        }
        subtitle={
          <Box component="span" sx={{ fontFamily: 'monospace' }}>
            {a.name}
          </Box>
        }
        actions={<Actions tenant={tenant} a={a} />}
      />
      <Box sx={{ display: 'grid', gap: 2, gridTemplateColumns: { xs: '1fr', lg: 'minmax(0, 5fr) minmax(0, 4fr)' }, alignItems: 'start' }}>
        {/* the values lead once there are some; until then the definition does */}
        <Stack spacing={2} sx={{ minWidth: 0 }}>
          {a.lastEvaluationTs ? <Values tenant={tenant} a={a} /> : <Definition a={a} />}
        </Stack>
        <Stack spacing={2} sx={{ minWidth: 0 }}>
          <Evaluation a={a} />
          {a.lastEvaluationTs && <Definition a={a} />}
        </Stack>
      </Box>
    </>
  );
}
