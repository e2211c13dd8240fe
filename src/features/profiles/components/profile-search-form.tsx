// The lookup form: one search box for the identity value, its namespace (suggested from the value's
// shape, changeable) and the merge policy. The box answers the console-wide `/` shortcut.
import { useId, useRef, useState, useEffect, type FormEvent } from 'react';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import InputAdornment from '@mui/material/InputAdornment';
import Link from '@mui/material/Link';
import ListItemText from '@mui/material/ListItemText';
import MenuItem from '@mui/material/MenuItem';
import Paper from '@mui/material/Paper';
import TextField from '@mui/material/TextField';
import SearchIcon from '@mui/icons-material/Search';
import type { Namespace } from '../../../../contracts/identity.ts';
import type { MergePolicy } from '../../../../contracts/merge-policies.ts';
import { SEARCH_SHORTCUT_ATTRIBUTE } from '../../../hooks/use-search-shortcut.ts';
import { suggestNamespace, type PastLookup } from '../namespace-suggestion.ts';
import { MergePolicySelect } from './merge-policy-select.tsx';

export interface ProfileSearchFormProps {
  namespaces: Namespace[] | undefined;
  namespacesLoading?: boolean;
  policies: MergePolicy[] | undefined;
  policiesLoading?: boolean;
  policyId: string;
  onPolicyChange: (id: string) => void;
  onSubmit: (lookup: { namespace: string; id: string }) => void;
  /** Earlier lookups: values shaped like one of them get its namespace. */
  past?: PastLookup[];
  autoFocus?: boolean;
}

function Kbd({ children }: { children: string }) {
  return (
    <Box
      component="kbd"
      title={`Press ${children} anywhere to search`}
      sx={{
        fontFamily: 'inherit',
        fontSize: 12,
        lineHeight: '18px',
        px: 0.75,
        border: 1,
        borderColor: 'divider',
        borderRadius: 0.5,
        color: 'text.secondary',
      }}
    >
      {children}
    </Box>
  );
}

export function ProfileSearchForm(props: ProfileSearchFormProps) {
  const { namespaces, policies, policyId, onPolicyChange, onSubmit, past = [] } = props;
  const [value, setValue] = useState('');
  /** A namespace the user picked; null while the suggestion decides. */
  const [chosen, setChosen] = useState<string | null>(null);
  const [submitted, setSubmitted] = useState(false);
  const inputRef = useRef<HTMLInputElement>(null);
  const helperId = useId();

  useEffect(() => {
    if (props.autoFocus) inputRef.current?.focus();
  }, [props.autoFocus]);

  const suggestion = suggestNamespace(value, namespaces ?? [], past);
  const namespace = chosen ?? suggestion?.code ?? '';
  const trimmed = value.trim();
  const valueError = submitted && trimmed === '' ? 'Type an identity value, e.g. an email address' : undefined;
  const namespaceError = submitted && trimmed !== '' && namespace === '' ? 'Pick the namespace of this value' : undefined;

  let namespaceHelper: React.ReactNode = namespaceError ?? (trimmed === '' ? 'Suggested from the value you type' : 'No suggestion for this value: pick one');
  if (!namespaceError && suggestion) {
    namespaceHelper =
      chosen && chosen !== suggestion.code ? (
        <>
          Suggested: {suggestion.code} ({suggestion.reason}).{' '}
          <Link component="button" type="button" variant="caption" onClick={() => setChosen(null)} sx={{ verticalAlign: 'baseline' }}>
            Use {suggestion.code}
          </Link>
        </>
      ) : (
        `Suggested: ${suggestion.reason}`
      );
  } else if (!namespaceError && chosen) {
    namespaceHelper = 'Chosen by you';
  }

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setSubmitted(true);
    if (trimmed === '' || namespace === '') {
      (trimmed === '' ? inputRef.current : null)?.focus();
      return;
    }
    onSubmit({ namespace, id: trimmed });
  };

  return (
    <Paper variant="outlined" component="form" role="search" aria-label="Profile lookup" onSubmit={submit} noValidate sx={{ p: { xs: 2, md: 2.5 } }}>
      <Box
        sx={{
          display: 'grid',
          gap: 2,
          gridTemplateColumns: { xs: '1fr', md: 'minmax(0, 2fr) minmax(170px, 0.8fr) minmax(250px, 1.2fr) auto' },
          alignItems: 'start',
        }}
      >
        <TextField
          label="Identity value"
          placeholder="Email, phone, ECID, CRM id…"
          value={value}
          onChange={(e) => {
            setValue(e.target.value);
            if (e.target.value.trim() === '') setChosen(null);
          }}
          error={Boolean(valueError)}
          helperText={valueError ?? 'Any identity of the person: the namespace is suggested from its shape'}
          autoComplete="off"
          inputRef={inputRef}
          fullWidth
          slotProps={{
            htmlInput: { [SEARCH_SHORTCUT_ATTRIBUTE]: '', spellCheck: false, 'aria-keyshortcuts': '/' },
            input: {
              startAdornment: (
                <InputAdornment position="start">
                  <SearchIcon aria-hidden />
                </InputAdornment>
              ),
              endAdornment: (
                <InputAdornment position="end" aria-hidden sx={{ display: { xs: 'none', sm: 'flex' } }}>
                  <Kbd>/</Kbd>
                </InputAdornment>
              ),
            },
          }}
        />
        <TextField
          select
          label="Namespace"
          value={namespaces?.some((n) => n.code === namespace) ? namespace : ''}
          onChange={(e) => setChosen(e.target.value)}
          error={Boolean(namespaceError)}
          helperText={namespaceHelper}
          disabled={!namespaces}
          fullWidth
          slotProps={{
            formHelperText: { id: helperId, 'aria-live': 'polite' } as object,
            select: { renderValue: (code) => String(code) },
          }}
        >
          {(namespaces ?? []).map((n) => (
            <MenuItem key={n.code} value={n.code}>
              <ListItemText primary={n.code} secondary={n.name !== n.code ? n.name : undefined} />
            </MenuItem>
          ))}
        </TextField>
        <MergePolicySelect policies={policies} value={policyId} onChange={onPolicyChange} loading={props.policiesLoading} fullWidth />
        <Button type="submit" variant="contained" size="large" startIcon={<SearchIcon />} sx={{ height: 56 }}>
          Look up
        </Button>
      </Box>
    </Paper>
  );
}
