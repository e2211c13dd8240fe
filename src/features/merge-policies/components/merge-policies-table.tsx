import { useState } from 'react';
import { Link as RouterLink } from 'react-router';
import type { GridColDef } from '@mui/x-data-grid';
import Box from '@mui/material/Box';
import Chip from '@mui/material/Chip';
import IconButton from '@mui/material/IconButton';
import Link from '@mui/material/Link';
import ListItemIcon from '@mui/material/ListItemIcon';
import ListItemText from '@mui/material/ListItemText';
import Menu from '@mui/material/Menu';
import MenuItem from '@mui/material/MenuItem';
import ContentCopyIcon from '@mui/icons-material/ContentCopy';
import CompareArrowsIcon from '@mui/icons-material/CompareArrows';
import DeleteOutlineIcon from '@mui/icons-material/DeleteOutlined';
import EditOutlinedIcon from '@mui/icons-material/EditOutlined';
import MoreVertIcon from '@mui/icons-material/MoreVert';
import StarOutlineIcon from '@mui/icons-material/StarOutlineOutlined';
import WifiTetheringIcon from '@mui/icons-material/WifiTethering';
import type { MergePolicy } from '../../../../contracts/merge-policies.ts';
import { RelativeTime } from '../../../components/relative-time.tsx';
import { ServerDataGrid } from '../../../components/server-data-grid.tsx';
import type { GridUrlState } from '../../../hooks/use-grid-url-state.ts';
import { ATTRIBUTE_MERGE_LABELS, IDENTITY_GRAPH_LABELS } from '../model.ts';

export type PolicyAction = 'edit' | 'setDefault' | 'toggleEdge' | 'duplicate' | 'compare' | 'delete';

export interface MergePoliciesTableProps {
  rows: MergePolicy[];
  total: number;
  loading: boolean;
  state: GridUrlState;
  /** Every policy of the sandbox (what the actions' rules look at). */
  all: readonly MergePolicy[];
  /** The sandbox is at the policy limit: no duplicates. */
  atLimit: boolean;
  compact?: boolean;
  onAction: (action: PolicyAction, policy: MergePolicy) => void;
}

/** Why an action is refused for this policy, or undefined when it is allowed. */
export function refusal(
  action: PolicyAction,
  policy: MergePolicy,
  all: readonly MergePolicy[],
  atLimit: boolean,
): string | undefined {
  switch (action) {
    case 'setDefault':
      return policy.default ? 'Already the default policy' : undefined;
    case 'toggleEdge': {
      if (policy.isActiveOnEdge) return undefined;
      const onEdge = all.find((p) => p.isActiveOnEdge && p.id !== policy.id);
      return onEdge ? `"${onEdge.name}" is active on edge: deactivate it first (one per sandbox)` : undefined;
    }
    case 'duplicate':
      return atLimit ? 'The sandbox has 5 of 5 policies' : undefined;
    case 'delete':
      if (policy.isActiveOnEdge) return 'Active on edge: deactivate it on edge before deleting it';
      if (policy.default) return 'The default policy: make another policy the default first';
      return undefined;
    default:
      return undefined;
  }
}

function ActionsMenu({
  policy,
  all,
  atLimit,
  onAction,
}: {
  policy: MergePolicy;
  all: readonly MergePolicy[];
  atLimit: boolean;
  onAction: MergePoliciesTableProps['onAction'];
}) {
  const [anchor, setAnchor] = useState<HTMLElement | null>(null);
  const item = (action: PolicyAction, label: string, icon: React.ReactNode, danger = false) => {
    const why = refusal(action, policy, all, atLimit);
    return (
      <MenuItem
        key={action}
        disabled={why !== undefined}
        onClick={() => {
          setAnchor(null);
          onAction(action, policy);
        }}
        sx={danger ? { color: 'error.main' } : undefined}
      >
        <ListItemIcon sx={danger ? { color: 'error.main' } : undefined}>{icon}</ListItemIcon>
        <ListItemText
          primary={label}
          secondary={why}
          slotProps={{ secondary: { sx: { whiteSpace: 'normal', maxWidth: 260 } } }}
        />
      </MenuItem>
    );
  };
  return (
    <>
      <IconButton
        size="small"
        aria-label={`Actions for ${policy.name}`}
        aria-haspopup="menu"
        onClick={(e) => {
          e.stopPropagation();
          setAnchor(e.currentTarget);
        }}
      >
        <MoreVertIcon fontSize="small" />
      </IconButton>
      <Menu
        anchorEl={anchor}
        open={anchor !== null}
        onClose={() => setAnchor(null)}
        onClick={(e) => e.stopPropagation()}
      >
        {[
          item('edit', 'Edit', <EditOutlinedIcon fontSize="small" />),
          item('compare', 'Preview and compare', <CompareArrowsIcon fontSize="small" />),
          item('setDefault', 'Set as default', <StarOutlineIcon fontSize="small" />),
          item(
            'toggleEdge',
            policy.isActiveOnEdge ? 'Deactivate on edge' : 'Activate on edge',
            <WifiTetheringIcon fontSize="small" />,
          ),
          item('duplicate', 'Duplicate', <ContentCopyIcon fontSize="small" />),
          item('delete', 'Delete', <DeleteOutlineIcon fontSize="small" />, true),
        ]}
      </Menu>
    </>
  );
}

export function MergePoliciesTable({
  rows,
  total,
  loading,
  state,
  all,
  atLimit,
  compact,
  onAction,
}: MergePoliciesTableProps) {
  const columns: GridColDef<MergePolicy>[] = [
    {
      field: 'name',
      headerName: 'Name',
      flex: 2,
      minWidth: compact ? 150 : 220,
      renderCell: ({ row }) => (
        <Box sx={{ display: 'flex', alignItems: 'center', gap: 1, height: '100%', minWidth: 0 }}>
          <Link
            component={RouterLink}
            to={row.id}
            onClick={(e: React.MouseEvent) => e.stopPropagation()}
            sx={{ fontWeight: 500, overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }}
          >
            {row.name}
          </Link>
          {compact && row.default && <Chip size="small" color="primary" label="Default" />}
          {compact && row.isActiveOnEdge && (
            <Chip size="small" color="secondary" variant="outlined" label="On edge" />
          )}
        </Box>
      ),
    },
    {
      field: 'identityGraph',
      headerName: 'Identity stitching',
      width: 160,
      sortable: false,
      valueGetter: (_v, row) => IDENTITY_GRAPH_LABELS[row.identityGraph.type],
    },
    {
      field: 'attributeMerge',
      headerName: 'Attribute merge',
      width: 165,
      sortable: false,
      valueGetter: (_v, row) => ATTRIBUTE_MERGE_LABELS[row.attributeMerge.type],
    },
    {
      field: 'default',
      headerName: 'Default',
      width: 100,
      sortable: false,
      renderCell: ({ row }) =>
        row.default ? (
          <Chip size="small" color="primary" label="Default" />
        ) : (
          <span aria-label="Not default">—</span>
        ),
    },
    {
      field: 'isActiveOnEdge',
      headerName: 'Active on edge',
      width: 140,
      sortable: false,
      renderCell: ({ row }) =>
        row.isActiveOnEdge ? (
          <Chip size="small" color="secondary" variant="outlined" label="On edge" />
        ) : (
          <span aria-label="Not active on edge">—</span>
        ),
    },
    { field: 'version', headerName: 'Version', type: 'number', width: 90 },
    {
      field: 'updated',
      headerName: 'Last updated',
      width: 150,
      renderCell: ({ row }) => <RelativeTime value={row.updateEpoch * 1000} />,
    },
    {
      field: 'actions',
      headerName: 'Actions',
      width: compact ? 72 : 80,
      sortable: false,
      align: 'right',
      headerAlign: 'right',
      renderCell: ({ row }) => <ActionsMenu policy={row} all={all} atLimit={atLimit} onAction={onAction} />,
    },
  ];
  return (
    <ServerDataGrid
      label="Merge policies"
      rows={rows}
      columns={columns}
      rowCount={total}
      loading={loading}
      state={state}
      getRowId={(row) => row.id}
      onRowClick={(row) => onAction('edit', row)}
      noRowsLabel="No merge policies match the filters"
      columnVisibilityModel={
        compact
          ? {
              identityGraph: false,
              attributeMerge: false,
              default: false,
              isActiveOnEdge: false,
              version: false,
              updated: false,
            }
          : undefined
      }
    />
  );
}
