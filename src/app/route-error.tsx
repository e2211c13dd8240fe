// Per-route error element: a page that throws (or whose code fails to load) shows this inside the
// layout, with a way out, instead of taking the whole console down.
import { isRouteErrorResponse, Link as RouterLink, useRouteError } from 'react-router';
import Alert from '@mui/material/Alert';
import AlertTitle from '@mui/material/AlertTitle';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import { NotFoundPage } from '../pages/not-found-page.tsx';

function isChunkLoadError(error: unknown): boolean {
  return (
    error instanceof Error &&
    /dynamically imported module|Importing a module script failed|error loading dynamically/i.test(
      error.message,
    )
  );
}

export function RouteError() {
  const error = useRouteError();
  if (isRouteErrorResponse(error) && error.status === 404) return <NotFoundPage />;
  const message = isChunkLoadError(error)
    ? 'This page could not be loaded. The console may have been updated: reload to get the new version.'
    : error instanceof Error
      ? error.message
      : isRouteErrorResponse(error)
        ? `${error.status} ${error.statusText}`
        : 'The page hit an unexpected error.';
  return (
    <Box sx={{ p: { xs: 2, md: 3 }, maxWidth: 720 }}>
      <Alert
        severity="error"
        action={
          <Box sx={{ display: 'flex', gap: 1 }}>
            <Button color="inherit" size="small" component={RouterLink} to="/">
              Home
            </Button>
            <Button color="inherit" size="small" onClick={() => window.location.reload()}>
              Reload
            </Button>
          </Box>
        }
      >
        <AlertTitle>This page failed</AlertTitle>
        {message}
      </Alert>
    </Box>
  );
}
