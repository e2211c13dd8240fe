// Picks the merge policy a profile is merged with. The default policy is marked; each option says
// how it stitches (identity graph) and resolves conflicts (attribute merge).
import ListItemText from '@mui/material/ListItemText';
import MenuItem from '@mui/material/MenuItem';
import TextField from '@mui/material/TextField';
import type { MergePolicy } from '../../../../contracts/merge-policies.ts';

export function describePolicy(policy: Pick<MergePolicy, 'identityGraph' | 'attributeMerge'>): string {
  const graph = policy.identityGraph.type === 'pdg' ? 'private graph' : 'no stitching';
  const merge = policy.attributeMerge.type === 'dataSetPrecedence' ? 'dataset precedence' : 'timestamp ordered';
  return `${merge} · ${graph}`;
}

export const policyLabel = (policy: Pick<MergePolicy, 'name' | 'default'>) => (policy.default ? `${policy.name} (default)` : policy.name);

export interface MergePolicySelectProps {
  policies: MergePolicy[] | undefined;
  /** The selected policy id; '' while unknown. */
  value: string;
  onChange: (id: string) => void;
  loading?: boolean;
  size?: 'small' | 'medium';
  fullWidth?: boolean;
  disabled?: boolean;
}

export function MergePolicySelect({ policies, value, onChange, loading, size = 'medium', fullWidth, disabled }: MergePolicySelectProps) {
  const known = policies?.some((p) => p.id === value);
  return (
    <TextField
      select
      label="Merge policy"
      size={size}
      fullWidth={fullWidth}
      value={known ? value : ''}
      onChange={(e) => onChange(e.target.value)}
      disabled={disabled || !policies || policies.length === 0}
      helperText={loading ? 'Loading merge policies…' : undefined}
      slotProps={{
        select: {
          renderValue: (id) => {
            const p = policies?.find((x) => x.id === id);
            return p ? policyLabel(p) : '';
          },
        },
      }}
      sx={{ minWidth: 220 }}
    >
      {(policies ?? []).map((p) => (
        <MenuItem key={p.id} value={p.id}>
          <ListItemText primary={policyLabel(p)} secondary={describePolicy(p)} />
        </MenuItem>
      ))}
    </TextField>
  );
}
