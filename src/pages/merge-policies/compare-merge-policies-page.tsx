// /:sandbox/merge-policies/compare?a=<id>&b=<id> — two saved policies side by side: their
// configurations, the impact of A against B, and chosen profiles merged under both. B defaults to
// the default policy, so "compare" on one policy previews it against what lookups use today.
import { Link as RouterLink, useSearchParams } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import Box from '@mui/material/Box';
import Breadcrumbs from '@mui/material/Breadcrumbs';
import IconButton from '@mui/material/IconButton';
import Link from '@mui/material/Link';
import MenuItem from '@mui/material/MenuItem';
import Paper from '@mui/material/Paper';
import Skeleton from '@mui/material/Skeleton';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Tooltip from '@mui/material/Tooltip';
import Typography from '@mui/material/Typography';
import SwapHorizIcon from '@mui/icons-material/SwapHoriz';
import type { MergePolicy } from '../../../contracts/merge-policies.ts';
import { EmptyState } from '../../components/empty-state.tsx';
import { InlineError } from '../../components/inline-error.tsx';
import { PageHeader } from '../../components/page-header.tsx';
import { mergePolicyQueries } from '../../features/merge-policies/api/queries.ts';
import { ConfigDiff } from '../../features/merge-policies/components/config-diff.tsx';
import { WhatIfPreview } from '../../features/merge-policies/components/what-if-preview.tsx';
import { configRows, draftOf } from '../../features/merge-policies/model.ts';
import { useTenant } from '../../hooks/use-tenant.ts';

const label = (p: MergePolicy) => `${p.name}${p.default ? ' (default)' : ''}`;

export function CompareMergePoliciesPage() {
  const tenant = useTenant();
  const [params, setParams] = useSearchParams();
  const all = useQuery(mergePolicyQueries.all(tenant));
  const datasets = useQuery(mergePolicyQueries.datasets(tenant));
  const policies = all.data ?? [];
  const byId = (id: string | null) => policies.find((p) => p.id === id);
  const fallbackB = policies.find((p) => p.default) ?? policies[0];
  const b = byId(params.get('b')) ?? fallbackB;
  const a = byId(params.get('a')) ?? policies.find((p) => p.id !== b?.id);

  const choose = (key: 'a' | 'b', id: string) =>
    setParams((current) => {
      const next = new URLSearchParams(current);
      next.set(key, id);
      return next;
    });
  const swap = () => {
    if (!a || !b) return;
    setParams(new URLSearchParams({ a: b.id, b: a.id }));
  };

  const header = (
    <PageHeader
      overline={
        <Breadcrumbs aria-label="Breadcrumb" sx={{ mb: 0.5 }}>
          <Link
            component={RouterLink}
            to={`/${tenant.sandbox}/merge-policies`}
            underline="hover"
            color="inherit"
            variant="body2"
          >
            Merge policies
          </Link>
          <Typography variant="body2" color="text.primary">
            Compare
          </Typography>
        </Breadcrumbs>
      }
      title="Compare merge policies"
      subtitle="Two saved policies side by side, and what changes for profiles when B is replaced by A"
    />
  );

  if (all.isError) {
    return (
      <>
        {header}
        <InlineError
          title="Could not load the merge policies"
          error={all.error}
          onRetry={() => all.refetch()}
        />
      </>
    );
  }
  if (!all.data) {
    return (
      <>
        {header}
        <Skeleton variant="rounded" height={240} />
      </>
    );
  }
  if (!a || !b || a.id === b.id) {
    return (
      <>
        {header}
        <EmptyState
          title="Nothing to compare yet"
          description="This sandbox has one merge policy. Create another to compare them."
        />
      </>
    );
  }

  const picker = (key: 'a' | 'b', value: MergePolicy, text: string) => (
    <TextField
      select
      size="small"
      label={text}
      value={value.id}
      onChange={(e) => choose(key, e.target.value)}
      sx={{ flex: '1 1 240px', minWidth: 0 }}
    >
      {policies.map((p) => (
        <MenuItem key={p.id} value={p.id} disabled={p.id === (key === 'a' ? b.id : a.id)}>
          {label(p)}
        </MenuItem>
      ))}
    </TextField>
  );

  return (
    <>
      {header}
      <Stack spacing={3}>
        <Paper variant="outlined" sx={{ p: 2 }}>
          <Stack direction="row" sx={{ gap: 1, alignItems: 'center', flexWrap: 'wrap' }}>
            {picker('a', a, 'Policy A')}
            <Tooltip title="Swap A and B">
              <IconButton aria-label="Swap A and B" onClick={swap}>
                <SwapHorizIcon />
              </IconButton>
            </Tooltip>
            {picker('b', b, 'Policy B')}
          </Stack>
        </Paper>
        <Box component="section" aria-labelledby="mp-compare-config">
          <Typography
            id="mp-compare-config"
            variant="subtitle1"
            component="h2"
            sx={{ fontWeight: 600, mb: 1 }}
          >
            Configuration
          </Typography>
          <ConfigDiff
            label="Configuration of A and B"
            rows={configRows(draftOf(a), draftOf(b), datasets.data)}
            aLabel={`A: ${label(a)}`}
            bLabel={`B: ${label(b)}`}
          />
        </Box>
        <Box component="section" aria-labelledby="mp-compare-preview">
          <Typography
            id="mp-compare-preview"
            variant="subtitle1"
            component="h2"
            sx={{ fontWeight: 600, mb: 1 }}
          >
            What-if preview
          </Typography>
          <WhatIfPreview
            tenant={tenant}
            policy={{ mergePolicyId: a.id }}
            baseline={{ mergePolicyId: b.id }}
            policyLabel={`A: ${a.name}`}
            baselineLabel={`B: ${b.name}`}
          />
        </Box>
      </Stack>
    </>
  );
}
