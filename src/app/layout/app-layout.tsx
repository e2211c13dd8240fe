// The shell: an AppBar over a navigation Drawer (permanent from md up, temporary below) and the
// page in <main>. A skip link lets keyboard users jump past the navigation.
import { useCallback, useState, type ReactNode } from 'react';
import { Link as RouterLink, useNavigate, useNavigation } from 'react-router';
import AppBar from '@mui/material/AppBar';
import Box from '@mui/material/Box';
import Drawer from '@mui/material/Drawer';
import IconButton from '@mui/material/IconButton';
import LinearProgress from '@mui/material/LinearProgress';
import Link from '@mui/material/Link';
import Toolbar from '@mui/material/Toolbar';
import Typography from '@mui/material/Typography';
import useMediaQuery from '@mui/material/useMediaQuery';
import type { Theme } from '@mui/material/styles';
import MenuIcon from '@mui/icons-material/Menu';
import HubOutlinedIcon from '@mui/icons-material/HubOutlined';
import type { Sandbox } from '../../../contracts/sandboxes.ts';
import { useConsoleConfig } from '../../config/console-config.ts';
import { FOCUS_SEARCH_STATE, useSearchShortcut } from '../../hooks/use-search-shortcut.ts';
import { NavList } from './nav-list.tsx';
import { SandboxSwitcher } from './sandbox-switcher.tsx';
import { ThemeMenu } from './theme-menu.tsx';
import { ConnectionButton } from './connection-button.tsx';

export const DRAWER_WIDTH = 232;

export interface AppLayoutProps {
  sandbox: string;
  sandboxes: Sandbox[] | undefined;
  children: ReactNode;
}

function DrawerFooter() {
  const config = useConsoleConfig();
  return (
    <Box sx={{ p: 2, color: 'text.secondary', fontSize: 12 }}>
      <Typography variant="caption" component="p" sx={{ overflowWrap: 'anywhere' }}>
        Org {config.orgId}
      </Typography>
      <Typography variant="caption" component="p">
        {config.mode === 'local' ? 'Local Profile service' : 'Adobe Experience Platform'} · v{config.version}
      </Typography>
      <Link href="/docs" target="_blank" rel="noopener" variant="caption">
        API reference
      </Link>
    </Box>
  );
}

export function AppLayout({ sandbox, sandboxes, children }: AppLayoutProps) {
  const isDesktop = useMediaQuery((theme: Theme) => theme.breakpoints.up('md'), { noSsr: true });
  const [mobileOpen, setMobileOpen] = useState(false);
  const navigation = useNavigation();
  // `/` focuses the profile search box from anywhere (on other pages: opens the lookup page).
  const navigate = useNavigate();
  const openSearch = useCallback(
    () => navigate(`/${sandbox}/profiles`, { state: { [FOCUS_SEARCH_STATE]: true } }),
    [navigate, sandbox],
  );
  useSearchShortcut(openSearch);

  const drawerContent = (
    <Box sx={{ display: 'flex', flexDirection: 'column', height: '100%' }}>
      <Toolbar>
        {!isDesktop && (
          <Typography variant="h6" component="span" sx={{ fontWeight: 600 }}>
            Profile Console
          </Typography>
        )}
      </Toolbar>
      <Box component="nav" aria-label="Main" sx={{ pt: 1 }}>
        <NavList sandbox={sandbox} onNavigate={() => setMobileOpen(false)} />
      </Box>
      <Box sx={{ flexGrow: 1 }} />
      <DrawerFooter />
    </Box>
  );

  return (
    <Box sx={{ display: 'flex', minHeight: '100vh' }}>
      <Link
        href="#main"
        sx={{
          position: 'absolute',
          left: 8,
          top: -48,
          zIndex: (t) => t.zIndex.tooltip + 1,
          bgcolor: 'background.paper',
          p: 1,
          borderRadius: 1,
          '&:focus': { top: 8 },
        }}
      >
        Skip to main content
      </Link>
      <AppBar position="fixed" color="primary" sx={{ zIndex: (t) => t.zIndex.drawer + 1 }}>
        <Toolbar sx={{ gap: 1 }}>
          {!isDesktop && (
            <IconButton
              color="inherit"
              edge="start"
              aria-label="Open navigation"
              onClick={() => setMobileOpen(true)}
            >
              <MenuIcon />
            </IconButton>
          )}
          <Box
            component={RouterLink}
            to={`/${sandbox}`}
            aria-label="Profile Console home"
            sx={{
              display: 'flex',
              alignItems: 'center',
              gap: 1,
              color: 'inherit',
              textDecoration: 'none',
              minWidth: 0,
            }}
          >
            <HubOutlinedIcon aria-hidden />
            <Typography
              variant="h6"
              component="span"
              noWrap
              sx={{ fontWeight: 600, display: { xs: 'none', sm: 'block' } }}
            >
              Profile Console
            </Typography>
          </Box>
          <Box sx={{ flexGrow: 1 }} />
          <SandboxSwitcher current={sandbox} sandboxes={sandboxes} />
          <ConnectionButton />
          <ThemeMenu />
        </Toolbar>
        {navigation.state === 'loading' && (
          <LinearProgress
            color="inherit"
            aria-label="Loading page"
            sx={{ position: 'absolute', bottom: 0, left: 0, right: 0, height: 2 }}
          />
        )}
      </AppBar>
      {isDesktop ? (
        <Drawer
          variant="permanent"
          sx={{
            width: DRAWER_WIDTH,
            flexShrink: 0,
            '& .MuiDrawer-paper': { width: DRAWER_WIDTH, boxSizing: 'border-box' },
          }}
        >
          {drawerContent}
        </Drawer>
      ) : (
        <Drawer
          variant="temporary"
          open={mobileOpen}
          onClose={() => setMobileOpen(false)}
          ModalProps={{ keepMounted: true }}
          sx={{
            zIndex: (t) => t.zIndex.modal,
            '& .MuiDrawer-paper': { width: DRAWER_WIDTH, boxSizing: 'border-box' },
          }}
        >
          {drawerContent}
        </Drawer>
      )}
      <Box component="main" id="main" tabIndex={-1} sx={{ flexGrow: 1, minWidth: 0, outline: 'none' }}>
        <Toolbar />
        <Box sx={{ p: { xs: 2, md: 3 }, maxWidth: 1600, mx: 'auto' }}>{children}</Box>
      </Box>
    </Box>
  );
}
