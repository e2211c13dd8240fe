// The profile page's header: name (or the looked-up identity), the key identities per namespace,
// when it last changed, the merge policy it is merged with (switchable) and a way back to lookup.
import type { ReactNode } from 'react';
import { Link as RouterLink } from 'react-router';
import Box from '@mui/material/Box';
import Breadcrumbs from '@mui/material/Breadcrumbs';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import Link from '@mui/material/Link';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import SearchIcon from '@mui/icons-material/Search';
import { PageHeader } from '../../../components/page-header.tsx';
import { RelativeTime } from '../../../components/relative-time.tsx';
import { CopyButton } from '../../../components/copy-button.tsx';
import { lookupPath } from '../profile-links.ts';
import { namespaceColor } from './namespace-colors.ts';

const KEY_NAMESPACES = ['email', 'phone', 'crmid', 'loyaltyid', 'ecid'];

export interface KeyIdentity {
  namespace: string;
  ids: string[];
}

/** Identities grouped by namespace: the looked-up namespace first, then the usual people keys. */
export function keyIdentities(identities: { namespace: string; id: string }[], lookedUp: string): KeyIdentity[] {
  const groups = new Map<string, string[]>();
  for (const i of identities) groups.set(i.namespace, [...(groups.get(i.namespace) ?? []), i.id]);
  const rank = (ns: string) => (ns.toLowerCase() === lookedUp.toLowerCase() ? -1 : KEY_NAMESPACES.indexOf(ns.toLowerCase()) >= 0 ? KEY_NAMESPACES.indexOf(ns.toLowerCase()) : 99);
  return [...groups.entries()].map(([namespace, ids]) => ({ namespace, ids })).sort((a, b) => rank(a.namespace) - rank(b.namespace) || a.namespace.localeCompare(b.namespace));
}

export interface ProfileHeaderProps {
  sandbox: string;
  namespace: string;
  id: string;
  title: string;
  identities?: KeyIdentity[];
  xid?: string;
  lastModifiedAt?: string;
  mergePolicyId: string | undefined;
  policySelect: ReactNode;
}

export function ProfileHeader(props: ProfileHeaderProps) {
  const { sandbox, namespace, id, identities, xid, lastModifiedAt } = props;
  return (
    <>
      <PageHeader
        overline={
          <Breadcrumbs aria-label="Breadcrumb" sx={{ mb: 0.5 }}>
            <Link component={RouterLink} to={lookupPath(sandbox)} underline="hover" color="inherit">
              Profiles
            </Link>
            <Typography color="text.primary" variant="body2" noWrap sx={{ maxWidth: { xs: 220, sm: 420 } }}>
              {namespace}: {id}
            </Typography>
          </Breadcrumbs>
        }
        title={props.title}
        subtitle={
          <>
            Looked up by {namespace} {id}
            {lastModifiedAt && (
              <>
                {' '}
                · Last modified <RelativeTime value={lastModifiedAt} />
              </>
            )}
          </>
        }
        actions={
          <>
            {props.policySelect}
            <Button variant="outlined" startIcon={<SearchIcon />} component={RouterLink} to={lookupPath(sandbox)} sx={{ height: 40, alignSelf: 'flex-start' }}>
              New lookup
            </Button>
          </>
        }
      />
      {identities && identities.length > 0 && (
        <Stack
          component="ul"
          aria-label="Key identities"
          direction="row"
          sx={{
            listStyle: 'none',
            p: 0,
            m: 0,
            mt: -1.5,
            mb: 2,
            gap: 1,
            alignItems: 'center',
            // One scrollable line on phones, wrapped lines from sm up.
            flexWrap: { xs: 'nowrap', sm: 'wrap' },
            overflowX: { xs: 'auto', sm: 'visible' },
            pb: { xs: 0.5, sm: 0 },
            '& > li': { flexShrink: 0 },
          }}
        >
          {identities.map((k) => (
            <li key={k.namespace}>
              <Chip
                variant="outlined"
                title={k.ids.join('\n')}
                icon={<Box component="span" aria-hidden sx={{ width: 10, height: 10, borderRadius: '50%', bgcolor: namespaceColor(k.namespace), ml: '10px !important' }} />}
                label={
                  <>
                    <Box component="span" sx={{ fontWeight: 600, mr: 0.75 }}>
                      {k.namespace}
                    </Box>
                    <Box component="span" sx={{ fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace', fontSize: 12.5 }}>
                      {k.ids[0].length > 28 ? `${k.ids[0].slice(0, 27)}…` : k.ids[0]}
                    </Box>
                    {k.ids.length > 1 && (
                      <Box component="span" sx={{ ml: 0.75, color: 'text.secondary' }}>
                        +{k.ids.length - 1}
                      </Box>
                    )}
                  </>
                }
              />
            </li>
          ))}
          {xid && (
            <Typography component="li" variant="caption" color="text.secondary" sx={{ display: 'flex', alignItems: 'center', gap: 0.25 }}>
              XID <Box component="code" sx={{ ml: 0.5, maxWidth: 200, overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }}>{xid}</Box>
              <CopyButton text={xid} label="Copy XID" />
            </Typography>
          )}
        </Stack>
      )}
    </>
  );
}
