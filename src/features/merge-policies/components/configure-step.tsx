import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import FormControl from '@mui/material/FormControl';
import FormControlLabel from '@mui/material/FormControlLabel';
import FormHelperText from '@mui/material/FormHelperText';
import FormLabel from '@mui/material/FormLabel';
import MenuItem from '@mui/material/MenuItem';
import Radio from '@mui/material/Radio';
import RadioGroup from '@mui/material/RadioGroup';
import Switch from '@mui/material/Switch';
import TextField from '@mui/material/TextField';
import { PROFILE_CLASS } from '../../../../contracts/common.ts';
import type { AttributeMergeType, IdentityGraphType } from '../../../../contracts/merge-policies.ts';
import { SCHEMA_CLASS_LABELS, type DraftErrors, type PolicyDraft } from '../model.ts';

/** Multi-line radio labels: the radio beside the first line, some air between options. */
const RADIO_SX = {
  '& .MuiFormControlLabel-root': { alignItems: 'flex-start', mb: 0.75 },
  '& .MuiRadio-root': { mt: -1 },
  '& .MuiFormControlLabel-label': { overflowWrap: 'anywhere' },
} as const;

export interface ConfigureStepProps {
  draft: PolicyDraft;
  onChange: (patch: Partial<PolicyDraft>) => void;
  errors: DraftErrors;
  /** The saved policy is the default (it cannot be turned off here). */
  savedDefault: boolean;
}

export function ConfigureStep({ draft, onChange, errors, savedDefault }: ConfigureStepProps) {
  return (
    <Box sx={{ display: 'grid', gap: 3, maxWidth: 720 }}>
      <TextField
        label="Name"
        required
        value={draft.name}
        onChange={(e) => onChange({ name: e.target.value })}
        error={Boolean(errors.name)}
        helperText={errors.name ?? 'Descriptive and short: audiences and exports refer to it by name.'}
        slotProps={{ htmlInput: { maxLength: 256 } }}
        autoFocus
      />
      <TextField
        select
        label="Schema class"
        value={draft.schemaName}
        onChange={(e) => onChange({ schemaName: e.target.value })}
        helperText="The record class the policy merges. This profile store holds XDM Individual Profile only."
      >
        <MenuItem value={PROFILE_CLASS}>{SCHEMA_CLASS_LABELS[PROFILE_CLASS]}</MenuItem>
      </TextField>

      <FormControl>
        <FormLabel id="mp-stitching">Identity stitching</FormLabel>
        <RadioGroup
          sx={RADIO_SX}
          aria-labelledby="mp-stitching"
          value={draft.identityGraph}
          onChange={(e) => onChange({ identityGraph: e.target.value as IdentityGraphType })}
        >
          <FormControlLabel
            value="pdg"
            control={<Radio />}
            label="Private graph: merge the fragments of every identity linked to the one looked up"
          />
          <FormControlLabel
            value="none"
            control={<Radio />}
            label="None: only the looked-up identity’s own fragments (one person can be several profiles)"
          />
        </RadioGroup>
        <FormHelperText>
          Stitching changes what a profile is, and so how many profiles there are.
        </FormHelperText>
      </FormControl>

      <FormControl>
        <FormLabel id="mp-attribute-merge">Attribute merge</FormLabel>
        <RadioGroup
          sx={RADIO_SX}
          aria-labelledby="mp-attribute-merge"
          value={draft.attributeMerge}
          onChange={(e) => onChange({ attributeMerge: e.target.value as AttributeMergeType })}
        >
          <FormControlLabel
            value="timestampOrdered"
            control={<Radio />}
            label="Timestamp ordered: the most recently updated fragment wins (extSourceSystemAudit.lastUpdatedDate when present)"
          />
          <FormControlLabel
            value="dataSetPrecedence"
            control={<Radio />}
            label="Dataset precedence: you order the datasets; datasets left out are not merged"
          />
        </RadioGroup>
      </FormControl>

      <Box>
        <FormControlLabel
          control={
            <Switch
              checked={draft.isDefault}
              onChange={(e) => onChange({ isDefault: e.target.checked })}
              disabled={savedDefault && draft.isDefault}
            />
          }
          label="Default merge policy"
        />
        <FormHelperText error={Boolean(errors.isDefault)} sx={{ ml: 0 }}>
          {errors.isDefault ??
            (savedDefault
              ? 'This is the default policy. To change that, make another policy the default.'
              : 'Lookups, exports and audiences without a merge policy use the default one. Saving this demotes the current default.')}
        </FormHelperText>
      </Box>
      <Box>
        <FormControlLabel
          control={
            <Switch
              checked={draft.isActiveOnEdge}
              onChange={(e) => onChange({ isActiveOnEdge: e.target.checked })}
            />
          }
          label="Active on edge"
        />
        <FormHelperText error={Boolean(errors.isActiveOnEdge)} sx={{ ml: 0 }}>
          {errors.isActiveOnEdge ??
            'Edge audiences use the policy that is active on edge; a sandbox has at most one.'}
        </FormHelperText>
      </Box>
      {draft.isDefault && !savedDefault && (
        <Alert severity="warning">
          Making this the default changes the profiles every lookup, export and default-bound audience sees,
          and the profile counts.
        </Alert>
      )}
    </Box>
  );
}
