// The sandbox's recent lookups (this browser only), newest first, each a link to its profile.
import { Link as RouterLink } from 'react-router';
import Button from '@mui/material/Button';
import List from '@mui/material/List';
import ListItemButton from '@mui/material/ListItemButton';
import ListItemIcon from '@mui/material/ListItemIcon';
import ListItemText from '@mui/material/ListItemText';
import Typography from '@mui/material/Typography';
import HistoryIcon from '@mui/icons-material/History';
import { RelativeTime } from '../../../components/relative-time.tsx';
import { profilePath } from '../profile-links.ts';
import type { RecentLookup } from '../recent-lookups.ts';
import { Panel } from './panel.tsx';

export function RecentLookupsPanel({ sandbox, lookups, onClear }: { sandbox: string; lookups: RecentLookup[]; onClear: () => void }) {
  return (
    <Panel
      title="Recent lookups"
      subtitle="Profiles you opened in this sandbox, in this browser"
      action={
        lookups.length > 0 && (
          <Button size="small" onClick={onClear}>
            Clear
          </Button>
        )
      }
    >
      {lookups.length === 0 ? (
        <Typography variant="body2" color="text.secondary" sx={{ py: 2 }}>
          No lookups yet. Profiles you open appear here.
        </Typography>
      ) : (
        <List dense disablePadding aria-label="Recent lookups">
          {lookups.map((r) => (
            <li key={`${r.namespace}\u0000${r.id}`}>
              <ListItemButton component={RouterLink} to={profilePath(sandbox, r.namespace, r.id, r.mergePolicyId)} sx={{ borderRadius: 1 }}>
                <ListItemIcon sx={{ minWidth: 36 }}>
                  <HistoryIcon fontSize="small" aria-hidden />
                </ListItemIcon>
                <ListItemText
                  primary={r.label ?? r.id}
                  secondary={
                    <>
                      {r.namespace} · {r.label ? `${r.id} · ` : ''}
                      <RelativeTime value={r.at} />
                    </>
                  }
                  slotProps={{
                    primary: { noWrap: true },
                    secondary: { noWrap: true, component: 'span', sx: { display: 'block' } },
                  }}
                />
              </ListItemButton>
            </li>
          ))}
        </List>
      )}
    </Panel>
  );
}
