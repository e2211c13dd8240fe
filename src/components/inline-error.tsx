import Alert from '@mui/material/Alert';
import AlertTitle from '@mui/material/AlertTitle';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Typography from '@mui/material/Typography';
import { isApiError } from '../lib/api-client.ts';
import { CopyButton } from './copy-button.tsx';

export interface InlineErrorProps {
  /** What failed, e.g. "Could not load datasets". */
  title: string;
  error: unknown;
  onRetry?: () => void;
  /** Extra actions next to Retry. */
  action?: React.ReactNode;
}

export function errorText(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (typeof error === 'string') return error;
  return 'Something went wrong.';
}

/** The AEP message and request id of a failed call, with a retry. */
export function InlineError({ title, error, onRetry, action }: InlineErrorProps) {
  const requestId = isApiError(error) ? error.requestId : undefined;
  const status = isApiError(error) && error.status > 0 ? error.status : undefined;
  return (
    <Alert
      severity="error"
      role="alert"
      action={
        (onRetry || action) && (
          <Box sx={{ display: 'flex', gap: 1 }}>
            {action}
            {onRetry && (
              <Button color="inherit" size="small" onClick={onRetry}>
                Retry
              </Button>
            )}
          </Box>
        )
      }
      sx={{ alignItems: 'flex-start' }}
    >
      <AlertTitle>{title}</AlertTitle>
      <Typography variant="body2" sx={{ overflowWrap: 'anywhere' }}>
        {errorText(error)}
      </Typography>
      {(requestId || status) && (
        <Typography
          variant="caption"
          component="div"
          sx={{ mt: 0.5, display: 'flex', alignItems: 'center', flexWrap: 'wrap', gap: 0.5 }}
        >
          {status && <span>HTTP {status}</span>}
          {status && requestId && <span aria-hidden>·</span>}
          {requestId && (
            <>
              <span>
                Request id:{' '}
                <Box component="code" sx={{ fontFamily: 'monospace' }}>
                  {requestId}
                </Box>
              </span>
              <CopyButton text={requestId} label="Copy request id" />
            </>
          )}
        </Typography>
      )}
    </Alert>
  );
}
