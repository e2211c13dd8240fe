import type { ReactNode } from 'react';
import Box from '@mui/material/Box';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';

export interface PageHeaderProps {
  title: ReactNode;
  /** One line under the title: what the page shows. */
  subtitle?: ReactNode;
  /** Above the title, e.g. breadcrumbs. */
  overline?: ReactNode;
  /** Page-level actions, right-aligned (below the title on narrow screens). */
  actions?: ReactNode;
}

export function PageHeader({ title, subtitle, overline, actions }: PageHeaderProps) {
  return (
    <Stack
      component="header"
      direction={{ xs: 'column', sm: 'row' }}
      spacing={2}
      sx={{ alignItems: { xs: 'stretch', sm: 'flex-end' }, justifyContent: 'space-between', mb: 3 }}
    >
      <Box sx={{ minWidth: 0 }}>
        {overline}
        <Typography variant="h5" component="h1" sx={{ fontWeight: 600, overflowWrap: 'anywhere' }}>
          {title}
        </Typography>
        {subtitle && (
          <Typography variant="body2" color="text.secondary" sx={{ mt: 0.5 }}>
            {subtitle}
          </Typography>
        )}
      </Box>
      {actions && (
        <Stack
          direction="row"
          spacing={1}
          sx={{ flexShrink: 0, flexWrap: 'wrap', gap: 1, '& > *': { m: '0 !important' } }}
        >
          {actions}
        </Stack>
      )}
    </Stack>
  );
}
