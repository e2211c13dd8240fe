// Profile enablement and upsert of a dataset, each change confirmed first. Turning Profile off
// takes the dataset's data out of merged profiles, so it needs the dataset's name typed.
import { useState } from 'react';
import FormControlLabel from '@mui/material/FormControlLabel';
import FormHelperText from '@mui/material/FormHelperText';
import Stack from '@mui/material/Stack';
import Switch from '@mui/material/Switch';
import { ConfirmDialog } from '../../../components/confirm-dialog.tsx';
import type { SandboxTenant } from '../../../hooks/use-tenant.ts';
import { useUpdateProfileFlags } from '../api/mutations.ts';
import { classOfDataset, type DatasetRow } from '../api/requests.ts';
import { readProfileFlags, type ProfileFlags } from '../profile-flags.ts';

type Change = { flag: 'profile' | 'upsert'; on: boolean };

export function ProfileSettings({ tenant, dataset }: { tenant: SandboxTenant; dataset: DatasetRow }) {
  const flags = readProfileFlags(dataset.tags);
  const update = useUpdateProfileFlags(tenant, dataset);
  const [change, setChange] = useState<Change | null>(null);
  const isProfileClass = classOfDataset(dataset) === 'profile';

  const next = (c: Change): ProfileFlags =>
    c.flag === 'profile'
      ? { profileEnabled: c.on, upsert: c.on ? flags.upsert : false }
      : { profileEnabled: flags.profileEnabled, upsert: c.on };

  const close = () => {
    update.reset();
    setChange(null);
  };

  const dialog = (() => {
    if (!change) return null;
    if (change.flag === 'profile' && change.on) {
      return {
        title: 'Enable for Profile?',
        description: `Records of “${dataset.name}” will be merged into customer profiles, including the records already ingested.`,
        confirmLabel: 'Enable for Profile',
      };
    }
    if (change.flag === 'profile') {
      return {
        title: 'Disable for Profile?',
        description: `Profiles will no longer include data from “${dataset.name}”${flags.upsert ? ', and upsert will be turned off' : ''}. The data stays in the dataset.`,
        confirmLabel: 'Disable for Profile',
        destructive: true,
        typedConfirmation: dataset.name,
      };
    }
    if (change.on) {
      return {
        title: 'Turn on upsert?',
        description:
          'Records ingested from now on update the existing profile fragment of their identity (attributes are patched) instead of replacing it.',
        confirmLabel: 'Turn on upsert',
      };
    }
    return {
      title: 'Turn off upsert?',
      description: 'Records ingested from now on replace the profile fragment of their identity as a whole.',
      confirmLabel: 'Turn off upsert',
    };
  })();

  return (
    <Stack spacing={1}>
      <div>
        <FormControlLabel
          control={
            <Switch
              checked={flags.profileEnabled}
              onChange={(e) => setChange({ flag: 'profile', on: e.target.checked })}
            />
          }
          label="Enabled for Profile"
        />
        <FormHelperText sx={{ mt: -0.5, mx: 0 }}>
          Its records are merged into customer profiles.
        </FormHelperText>
      </div>
      {isProfileClass && (
        <div>
          <FormControlLabel
            control={
              <Switch
                checked={flags.upsert}
                disabled={!flags.profileEnabled}
                onChange={(e) => setChange({ flag: 'upsert', on: e.target.checked })}
              />
            }
            label="Upsert"
          />
          <FormHelperText sx={{ mt: -0.5, mx: 0 }}>
            {flags.profileEnabled
              ? 'New records patch existing fragments instead of replacing them.'
              : 'Upsert needs Profile enabled.'}
          </FormHelperText>
        </div>
      )}
      {dialog && change && (
        <ConfirmDialog
          open
          {...dialog}
          pending={update.isPending}
          error={update.error ?? undefined}
          onClose={close}
          onConfirm={() => update.mutate(next(change), { onSuccess: () => setChange(null) })}
        />
      )}
    </Stack>
  );
}
