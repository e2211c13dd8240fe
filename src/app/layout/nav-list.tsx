import { NavLink, useLocation } from 'react-router';
import List from '@mui/material/List';
import ListItemButton from '@mui/material/ListItemButton';
import ListItemIcon from '@mui/material/ListItemIcon';
import ListItemText from '@mui/material/ListItemText';
import { AREAS, areaOfPath } from '../areas.tsx';

/** One entry per built area; the active one follows the URL. */
export function NavList({ sandbox, onNavigate }: { sandbox: string; onNavigate?: () => void }) {
  const { pathname } = useLocation();
  const active = areaOfPath(pathname)?.segment;
  return (
    <List component="ul" sx={{ px: 1 }}>
      {AREAS.map(({ segment, label, icon: Icon }) => (
        <li key={segment}>
          <ListItemButton
            component={NavLink}
            to={`/${sandbox}/${segment}`}
            selected={active === segment}
            aria-current={active === segment ? 'page' : undefined}
            onClick={onNavigate}
            sx={{ borderRadius: 1, mb: 0.5 }}
          >
            <ListItemIcon sx={{ minWidth: 40 }}>
              <Icon />
            </ListItemIcon>
            <ListItemText primary={label} />
          </ListItemButton>
        </li>
      ))}
    </List>
  );
}
