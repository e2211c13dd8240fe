import { useId, useState } from 'react';
import { useLocation, useNavigate } from 'react-router';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import Divider from '@mui/material/Divider';
import ListItemText from '@mui/material/ListItemText';
import ListSubheader from '@mui/material/ListSubheader';
import Menu from '@mui/material/Menu';
import MenuItem from '@mui/material/MenuItem';
import ArrowDropDownIcon from '@mui/icons-material/ArrowDropDown';
import type { Sandbox } from '../../../contracts/sandboxes.ts';
import { areaOfPath, DEFAULT_AREA } from '../areas.tsx';

export interface SandboxSwitcherProps {
  current: string;
  sandboxes: Sandbox[] | undefined;
}

function ProductionChip() {
  return (
    <Chip
      label="Production"
      size="small"
      color="warning"
      variant="outlined"
      sx={{ ml: 1, height: 20, fontSize: 11 }}
    />
  );
}

/** Switches sandbox and stays in the same area (`/prod/datasets/x` → `/dev/datasets`). */
export function SandboxSwitcher({ current, sandboxes }: SandboxSwitcherProps) {
  const [anchor, setAnchor] = useState<HTMLElement | null>(null);
  const navigate = useNavigate();
  const { pathname } = useLocation();
  const menuId = useId();
  const active = sandboxes?.find((s) => s.name === current);
  const area = areaOfPath(pathname)?.segment ?? DEFAULT_AREA;
  const text = active?.title ?? current;

  return (
    <>
      <Button
        color="inherit"
        variant="outlined"
        size="small"
        aria-label={`Sandbox: ${text}`}
        aria-haspopup="menu"
        aria-controls={anchor ? menuId : undefined}
        aria-expanded={anchor ? 'true' : undefined}
        endIcon={<ArrowDropDownIcon />}
        onClick={(e) => setAnchor(e.currentTarget)}
        sx={{ borderColor: 'currentColor', maxWidth: { xs: 150, sm: 280 }, minWidth: 0 }}
      >
        <span style={{ overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }}>{text}</span>
        {active?.type === 'production' && (
          <Chip
            label="Prod"
            size="small"
            sx={{
              ml: 1,
              height: 18,
              fontSize: 10.5,
              bgcolor: 'warning.main',
              color: 'warning.contrastText',
              display: { xs: 'none', sm: 'inline-flex' },
            }}
          />
        )}
      </Button>
      <Menu
        id={menuId}
        anchorEl={anchor}
        open={Boolean(anchor)}
        onClose={() => setAnchor(null)}
        slotProps={{ paper: { sx: { minWidth: 260, maxHeight: 420 } } }}
      >
        <ListSubheader sx={{ lineHeight: '32px' }}>Sandboxes</ListSubheader>
        <Divider />
        {(sandboxes ?? []).map((s) => (
          <MenuItem
            key={s.name}
            selected={s.name === current}
            aria-current={s.name === current ? 'true' : undefined}
            onClick={() => {
              setAnchor(null);
              if (s.name !== current) navigate(`/${s.name}/${area}`);
            }}
          >
            <ListItemText primary={s.title} secondary={s.title !== s.name ? s.name : undefined} />
            {s.type === 'production' && <ProductionChip />}
          </MenuItem>
        ))}
      </Menu>
    </>
  );
}
