import type { ReactNode } from 'react';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import LinearProgress from '@mui/material/LinearProgress';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import RefreshIcon from '@mui/icons-material/Refresh';
import type { MergePolicyImpact } from '../../../../contracts/merge-policy-preview.ts';
import { RelativeTime } from '../../../components/relative-time.tsx';
import { formatCount, plural } from '../../../lib/format.ts';

const percent = (share: number) => `${(share * 100).toFixed(share > 0 && share < 0.001 ? 2 : 1)} %`;

function Figure({ label, value, detail }: { label: string; value: ReactNode; detail?: ReactNode }) {
  return (
    <Box sx={{ minWidth: 0 }}>
      <Typography component="dt" variant="caption" color="text.secondary" sx={{ display: 'block' }}>
        {label}
      </Typography>
      <Typography component="dd" variant="h6" sx={{ m: 0, fontWeight: 600, lineHeight: 1.3 }}>
        {value}
      </Typography>
      {detail && (
        <Typography component="dd" variant="caption" color="text.secondary" sx={{ m: 0, display: 'block' }}>
          {detail}
        </Typography>
      )}
    </Box>
  );
}

export interface ImpactSummaryProps {
  impact: MergePolicyImpact;
  policyLabel: string;
  baselineLabel: string;
  refreshing: boolean;
  onRefresh: () => void;
  /** Loads the sample's changed profiles into the profile preview. */
  onPreviewExamples?: (examples: MergePolicyImpact['examples']) => void;
}

export function ImpactSummary({
  impact,
  policyLabel,
  baselineLabel,
  refreshing,
  onRefresh,
  onPreviewExamples,
}: ImpactSummaryProps) {
  const { sample, counts } = impact;
  const countDetail = (c: MergePolicyImpact['counts']['policy']) =>
    [
      sample.complete ? 'exact' : `estimated; ${formatCount(c.inSample)} in the sample`,
      c.tooManyIdentities > 0
        ? `${plural(c.tooManyIdentities, 'identity', 'identities')} in graphs over 50 identities left out`
        : '',
    ]
      .filter(Boolean)
      .join(' · ');
  const top = impact.topAttributes[0]?.profiles ?? 0;
  return (
    <Box>
      <Stack
        direction="row"
        sx={{ alignItems: 'flex-start', justifyContent: 'space-between', gap: 1, flexWrap: 'wrap', mb: 1.5 }}
      >
        <Box>
          <Typography variant="subtitle1" component="h3" sx={{ fontWeight: 600 }}>
            Impact summary
          </Typography>
          <Typography variant="caption" color="text.secondary" component="p">
            {sample.complete
              ? `Every identity of the sandbox looked up under both policies (${formatCount(sample.identities)})`
              : `A sample of ${formatCount(sample.identities)} of ${formatCount(sample.totalIdentities)} identities looked up under both policies`}
            {' · as of '}
            <RelativeTime value={impact.computedAt} /> · {formatCount(impact.durationMs)} ms
          </Typography>
        </Box>
        <Button size="small" startIcon={<RefreshIcon />} onClick={onRefresh} disabled={refreshing}>
          {refreshing ? 'Running…' : 'Run again'}
        </Button>
      </Stack>
      <Box
        component="dl"
        aria-label="Impact figures"
        sx={{ m: 0, display: 'grid', gap: 2, gridTemplateColumns: { xs: '1fr 1fr', md: 'repeat(4, 1fr)' } }}
      >
        <Figure
          label={`Profiles under ${policyLabel}`}
          value={formatCount(counts.policy.estimatedTotal)}
          detail={countDetail(counts.policy)}
        />
        <Figure
          label={`Profiles under ${baselineLabel}`}
          value={formatCount(counts.baseline.estimatedTotal)}
          detail={countDetail(counts.baseline)}
        />
        <Figure
          label="Profiles whose attributes change"
          value={percent(impact.changedShare)}
          detail={`${formatCount(impact.changed)} of ${plural(impact.compared, 'profile')} looked up`}
        />
        <Figure
          label="Profiles stitched differently"
          value={formatCount(impact.identitiesChanged)}
          detail={`only under ${policyLabel}: ${formatCount(impact.onlyUnderPolicy)} · only under ${baselineLabel}: ${formatCount(impact.onlyUnderBaseline)}`}
        />
      </Box>
      <Typography variant="subtitle2" component="h4" sx={{ mt: 2.5, mb: 1 }}>
        Attributes that change most
      </Typography>
      {impact.topAttributes.length === 0 ? (
        <Typography variant="body2" color="text.secondary">
          No attribute changes in the sample.
        </Typography>
      ) : (
        <Box
          component="ol"
          aria-label="Attributes that change most"
          sx={{ listStyle: 'none', m: 0, p: 0, display: 'grid', gap: 0.75 }}
        >
          {impact.topAttributes.map((a) => (
            <Box
              component="li"
              key={a.path}
              sx={{
                display: 'grid',
                gridTemplateColumns: { xs: '1fr auto', sm: 'minmax(0, 2fr) 3fr auto' },
                gap: 1,
                alignItems: 'center',
              }}
            >
              <Typography variant="body2" sx={{ fontFamily: 'monospace', overflowWrap: 'anywhere' }}>
                {a.path}
              </Typography>
              <LinearProgress
                variant="determinate"
                value={top > 0 ? (a.profiles / top) * 100 : 0}
                aria-hidden
                sx={{ height: 8, borderRadius: 1, display: { xs: 'none', sm: 'block' } }}
              />
              <Typography variant="caption" color="text.secondary" sx={{ whiteSpace: 'nowrap' }}>
                {plural(a.profiles, 'profile')}
              </Typography>
            </Box>
          ))}
        </Box>
      )}
      {onPreviewExamples && impact.examples.length > 0 && (
        <Button size="small" sx={{ mt: 1.5 }} onClick={() => onPreviewExamples(impact.examples)}>
          Preview {plural(impact.examples.length, 'changed profile')} from the sample
        </Button>
      )}
    </Box>
  );
}
