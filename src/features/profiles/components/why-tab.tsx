// "Why this value": pick an attribute; see the value that won, the dataset (by name) and timestamp
// it came from, the merge policy's reason, and every losing candidate side by side.
import { useMemo, useState } from 'react';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Chip from '@mui/material/Chip';
import List from '@mui/material/List';
import ListItemButton from '@mui/material/ListItemButton';
import ListItemText from '@mui/material/ListItemText';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import type { AttributeProvenance, ProvenanceCandidate } from '../../../../contracts/entities.ts';
import type { MergePolicy } from '../../../../contracts/merge-policies.ts';
import { EmptyState } from '../../../components/empty-state.tsx';
import { formatAbsolute } from '../../../components/relative-time.tsx';
import { displayPath } from '../display-names.ts';
import { hasConflict, valueText } from '../profile-model.ts';

export interface WhyTabProps {
  provenance: Record<string, AttributeProvenance>;
  policy: MergePolicy | undefined;
  datasetName: (id: string) => string;
  /** The selected attribute path (URL `path`); absent: the first conflicting one. */
  path: string | undefined;
  onPathChange: (path: string) => void;
}

function rankOf(policy: MergePolicy | undefined, datasetId: string): string | undefined {
  if (policy?.attributeMerge.type !== 'dataSetPrecedence') return undefined;
  const order = policy.attributeMerge.order ?? [];
  const i = order.indexOf(datasetId);
  return i < 0 ? 'not in the policy order' : `ranked ${i + 1} of ${order.length}`;
}

function Field({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <>
      <Typography component="dt" variant="caption" color="text.secondary">
        {label}
      </Typography>
      <Typography component="dd" variant="body2" sx={{ m: 0, minWidth: 0, overflowWrap: 'anywhere' }}>
        {children}
      </Typography>
    </>
  );
}

function CandidateCard(props: { candidate: ProvenanceCandidate; winner: boolean; policy: MergePolicy | undefined; datasetName: (id: string) => string; index: number }) {
  const { candidate: c, winner } = props;
  const name = props.datasetName(c.datasetId);
  const rank = rankOf(props.policy, c.datasetId);
  return (
    <Paper
      variant="outlined"
      component="article"
      aria-label={`${winner ? 'Winner' : `Candidate ${props.index + 1}`}: ${name}`}
      sx={{ p: 2, borderColor: winner ? 'success.main' : 'divider', borderWidth: winner ? 2 : 1, minWidth: 0 }}
    >
      <Stack direction="row" sx={{ alignItems: 'center', gap: 1, mb: 1, flexWrap: 'wrap' }}>
        <Chip size="small" color={winner ? 'success' : 'default'} label={winner ? 'Winner' : 'Lost'} variant={winner ? 'filled' : 'outlined'} />
        <Typography variant="subtitle2" component="h4" sx={{ overflowWrap: 'anywhere' }}>
          {name}
        </Typography>
      </Stack>
      <Typography variant="h6" component="p" sx={{ overflowWrap: 'anywhere', fontSize: 18, mb: 1 }}>
        {valueText(c.value)}
      </Typography>
      <Box component="dl" sx={{ display: 'grid', gridTemplateColumns: 'max-content minmax(0, 1fr)', columnGap: 1.5, rowGap: 0.5, m: 0 }}>
        <Field label={c.timestampSource === 'lastUpdatedDate' ? 'Updated' : 'Ingested'}>
          {formatAbsolute(new Date(c.timestamp))}
          <Typography component="span" variant="caption" color="text.secondary" sx={{ display: 'block' }}>
            {c.timestampSource === 'lastUpdatedDate' ? 'from extSourceSystemAudit.lastUpdatedDate' : 'ingestion time'}
          </Typography>
        </Field>
        {rank && <Field label="Precedence">{rank}</Field>}
        <Field label="Via identity">
          {c.identity.namespace} {c.identity.id}
        </Field>
        <Field label="Dataset id">
          <Box component="code" sx={{ fontSize: 12 }}>
            {c.datasetId}
          </Box>
        </Field>
        <Field label="Batch">
          <Box component="code" sx={{ fontSize: 12 }}>
            {c.batchId}
          </Box>
        </Field>
      </Box>
    </Paper>
  );
}

export function WhyTab({ provenance, policy, datasetName, path, onPathChange }: WhyTabProps) {
  const [filter, setFilter] = useState('');
  const paths = useMemo(() => Object.keys(provenance), [provenance]);
  const fallback = paths.find((p) => hasConflict(provenance[p])) ?? paths[0];
  const selected = path && provenance[path] ? path : fallback;
  const q = filter.trim().toLowerCase();
  const shown = q ? paths.filter((p) => p.toLowerCase().includes(q) || displayPath(p).toLowerCase().includes(q)) : paths;
  const p = selected ? provenance[selected] : undefined;

  if (paths.length === 0) {
    return <EmptyState title="No attributes to explain" description="This profile has no attribute values under this merge policy." />;
  }

  return (
    <Box sx={{ display: 'grid', gap: 2, gridTemplateColumns: { xs: '1fr', md: 'minmax(240px, 320px) minmax(0, 1fr)' }, alignItems: 'start' }}>
      <Paper variant="outlined" sx={{ p: 1 }}>
        <TextField type="search" size="small" fullWidth label="Find an attribute" value={filter} onChange={(e) => setFilter(e.target.value)} sx={{ mb: 1 }} />
        <List dense aria-label="Attributes" sx={{ maxHeight: { xs: 240, md: 520 }, overflow: 'auto' }}>
          {shown.map((key) => {
            const conflict = hasConflict(provenance[key]);
            return (
              <ListItemButton
                key={key}
                selected={key === selected}
                aria-current={key === selected ? 'true' : undefined}
                onClick={() => onPathChange(key)}
                sx={{ borderRadius: 1 }}
              >
                <ListItemText
                  primary={key}
                  secondary={conflict ? `${provenance[key].losers.length + 1} values · ${datasetName(provenance[key].winner.datasetId)} wins` : datasetName(provenance[key].winner.datasetId)}
                  slotProps={{ primary: { sx: { fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace', fontSize: 13, overflowWrap: 'anywhere' } } }}
                />
              </ListItemButton>
            );
          })}
          {shown.length === 0 && (
            <Typography variant="body2" color="text.secondary" sx={{ p: 1 }}>
              No attribute matches “{filter.trim()}”.
            </Typography>
          )}
        </List>
      </Paper>
      {p && selected && (
        <Box component="section" aria-label={`Why this value: ${selected}`} sx={{ minWidth: 0 }}>
          <Typography variant="overline" color="text.secondary">
            Why this value
          </Typography>
          <Typography variant="h6" component="h3" sx={{ fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace', overflowWrap: 'anywhere' }}>
            {selected}
          </Typography>
          <Typography variant="body2" color="text.secondary" sx={{ mb: 2 }}>
            {displayPath(selected)}
          </Typography>
          <Alert severity={p.losers.length > 0 ? 'success' : 'info'} icon={false} sx={{ mb: 2 }}>
            <Typography variant="body2">
              <strong>{valueText(p.winner.value)}</strong> comes from <strong>{datasetName(p.winner.datasetId)}</strong>
              {policy ? ` under ${policy.name}` : ''}: {p.reason}.
            </Typography>
            {p.losers.length === 0 && (
              <Typography variant="body2" sx={{ mt: 0.5 }}>
                No other dataset has a value for this attribute.
              </Typography>
            )}
          </Alert>
          <Box sx={{ display: 'grid', gap: 2, gridTemplateColumns: 'repeat(auto-fit, minmax(280px, 1fr))' }}>
            <CandidateCard candidate={p.winner} winner policy={policy} datasetName={datasetName} index={0} />
            {p.losers.map((l, i) => (
              <CandidateCard key={`${l.fragmentId}-${i}`} candidate={l} winner={false} policy={policy} datasetName={datasetName} index={i + 1} />
            ))}
          </Box>
        </Box>
      )}
    </Box>
  );
}
