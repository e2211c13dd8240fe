// Identities: the merged profile's identity graph, as a drawing (default) or a table, with the
// 50-identity guardrail shown as a count and a warning when the graph gets close to it.
import { useMemo, useState } from 'react';
import { Link as RouterLink } from 'react-router';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Chip from '@mui/material/Chip';
import Link from '@mui/material/Link';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import ToggleButton from '@mui/material/ToggleButton';
import ToggleButtonGroup from '@mui/material/ToggleButtonGroup';
import Typography from '@mui/material/Typography';
import AccountTreeOutlinedIcon from '@mui/icons-material/AccountTreeOutlined';
import TableRowsOutlinedIcon from '@mui/icons-material/TableRowsOutlined';
import type { GraphIdentity, ProfileGraph } from '../../../../contracts/entities.ts';
import type { MergePolicy } from '../../../../contracts/merge-policies.ts';
import { CopyButton } from '../../../components/copy-button.tsx';
import { RelativeTime } from '../../../components/relative-time.tsx';
import { profilePath } from '../profile-links.ts';
import { graphEdges, IdentityGraph, type GraphEdge } from './identity-graph.tsx';
import { namespaceColor } from './namespace-colors.ts';

/** Identities per graph above which lookups fail with 422 "Too many related identities" (guardrail). */
export const GRAPH_IDENTITY_LIMIT = 50;
/** From here on the tab warns that the graph is close to the limit. */
export const GRAPH_WARNING_AT = 40;

export type IdentitiesView = 'graph' | 'table';

export interface IdentitiesTabProps {
  graph: ProfileGraph;
  centerXid: string;
  policy: MergePolicy | undefined;
  sandbox: string;
  mergePolicyId: string | undefined;
  datasetName: (id: string) => string;
  view: IdentitiesView;
  onViewChange: (view: IdentitiesView) => void;
}

function Swatch({ namespace }: { namespace: string }) {
  return <Box component="span" aria-hidden sx={{ display: 'inline-block', width: 10, height: 10, borderRadius: '50%', bgcolor: namespaceColor(namespace), mr: 1, flexShrink: 0 }} />;
}

interface Neighbour {
  identity: GraphIdentity;
  edge: GraphEdge;
}

function neighboursOf(xid: string, edges: GraphEdge[], byXid: Map<string, GraphIdentity>): Neighbour[] {
  return edges
    .filter((e) => e.from === xid || e.to === xid)
    .map((edge) => ({ identity: byXid.get(edge.from === xid ? edge.to : edge.from)!, edge }))
    .filter((n) => n.identity);
}

function IdentityDetails(props: {
  identity: GraphIdentity;
  neighbours: Neighbour[];
  isCenter: boolean;
  sandbox: string;
  mergePolicyId: string | undefined;
  datasetName: (id: string) => string;
}) {
  const { identity, neighbours, isCenter } = props;
  return (
    <Paper variant="outlined" component="section" aria-label="Selected identity" sx={{ p: 2 }}>
      <Stack direction="row" sx={{ alignItems: 'center', gap: 1, flexWrap: 'wrap' }}>
        <Swatch namespace={identity.namespace} />
        <Typography variant="subtitle2" component="h3">
          {identity.namespace}
        </Typography>
        <Typography variant="body2" sx={{ fontFamily: 'monospace', overflowWrap: 'anywhere' }}>
          {identity.id}
        </Typography>
        {isCenter && <Chip size="small" label="Looked up" />}
      </Stack>
      <Typography variant="caption" color="text.secondary" component="div" sx={{ display: 'flex', alignItems: 'center', gap: 0.5, mt: 0.5, minWidth: 0 }}>
        XID
        <Box component="code" sx={{ minWidth: 0, overflowWrap: 'anywhere' }}>
          {identity.xid}
        </Box>
        <CopyButton text={identity.xid} label="Copy XID" />
      </Typography>
      <Typography variant="body2" sx={{ mt: 1, fontWeight: 600 }}>
        {neighbours.length === 0 ? 'Not linked to other identities' : `Linked to ${neighbours.length} ${neighbours.length === 1 ? 'identity' : 'identities'}`}
      </Typography>
      {neighbours.length > 0 && (
        <Box component="ul" sx={{ m: 0, mt: 0.5, pl: 2.5 }}>
          {neighbours.map(({ identity: other, edge }) => (
            <Typography component="li" variant="body2" key={other.xid} sx={{ overflowWrap: 'anywhere' }}>
              {other.namespace} {other.id} — by {edge.datasets.map(props.datasetName).join(', ')}
              {edge.links[0] && (
                <>
                  , <RelativeTime value={edge.links[0].createdAt} />
                </>
              )}
            </Typography>
          ))}
        </Box>
      )}
      {!isCenter && (
        <Link component={RouterLink} to={profilePath(props.sandbox, identity.namespace, identity.id, props.mergePolicyId)} variant="body2" sx={{ display: 'inline-block', mt: 1 }}>
          Look up by this identity
        </Link>
      )}
    </Paper>
  );
}

export function IdentitiesTab({ graph, centerXid, policy, sandbox, mergePolicyId, datasetName, view, onViewChange }: IdentitiesTabProps) {
  const edges = useMemo(() => graphEdges(graph.links), [graph.links]);
  const byXid = useMemo(() => new Map(graph.identities.map((i) => [i.xid, i])), [graph.identities]);
  const [selected, setSelected] = useState<string>(centerXid);
  const selectedIdentity = byXid.get(selected) ?? byXid.get(centerXid);
  const count = graph.identities.length;
  const namespaces = useMemo(() => {
    const counts = new Map<string, number>();
    for (const i of graph.identities) counts.set(i.namespace, (counts.get(i.namespace) ?? 0) + 1);
    return [...counts.entries()];
  }, [graph.identities]);

  return (
    <Stack spacing={2}>
      <Stack direction="row" sx={{ alignItems: 'center', justifyContent: 'space-between', gap: 1, flexWrap: 'wrap' }}>
        <Typography variant="body2" color="text.secondary">
          {count} of at most {GRAPH_IDENTITY_LIMIT} identities · {edges.length} {edges.length === 1 ? 'link' : 'links'}
        </Typography>
        <ToggleButtonGroup size="small" exclusive value={view} onChange={(_, v: IdentitiesView | null) => v && onViewChange(v)} aria-label="Identities view">
          <ToggleButton value="graph">
            <AccountTreeOutlinedIcon fontSize="small" sx={{ mr: 0.5 }} aria-hidden />
            Graph
          </ToggleButton>
          <ToggleButton value="table">
            <TableRowsOutlinedIcon fontSize="small" sx={{ mr: 0.5 }} aria-hidden />
            Table
          </ToggleButton>
        </ToggleButtonGroup>
      </Stack>
      {count >= GRAPH_WARNING_AT && (
        <Alert severity="warning">
          This identity graph links {count} identities, close to the limit of {GRAPH_IDENTITY_LIMIT}. Above it, lookups of this person fail with
          “Too many related identities” and the profile is left out of segmentation and exports. A shared or test identity often causes this.
        </Alert>
      )}
      {policy?.identityGraph.type === 'none' && (
        <Alert severity="info">
          {policy.name} does not stitch identities (identity graph: none): only the looked-up identity&apos;s own fragments are merged.
        </Alert>
      )}
      {view === 'graph' ? (
        <>
          <Paper variant="outlined" sx={{ p: 1 }}>
            <IdentityGraph
              identities={graph.identities}
              edges={edges}
              centerXid={centerXid}
              selectedXid={selectedIdentity?.xid}
              onSelect={setSelected}
              datasetName={datasetName}
            />
            <Box component="ul" aria-label="Namespaces" sx={{ display: 'flex', flexWrap: 'wrap', gap: 2, listStyle: 'none', m: 0, px: 1, pb: 0.5 }}>
              {namespaces.map(([ns, n]) => (
                <Typography component="li" variant="caption" key={ns} sx={{ display: 'flex', alignItems: 'center' }}>
                  <Swatch namespace={ns} />
                  {ns} ({n})
                </Typography>
              ))}
            </Box>
          </Paper>
          {selectedIdentity && (
            <IdentityDetails
              identity={selectedIdentity}
              neighbours={neighboursOf(selectedIdentity.xid, edges, byXid)}
              isCenter={selectedIdentity.xid === centerXid}
              sandbox={sandbox}
              mergePolicyId={mergePolicyId}
              datasetName={datasetName}
            />
          )}
        </>
      ) : (
        <Box sx={{ overflowX: 'auto' }}>
          <Table size="small" aria-label="Identities">
            <TableHead>
              <TableRow>
                <TableCell>Namespace</TableCell>
                <TableCell>Identity</TableCell>
                <TableCell>Linked to (by dataset)</TableCell>
                <TableCell>XID</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {graph.identities.map((identity) => (
                <TableRow key={identity.xid} selected={identity.xid === centerXid}>
                  <TableCell sx={{ whiteSpace: 'nowrap' }}>
                    <Swatch namespace={identity.namespace} />
                    {identity.namespace}
                  </TableCell>
                  <TableCell sx={{ fontFamily: 'monospace', overflowWrap: 'anywhere', minWidth: 160 }}>
                    {identity.id}
                    {identity.xid === centerXid && <Chip size="small" label="Looked up" sx={{ ml: 1 }} />}
                  </TableCell>
                  <TableCell sx={{ minWidth: 220 }}>
                    {neighboursOf(identity.xid, edges, byXid).map(({ identity: other, edge }) => (
                      <Typography variant="body2" key={other.xid} sx={{ overflowWrap: 'anywhere' }}>
                        {other.namespace} {other.id} <Box component="span" sx={{ color: 'text.secondary' }}>({edge.datasets.map(datasetName).join(', ')})</Box>
                      </Typography>
                    ))}
                  </TableCell>
                  <TableCell sx={{ fontFamily: 'monospace', fontSize: 12, overflowWrap: 'anywhere', minWidth: 160 }}>{identity.xid}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </Box>
      )}
    </Stack>
  );
}
