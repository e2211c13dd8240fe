// Create a dataset: name, class and the Profile/upsert flags, validated with the contract's schema
// before sending; a name that exists (409) is shown on the name field.
import { useId, useState } from 'react';
import Button from '@mui/material/Button';
import Checkbox from '@mui/material/Checkbox';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import FormControl from '@mui/material/FormControl';
import FormControlLabel from '@mui/material/FormControlLabel';
import FormHelperText from '@mui/material/FormHelperText';
import FormLabel from '@mui/material/FormLabel';
import Radio from '@mui/material/Radio';
import RadioGroup from '@mui/material/RadioGroup';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import useMediaQuery from '@mui/material/useMediaQuery';
import type { Theme } from '@mui/material/styles';
import { CreateDatasetBodySchema, type CreateDatasetBody } from '../../../../contracts/catalog.ts';
import type { DatasetClass } from '../../../../contracts/common.ts';
import { InlineError } from '../../../components/inline-error.tsx';
import type { SandboxTenant } from '../../../hooks/use-tenant.ts';
import { isApiError } from '../../../lib/api-client.ts';
import { useCreateDataset } from '../api/mutations.ts';
import { SCHEMA_OF_CLASS } from '../api/requests.ts';
import { withProfileFlags } from '../profile-flags.ts';
import { CLASS_DESCRIPTIONS, CLASS_LABELS } from './dataset-class.ts';

export interface CreateDatasetDialogProps {
  open: boolean;
  tenant: SandboxTenant;
  onClose: () => void;
  onCreated: (datasetId: string) => void;
}

export function CreateDatasetDialog({ open, tenant, onClose, onCreated }: CreateDatasetDialogProps) {
  const titleId = useId();
  const fullScreen = useMediaQuery((theme: Theme) => theme.breakpoints.down('sm'), { noSsr: true });
  const create = useCreateDataset(tenant);
  const close = () => {
    create.reset();
    onClose();
  };
  return (
    <Dialog
      open={open}
      onClose={create.isPending ? undefined : close}
      aria-labelledby={titleId}
      maxWidth="sm"
      fullWidth
      fullScreen={fullScreen}
    >
      {open && <CreateDatasetForm titleId={titleId} create={create} onClose={close} onCreated={onCreated} />}
    </Dialog>
  );
}

interface FormProps {
  titleId: string;
  create: ReturnType<typeof useCreateDataset>;
  onClose: () => void;
  onCreated: (datasetId: string) => void;
}

type FieldErrors = Partial<Record<'name' | 'description', string>>;

function CreateDatasetForm({ titleId, create, onClose, onCreated }: FormProps) {
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [datasetClass, setDatasetClass] = useState<DatasetClass>('profile');
  const [profileEnabled, setProfileEnabled] = useState(true);
  const [upsert, setUpsert] = useState(false);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [conflict, setConflict] = useState<string | undefined>();

  const upsertAvailable = datasetClass === 'profile' && profileEnabled;

  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    const body: CreateDatasetBody = {
      name,
      ...(description.trim() ? { description: description.trim() } : {}),
      schemaRef: {
        id: SCHEMA_OF_CLASS[datasetClass] as CreateDatasetBody['schemaRef']['id'],
        contentType: 'application/vnd.adobe.xed+json;version=1',
      },
      tags: withProfileFlags({}, { profileEnabled, upsert: upsertAvailable && upsert }),
    };
    const parsed = CreateDatasetBodySchema.safeParse(body);
    if (!parsed.success) {
      const next: FieldErrors = {};
      for (const issue of parsed.error.issues) {
        const field = issue.path[0];
        if ((field === 'name' || field === 'description') && !next[field])
          next[field] = issue.message.replace(/^name/, 'The name');
      }
      setErrors(next);
      return;
    }
    setErrors({});
    setConflict(undefined);
    create.mutate(parsed.data, {
      onSuccess: (id) => onCreated(id),
      onError: (error) => {
        if (isApiError(error) && error.status === 409) setConflict(error.message);
      },
    });
  };

  const nameError = errors.name ?? conflict;
  const otherError =
    create.isError && !(isApiError(create.error) && create.error.status === 409) ? create.error : undefined;

  return (
    <form onSubmit={submit} noValidate>
      <DialogTitle id={titleId}>Create dataset</DialogTitle>
      <DialogContent>
        <Stack spacing={2.5} sx={{ pt: 1 }}>
          <TextField
            label="Name"
            required
            autoFocus
            fullWidth
            value={name}
            onChange={(e) => {
              setName(e.target.value);
              setConflict(undefined);
              if (errors.name) setErrors({ ...errors, name: undefined });
            }}
            error={Boolean(nameError)}
            helperText={nameError ?? 'Unique in this sandbox, up to 256 characters.'}
            slotProps={{ htmlInput: { maxLength: 300 } }}
          />
          <TextField
            label="Description"
            fullWidth
            multiline
            minRows={2}
            value={description}
            onChange={(e) => setDescription(e.target.value)}
            error={Boolean(errors.description)}
            helperText={errors.description}
          />
          <FormControl>
            <FormLabel id={`${titleId}-class`}>Class</FormLabel>
            <RadioGroup
              aria-labelledby={`${titleId}-class`}
              value={datasetClass}
              onChange={(e) => setDatasetClass(e.target.value as DatasetClass)}
            >
              {(['profile', 'experienceevent'] as const).map((c) => (
                <FormControlLabel
                  key={c}
                  value={c}
                  control={<Radio />}
                  label={
                    <span>
                      {CLASS_LABELS[c]}
                      <FormHelperText component="span" sx={{ display: 'block', mt: 0, mx: 0 }}>
                        {CLASS_DESCRIPTIONS[c]}
                      </FormHelperText>
                    </span>
                  }
                  sx={{ alignItems: 'flex-start', mb: 0.5, '& .MuiRadio-root': { pt: 0.5 } }}
                />
              ))}
            </RadioGroup>
          </FormControl>
          <FormControl component="fieldset">
            <FormLabel component="legend">Real-Time Customer Profile</FormLabel>
            <FormControlLabel
              control={
                <Checkbox checked={profileEnabled} onChange={(e) => setProfileEnabled(e.target.checked)} />
              }
              label="Enable for Profile"
            />
            <FormControlLabel
              control={
                <Checkbox
                  checked={upsertAvailable && upsert}
                  disabled={!upsertAvailable}
                  onChange={(e) => setUpsert(e.target.checked)}
                />
              }
              label="Upsert: patch existing fragments instead of replacing them"
            />
            {!upsertAvailable && (
              <FormHelperText sx={{ mx: 0 }}>
                Upsert needs a Profile-class dataset that is enabled for Profile.
              </FormHelperText>
            )}
          </FormControl>
          {otherError != null && <InlineError title="The dataset was not created" error={otherError} />}
        </Stack>
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose} disabled={create.isPending}>
          Cancel
        </Button>
        <Button type="submit" variant="contained" disabled={create.isPending}>
          {create.isPending ? 'Creating…' : 'Create dataset'}
        </Button>
      </DialogActions>
    </form>
  );
}
