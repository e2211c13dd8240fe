// Attributes: the merged profile as a searchable tree (field paths or XDM display names), each
// value with the dataset it came from and a way to "why this value"; or the raw JSON, copyable.
import { useId, useMemo, useState, type ReactNode } from 'react';
import Box from '@mui/material/Box';
import ButtonBase from '@mui/material/ButtonBase';
import Chip from '@mui/material/Chip';
import IconButton from '@mui/material/IconButton';
import InputAdornment from '@mui/material/InputAdornment';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import ToggleButton from '@mui/material/ToggleButton';
import ToggleButtonGroup from '@mui/material/ToggleButtonGroup';
import Typography from '@mui/material/Typography';
import ChevronRightIcon from '@mui/icons-material/ChevronRight';
import ExpandMoreIcon from '@mui/icons-material/ExpandMore';
import HelpOutlineIcon from '@mui/icons-material/HelpOutlineOutlined';
import SearchIcon from '@mui/icons-material/Search';
import type { AttributeProvenance } from '../../../../contracts/entities.ts';
import { EmptyState } from '../../../components/empty-state.tsx';
import { JsonViewer } from '../../../components/json-viewer.tsx';
import { displayName, displayPath } from '../display-names.ts';
import { attributeTree, hasConflict, valueText, type AttributeNode } from '../profile-model.ts';

const LABEL_WIDTH = 340;

export type AttributeLabels = 'path' | 'display';
export type AttributesView = 'tree' | 'json';

export interface AttributesTabProps {
  entity: Record<string, unknown>;
  provenance: Record<string, AttributeProvenance> | undefined;
  datasetName: (id: string) => string;
  search: string;
  onSearchChange: (value: string) => void;
  labels: AttributeLabels;
  onLabelsChange: (labels: AttributeLabels) => void;
  view: AttributesView;
  onViewChange: (view: AttributesView) => void;
  onWhy: (path: string) => void;
}

/** Paths shown for a search: matching leaves and their ancestors; a matching object shows all below it. */
function visiblePaths(nodes: AttributeNode[], query: string): Set<string> {
  const q = query.trim().toLowerCase();
  const out = new Set<string>();
  const all = (n: AttributeNode) => {
    out.add(n.path);
    n.children?.forEach(all);
  };
  const visit = (n: AttributeNode): boolean => {
    const own = n.path.toLowerCase().includes(q) || displayPath(n.path).toLowerCase().includes(q);
    if (n.children) {
      if (own) {
        all(n);
        return true;
      }
      const any = n.children.map(visit).some(Boolean);
      if (any) out.add(n.path);
      return any;
    }
    const hit = own || valueText(n.value).toLowerCase().includes(q);
    if (hit) out.add(n.path);
    return hit;
  };
  nodes.forEach(visit);
  return out;
}

interface TreeContext {
  labels: AttributeLabels;
  provenance: Record<string, AttributeProvenance> | undefined;
  datasetName: (id: string) => string;
  visible: Set<string> | undefined;
  collapsed: Set<string>;
  toggle: (path: string) => void;
  onWhy: (path: string) => void;
}

function Label({ node, labels }: { node: AttributeNode; labels: AttributeLabels }) {
  if (labels === 'display') return <>{displayName(node.key, node.depth)}</>;
  return (
    <Box component="span" sx={{ fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace', fontSize: 13 }}>
      {node.children ? node.key : node.path}
    </Box>
  );
}

function Leaf({ node, ctx }: { node: AttributeNode; ctx: TreeContext }) {
  const p = ctx.provenance?.[node.path];
  const conflict = p ? hasConflict(p) : false;
  return (
    <Box
      sx={{
        display: 'grid',
        // Values line up across depths: the label column shrinks by the indent of each level (21px).
        // Narrow screens: the label on its own line, then the value and the source.
        gridTemplateColumns: { xs: 'minmax(0, 1fr) auto', md: `calc(${LABEL_WIDTH}px - ${node.depth * 21}px) minmax(0, 1fr) auto` },
        columnGap: 2,
        rowGap: 0.25,
        alignItems: 'center',
        py: 0.5,
        pl: 1,
        pr: 0.5,
        borderRadius: 1,
        '&:hover': { bgcolor: 'action.hover' },
      }}
    >
      <Typography
        variant="body2"
        color="text.secondary"
        sx={{ minWidth: 0, overflowWrap: 'anywhere', gridColumn: { xs: '1 / -1', md: 'auto' } }}
        title={node.path}
      >
        <Label node={node} labels={ctx.labels} />
      </Typography>
      <Typography variant="body2" sx={{ minWidth: 0, overflowWrap: 'anywhere', fontWeight: 500 }}>
        {valueText(node.value)}
      </Typography>
      <Stack direction="row" spacing={0.5} sx={{ alignItems: 'center', justifySelf: 'end' }}>
        {p && (
          <Chip
            size="small"
            variant="outlined"
            label={ctx.datasetName(p.winner.datasetId)}
            title={`From ${ctx.datasetName(p.winner.datasetId)}`}
            sx={{ maxWidth: { xs: 130, sm: 200 } }}
          />
        )}
        {conflict && (
          <Chip
            size="small"
            color="warning"
            variant="outlined"
            label={`${p!.losers.length + 1} values`}
            title="Datasets disagree on this value"
            sx={{ display: { xs: 'none', sm: 'inline-flex' } }}
          />
        )}
        {p && (
          <IconButton size="small" aria-label={`Why this value: ${node.path}`} title="Why this value" onClick={() => ctx.onWhy(node.path)}>
            <HelpOutlineIcon fontSize="small" color={conflict ? 'warning' : 'inherit'} />
          </IconButton>
        )}
      </Stack>
    </Box>
  );
}

function Branch({ node, ctx }: { node: AttributeNode; ctx: TreeContext }) {
  const listId = useId();
  const open = ctx.visible !== undefined || !ctx.collapsed.has(node.path);
  const children = (node.children ?? []).filter((c) => !ctx.visible || ctx.visible.has(c.path));
  return (
    <>
      <ButtonBase
        onClick={() => ctx.toggle(node.path)}
        aria-expanded={open}
        aria-controls={listId}
        sx={{ width: '100%', justifyContent: 'flex-start', gap: 0.5, py: 0.5, px: 0.5, borderRadius: 1, textAlign: 'left', '&:hover': { bgcolor: 'action.hover' } }}
      >
        {open ? <ExpandMoreIcon fontSize="small" aria-hidden /> : <ChevronRightIcon fontSize="small" aria-hidden />}
        <Typography variant="body2" sx={{ fontWeight: 600 }}>
          <Label node={node} labels={ctx.labels} />
        </Typography>
        <Typography variant="caption" color="text.secondary">
          {node.children?.length ?? 0} {node.children?.length === 1 ? 'field' : 'fields'}
        </Typography>
      </ButtonBase>
      {open && <Nodes id={listId} nodes={children} ctx={ctx} nested />}
    </>
  );
}

function Nodes({ nodes, ctx, nested, id, label }: { nodes: AttributeNode[]; ctx: TreeContext; nested?: boolean; id?: string; label?: string }) {
  return (
    <Box
      component="ul"
      id={id}
      aria-label={label}
      sx={{ listStyle: 'none', m: 0, p: 0, ...(nested ? { ml: 1.25, pl: 1.25, borderLeft: 1, borderColor: 'divider' } : {}) }}
    >
      {nodes.map((n) => (
        <li key={n.path}>{n.children ? <Branch node={n} ctx={ctx} /> : <Leaf node={n} ctx={ctx} />}</li>
      ))}
    </Box>
  );
}

function Toggle<T extends string>(props: { label: string; value: T; onChange: (v: T) => void; options: [T, ReactNode][] }) {
  return (
    <ToggleButtonGroup size="small" exclusive value={props.value} onChange={(_, v: T | null) => v && props.onChange(v)} aria-label={props.label}>
      {props.options.map(([v, text]) => (
        <ToggleButton key={v} value={v} sx={{ px: 1.5 }}>
          {text}
        </ToggleButton>
      ))}
    </ToggleButtonGroup>
  );
}

export function AttributesTab(props: AttributesTabProps) {
  const { entity, search } = props;
  const tree = useMemo(() => attributeTree(entity), [entity]);
  const visible = useMemo(() => (search.trim() ? visiblePaths(tree, search) : undefined), [tree, search]);
  const [collapsed, setCollapsed] = useState<Set<string>>(() => new Set(['identityMap']));
  const ctx: TreeContext = {
    labels: props.labels,
    provenance: props.provenance,
    datasetName: props.datasetName,
    visible,
    collapsed,
    toggle: (path) =>
      setCollapsed((current) => {
        const next = new Set(current);
        if (next.has(path)) next.delete(path);
        else next.add(path);
        return next;
      }),
    onWhy: props.onWhy,
  };
  const roots = tree.filter((n) => !visible || visible.has(n.path));

  return (
    <Stack spacing={2}>
      <Stack direction={{ xs: 'column', sm: 'row' }} spacing={1.5} sx={{ alignItems: { sm: 'center' } }}>
        <TextField
          type="search"
          size="small"
          label="Search attributes"
          placeholder="Path, name or value"
          value={search}
          onChange={(e) => props.onSearchChange(e.target.value)}
          disabled={props.view === 'json'}
          sx={{ flexGrow: 1, maxWidth: { sm: 420 } }}
          slotProps={{
            input: {
              startAdornment: (
                <InputAdornment position="start">
                  <SearchIcon fontSize="small" aria-hidden />
                </InputAdornment>
              ),
            },
          }}
        />
        <Box sx={{ flexGrow: 1 }} />
        <Stack direction="row" spacing={1} sx={{ flexWrap: 'wrap', gap: 1, '& > *': { m: '0 !important' } }}>
          <Toggle
            label="Attribute labels"
            value={props.labels}
            onChange={props.onLabelsChange}
            options={[
              ['path', 'Field paths'],
              ['display', 'Display names'],
            ]}
          />
          <Toggle
            label="Attributes view"
            value={props.view}
            onChange={props.onViewChange}
            options={[
              ['tree', 'Tree'],
              ['json', 'JSON'],
            ]}
          />
        </Stack>
      </Stack>
      {props.view === 'json' ? (
        <JsonViewer label="Merged profile JSON" value={entity} maxHeight={640} />
      ) : roots.length === 0 ? (
        <EmptyState
          title={search.trim() ? 'No attribute matches' : 'No attributes'}
          description={search.trim() ? `Nothing in this profile matches “${search.trim()}”.` : 'This profile has identities and events but no attribute values.'}
        />
      ) : (
        <Nodes nodes={roots} ctx={ctx} label="Profile attributes" />
      )}
    </Stack>
  );
}
