// Fragments: the source records merged into the profile, grouped by dataset, with their ingest time;
// each expands to its JSON (as stored, before the merge).
import { useMemo } from 'react';
import Accordion from '@mui/material/Accordion';
import AccordionDetails from '@mui/material/AccordionDetails';
import AccordionSummary from '@mui/material/AccordionSummary';
import Box from '@mui/material/Box';
import Chip from '@mui/material/Chip';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import ExpandMoreIcon from '@mui/icons-material/ExpandMore';
import type { ProfileFragment } from '../../../../contracts/entities.ts';
import { EmptyState } from '../../../components/empty-state.tsx';
import { JsonViewer } from '../../../components/json-viewer.tsx';
import { RelativeTime } from '../../../components/relative-time.tsx';
import { namespaceColor } from './namespace-colors.ts';

export interface FragmentsTabProps {
  fragments: ProfileFragment[];
  datasetName: (id: string) => string;
}

function lastUpdated(record: Record<string, unknown>): string | undefined {
  const audit = record.extSourceSystemAudit;
  const v = audit && typeof audit === 'object' ? (audit as Record<string, unknown>).lastUpdatedDate : undefined;
  return typeof v === 'string' ? v : undefined;
}

export function FragmentsTab({ fragments, datasetName }: FragmentsTabProps) {
  const groups = useMemo(() => {
    const byDataset = new Map<string, ProfileFragment[]>();
    for (const f of fragments) byDataset.set(f.datasetId, [...(byDataset.get(f.datasetId) ?? []), f]);
    return [...byDataset.entries()];
  }, [fragments]);

  if (fragments.length === 0) {
    return (
      <EmptyState
        title="No profile fragments"
        description="No record dataset contributes to this profile under this merge policy; it is built from events only."
      />
    );
  }

  return (
    <Stack spacing={3}>
      {groups.map(([datasetId, list]) => (
        <Box component="section" key={datasetId} aria-label={datasetName(datasetId)}>
          <Stack direction="row" sx={{ alignItems: 'baseline', gap: 1, mb: 1, flexWrap: 'wrap' }}>
            <Typography variant="subtitle1" component="h3" sx={{ fontWeight: 600 }}>
              {datasetName(datasetId)}
            </Typography>
            <Typography variant="caption" color="text.secondary">
              {list.length} {list.length === 1 ? 'fragment' : 'fragments'} · dataset <code>{datasetId}</code>
            </Typography>
          </Stack>
          {list.map((f) => {
            const updated = lastUpdated(f.record);
            return (
              <Accordion key={f.fragmentId} variant="outlined" disableGutters slotProps={{ transition: { unmountOnExit: true } }}>
                <AccordionSummary expandIcon={<ExpandMoreIcon />} aria-label={`Fragment of ${f.identity.namespace} ${f.identity.id} in ${datasetName(datasetId)}`}>
                  <Stack direction={{ xs: 'column', sm: 'row' }} sx={{ gap: { xs: 0.5, sm: 2 }, alignItems: { sm: 'center' }, minWidth: 0, width: '100%' }}>
                    <Stack direction="row" sx={{ alignItems: 'center', gap: 1, minWidth: 0 }}>
                      <Chip
                        size="small"
                        variant="outlined"
                        label={f.identity.namespace}
                        icon={
                          <Box
                            component="span"
                            aria-hidden
                            sx={{ width: 10, height: 10, borderRadius: '50%', bgcolor: namespaceColor(f.identity.namespace), ml: '8px !important' }}
                          />
                        }
                      />
                      <Typography variant="body2" sx={{ fontFamily: 'monospace', overflowWrap: 'anywhere' }}>
                        {f.identity.id}
                      </Typography>
                    </Stack>
                    <Box sx={{ flexGrow: 1 }} />
                    <Typography variant="body2" color="text.secondary" sx={{ whiteSpace: 'nowrap' }}>
                      Ingested <RelativeTime value={f.ingestedAt} />
                      {updated && <> · updated {new Date(updated).toLocaleDateString()}</>}
                    </Typography>
                  </Stack>
                </AccordionSummary>
                <AccordionDetails>
                  <Typography variant="caption" color="text.secondary" component="p" sx={{ mb: 1, overflowWrap: 'anywhere' }}>
                    Fragment {f.fragmentId} · batch <code>{f.batchId}</code> · XID <code>{f.identity.xid}</code>
                  </Typography>
                  <JsonViewer label={`Fragment ${f.fragmentId} JSON`} value={f.record} maxHeight={480} />
                </AccordionDetails>
              </Accordion>
            );
          })}
        </Box>
      ))}
    </Stack>
  );
}
