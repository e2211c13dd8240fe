import { Link as RouterLink, useLocation } from 'react-router';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import SearchOffIcon from '@mui/icons-material/SearchOff';
import { EmptyState } from '../components/empty-state.tsx';

export function NotFoundPage() {
  const { pathname } = useLocation();
  return (
    <Box component="section" sx={{ p: { xs: 2, md: 3 } }}>
      <EmptyState
        icon={<SearchOffIcon />}
        title="Page not found"
        description={<>There is no page at {pathname}. The link may be old or mistyped.</>}
        action={
          <Button variant="contained" component={RouterLink} to="/">
            Go to the console home
          </Button>
        }
      />
    </Box>
  );
}
