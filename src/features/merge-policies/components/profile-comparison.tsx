// One profile merged under two policies: every attribute side by side, the ones that differ
// highlighted (and labelled, for screen readers), and "why this value" from the engine's provenance.
import { Fragment, useState } from 'react';
import Box from '@mui/material/Box';
import Chip from '@mui/material/Chip';
import Collapse from '@mui/material/Collapse';
import FormControlLabel from '@mui/material/FormControlLabel';
import IconButton from '@mui/material/IconButton';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import Switch from '@mui/material/Switch';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableContainer from '@mui/material/TableContainer';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Tooltip from '@mui/material/Tooltip';
import Typography from '@mui/material/Typography';
import useMediaQuery from '@mui/material/useMediaQuery';
import { alpha, type Theme } from '@mui/material/styles';
import HelpOutlineIcon from '@mui/icons-material/HelpOutlineOutlined';
import type { AttributeProvenance, ProvenanceCandidate } from '../../../../contracts/entities.ts';
import type { PreviewProfile, PreviewSide } from '../../../../contracts/merge-policy-preview.ts';
import { formatAbsolute } from '../../../components/relative-time.tsx';
import { plural } from '../../../lib/format.ts';
import { visuallyHidden } from './visually-hidden.ts';

const MAX_VALUE = 200;

/** An attribute value as text (never HTML). */
export function formatValue(v: unknown): string {
  if (v === undefined) return '—';
  const text = typeof v === 'string' ? v : JSON.stringify(v);
  return text.length > MAX_VALUE ? `${text.slice(0, MAX_VALUE)}…` : text;
}

const provenanceOf = (side: PreviewSide | undefined): Record<string, AttributeProvenance> =>
  side?.state === 'profile' ? side.provenance : {};

/** A path differs when it, or an ancestor (an object replaced by a leaf), is listed as changed. */
function isChanged(path: string, changed: readonly string[]): boolean {
  return changed.some((c) => c === path || path.startsWith(`${c}.`) || c.startsWith(`${path}.`));
}

function sideSummary(side: PreviewSide | undefined, label: string): string | undefined {
  if (!side) return undefined;
  if (side.state === 'noProfile') return `No profile under ${label}: it selects no data for this identity`;
  if (side.state === 'tooManyIdentities')
    return `No profile under ${label}: the identity graph links ${side.identityCount} identities (over 50); lookups refuse it`;
  return undefined;
}

function CandidateLine({
  c,
  datasets,
  prefix,
}: {
  c: ProvenanceCandidate;
  datasets: Record<string, string>;
  prefix: string;
}) {
  const when = `${c.timestampSource === 'lastUpdatedDate' ? 'lastUpdatedDate' : 'ingested'} ${formatAbsolute(new Date(c.timestamp))}`;
  return (
    <Typography variant="caption" component="div" sx={{ overflowWrap: 'anywhere' }}>
      {prefix} <strong>{formatValue(c.value)}</strong> from {datasets[c.datasetId] ?? c.datasetId} (
      {c.identity.namespace} {c.identity.id}, {when})
    </Typography>
  );
}

function Why({
  label,
  prov,
  datasets,
}: {
  label: string;
  prov: AttributeProvenance | undefined;
  datasets: Record<string, string>;
}) {
  return (
    <Box sx={{ minWidth: 0 }}>
      <Typography variant="caption" color="text.secondary" component="div" sx={{ fontWeight: 600 }}>
        Under {label}
      </Typography>
      {prov ? (
        <>
          <CandidateLine c={prov.winner} datasets={datasets} prefix="Wins:" />
          <Typography variant="caption" color="text.secondary" component="div">
            Why: {prov.reason}
          </Typography>
          {prov.losers.map((l) => (
            <CandidateLine key={`${l.fragmentId}`} c={l} datasets={datasets} prefix="Loses:" />
          ))}
        </>
      ) : (
        <Typography variant="caption" component="div">
          No value: no selected fragment has this attribute.
        </Typography>
      )}
    </Box>
  );
}

export interface ProfileComparisonProps {
  profile: PreviewProfile;
  policyLabel: string;
  baselineLabel: string;
  datasets: Record<string, string>;
}

export function ProfileComparison({ profile, policyLabel, baselineLabel, datasets }: ProfileComparisonProps) {
  const [showAll, setShowAll] = useState(profile.changedPaths.length === 0);
  const [open, setOpen] = useState<string | null>(null);
  const compact = useMediaQuery((theme: Theme) => theme.breakpoints.down('sm'), { noSsr: true });
  const title = `${profile.identity.namespace}: ${profile.identity.id}`;
  if (profile.status !== 'found') {
    return (
      <Paper variant="outlined" sx={{ p: 2 }} component="section" aria-label={title}>
        <Typography variant="subtitle2" sx={{ overflowWrap: 'anywhere' }}>
          {title}
        </Typography>
        <Typography variant="body2" color="text.secondary">
          {profile.status === 'unknownNamespace'
            ? `There is no identity namespace "${profile.identity.namespace}" in this sandbox.`
            : 'No such identity in this sandbox.'}
        </Typography>
      </Paper>
    );
  }
  const a = provenanceOf(profile.policy);
  const b = provenanceOf(profile.baseline);
  const paths = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
  const changedCount = paths.filter((p) => isChanged(p, profile.changedPaths)).length;
  const rows = showAll ? paths : paths.filter((p) => isChanged(p, profile.changedPaths));
  const valueOf = (prov: Record<string, AttributeProvenance>, path: string) =>
    path in prov ? formatValue(prov[path].winner.value) : '—';
  const notes = [
    sideSummary(profile.policy, policyLabel),
    sideSummary(profile.baseline, baselineLabel),
  ].filter(Boolean);
  const identities = (side: PreviewSide | undefined) =>
    side?.state === 'profile' ? side.identities.length : 0;

  return (
    <Paper variant="outlined" component="section" aria-label={title} sx={{ overflow: 'hidden' }}>
      <Stack
        direction="row"
        sx={{
          alignItems: 'center',
          gap: 1,
          flexWrap: 'wrap',
          px: 2,
          py: 1.25,
          borderBottom: 1,
          borderColor: 'divider',
        }}
      >
        <Typography variant="subtitle2" component="h4" sx={{ overflowWrap: 'anywhere', mr: 'auto' }}>
          {title}
        </Typography>
        {changedCount > 0 ? (
          <Chip
            size="small"
            color="warning"
            label={`${plural(changedCount, 'attribute')} differ${changedCount === 1 ? 's' : ''}`}
          />
        ) : (
          <Chip size="small" color="success" variant="outlined" label="Same attributes" />
        )}
        {profile.identitiesChanged && (
          <Chip
            size="small"
            color="info"
            variant="outlined"
            label={`Stitching: ${identities(profile.policy)} vs ${identities(profile.baseline)} identities`}
          />
        )}
        {paths.length > 0 && (
          <FormControlLabel
            control={<Switch size="small" checked={showAll} onChange={(e) => setShowAll(e.target.checked)} />}
            label={<Typography variant="caption">All attributes</Typography>}
            sx={{ mr: 0 }}
          />
        )}
      </Stack>
      {notes.map((n) => (
        <Typography key={n} variant="body2" color="text.secondary" sx={{ px: 2, pt: 1 }}>
          {n}
        </Typography>
      ))}
      {rows.length === 0 ? (
        <Typography variant="body2" color="text.secondary" sx={{ px: 2, py: 1.5 }}>
          {paths.length === 0
            ? 'No attributes under either policy (a profile of events only).'
            : 'No attribute differs.'}
        </Typography>
      ) : (
        <TableContainer sx={{ overflowX: 'auto' }}>
          <Table
            size="small"
            aria-label={`Attributes of ${title}`}
            sx={{ minWidth: compact ? undefined : 520 }}
          >
            <TableHead>
              <TableRow>
                <TableCell>
                  {compact ? `Attribute: ${policyLabel} / ${baselineLabel}` : 'Attribute'}
                </TableCell>
                {!compact && <TableCell>{policyLabel}</TableCell>}
                {!compact && <TableCell>{baselineLabel}</TableCell>}
                <TableCell sx={{ width: 48 }}>
                  <Box component="span" sx={visuallyHidden}>
                    Why this value
                  </Box>
                </TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {rows.map((path) => {
                const changed = isChanged(path, profile.changedPaths);
                const expanded = open === path;
                return (
                  <Fragment key={path}>
                    <TableRow
                      data-path={path}
                      data-changed={changed ? 'true' : 'false'}
                      sx={
                        changed
                          ? {
                              bgcolor: (theme) =>
                                alpha(
                                  theme.palette.warning.main,
                                  theme.palette.mode === 'dark' ? 0.18 : 0.12,
                                ),
                            }
                          : undefined
                      }
                    >
                      <TableCell component="th" scope="row" sx={{ overflowWrap: 'anywhere' }}>
                        <Box component="span" sx={{ fontFamily: 'monospace', fontSize: 12.5 }}>
                          {path}
                        </Box>
                        {changed && (
                          <Box component="span" sx={visuallyHidden}>
                            {' '}
                            (differs)
                          </Box>
                        )}
                        {compact && (
                          <>
                            <Typography variant="body2" component="div" sx={{ mt: 0.5 }}>
                              <Box component="span" sx={{ color: 'text.secondary' }}>
                                {policyLabel}:{' '}
                              </Box>
                              <Box component="span" sx={{ fontWeight: changed ? 600 : undefined }}>
                                {valueOf(a, path)}
                              </Box>
                            </Typography>
                            <Typography variant="body2" component="div">
                              <Box component="span" sx={{ color: 'text.secondary' }}>
                                {baselineLabel}:{' '}
                              </Box>
                              {valueOf(b, path)}
                            </Typography>
                          </>
                        )}
                      </TableCell>
                      {!compact && (
                        <TableCell sx={{ overflowWrap: 'anywhere', fontWeight: changed ? 600 : undefined }}>
                          {valueOf(a, path)}
                        </TableCell>
                      )}
                      {!compact && (
                        <TableCell sx={{ overflowWrap: 'anywhere' }}>{valueOf(b, path)}</TableCell>
                      )}
                      <TableCell>
                        <Tooltip title="Why this value">
                          <IconButton
                            size="small"
                            aria-label={`Why this value: ${path}`}
                            aria-expanded={expanded}
                            onClick={() => setOpen(expanded ? null : path)}
                          >
                            <HelpOutlineIcon fontSize="small" />
                          </IconButton>
                        </Tooltip>
                      </TableCell>
                    </TableRow>
                    <TableRow>
                      <TableCell
                        colSpan={compact ? 2 : 4}
                        sx={{ py: 0, borderBottom: expanded ? undefined : 0 }}
                      >
                        <Collapse in={expanded} unmountOnExit>
                          <Box
                            sx={{
                              py: 1,
                              display: 'grid',
                              gap: 1.5,
                              gridTemplateColumns: { xs: '1fr', md: '1fr 1fr' },
                            }}
                          >
                            <Why label={policyLabel} prov={a[path]} datasets={datasets} />
                            <Why label={baselineLabel} prov={b[path]} datasets={datasets} />
                          </Box>
                        </Collapse>
                      </TableCell>
                    </TableRow>
                  </Fragment>
                );
              })}
            </TableBody>
          </Table>
        </TableContainer>
      )}
    </Paper>
  );
}
