import { Link as RouterLink } from 'react-router';
import Button from '@mui/material/Button';
import Link from '@mui/material/Link';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import TravelExploreIcon from '@mui/icons-material/TravelExplore';
import type { Sandbox } from '../../../contracts/sandboxes.ts';
import { EmptyState } from '../../components/empty-state.tsx';
import { useConsoleConfig } from '../../config/console-config.ts';
import { DEFAULT_AREA } from '../areas.tsx';

/**
 * A URL naming a sandbox the org does not have. The service would create it on first use, so
 * nothing is called for it: the page explains and links back.
 */
export function UnknownSandbox({
  name,
  sandboxes,
  area,
}: {
  name: string;
  sandboxes: Sandbox[];
  area: string | undefined;
}) {
  const config = useConsoleConfig();
  const target = area ?? DEFAULT_AREA;
  const fallback = sandboxes.find((s) => s.name === config.defaultSandbox) ?? sandboxes[0];
  return (
    <EmptyState
      icon={<TravelExploreIcon />}
      title={`Sandbox "${name}" does not exist`}
      description={
        <>
          The organisation has no sandbox named “{name}”. Check the link, or pick one of its{' '}
          {sandboxes.length} sandboxes from the sandbox menu.
        </>
      }
      action={
        <Stack spacing={2} sx={{ alignItems: 'center' }}>
          {fallback && (
            <Button variant="contained" component={RouterLink} to={`/${fallback.name}/${target}`}>
              Go to {fallback.title}
            </Button>
          )}
          {sandboxes.length > 1 && (
            <Typography variant="body2" component="div">
              Other sandboxes:{' '}
              {sandboxes
                .filter((s) => s !== fallback)
                .slice(0, 5)
                .map((s, i) => (
                  <span key={s.name}>
                    {i > 0 && ', '}
                    <Link component={RouterLink} to={`/${s.name}/${target}`}>
                      {s.title}
                    </Link>
                  </span>
                ))}
            </Typography>
          )}
        </Stack>
      }
    />
  );
}
