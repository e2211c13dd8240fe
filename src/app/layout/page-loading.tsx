import Box from '@mui/material/Box';
import Skeleton from '@mui/material/Skeleton';

/** Placeholder while a page's code or first data loads. */
export function PageLoading({ label = 'Loading page' }: { label?: string }) {
  return (
    <Box role="progressbar" aria-label={label} aria-busy="true">
      <Skeleton variant="text" width={240} height={40} />
      <Skeleton variant="text" width={360} />
      <Skeleton variant="rounded" height={320} sx={{ mt: 3 }} />
    </Box>
  );
}
