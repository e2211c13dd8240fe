// Why a profile could not be shown, in words: no profile for the identity (404), a graph over the
// 50-identity limit (422 "Too many related identities"), or any other failure — with the request id.
import { Link as RouterLink } from 'react-router';
import Alert from '@mui/material/Alert';
import AlertTitle from '@mui/material/AlertTitle';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import PersonOffOutlinedIcon from '@mui/icons-material/PersonOffOutlined';
import type { MergePolicy } from '../../../../contracts/merge-policies.ts';
import { CopyButton } from '../../../components/copy-button.tsx';
import { InlineError } from '../../../components/inline-error.tsx';
import { isApiError } from '../../../lib/api-client.ts';
import { lookupPath } from '../profile-links.ts';

export interface ProfileProblemProps {
  error: unknown;
  namespace: string;
  id: string;
  sandbox: string;
  policy: MergePolicy | undefined;
  policies: MergePolicy[] | undefined;
  onPolicyChange: (id: string) => void;
  onRetry: () => void;
}

function RequestId({ error }: { error: unknown }) {
  const requestId = isApiError(error) ? error.requestId : undefined;
  if (!requestId) return null;
  return (
    <Typography variant="caption" color="text.secondary" component="div" sx={{ mt: 1, overflowWrap: 'anywhere' }}>
      HTTP {isApiError(error) ? error.status : ''} · Request id: <code>{requestId}</code>
      <CopyButton text={requestId} label="Copy request id" />
    </Typography>
  );
}

const causeOf = (error: unknown): string | undefined => {
  if (!isApiError(error) || !error.body || typeof error.body !== 'object') return undefined;
  const cause = (error.body as { cause?: unknown }).cause;
  return typeof cause === 'string' ? cause : undefined;
};

export function ProfileProblem(props: ProfileProblemProps) {
  const { error, namespace, id, policy, policies } = props;
  const status = isApiError(error) ? error.status : undefined;

  if (status === 404) {
    const others = (policies ?? []).filter((p) => p.id !== policy?.id);
    return (
      <Paper variant="outlined" component="section" aria-label="No profile" sx={{ p: { xs: 3, md: 5 }, textAlign: 'center' }}>
        <Box sx={{ fontSize: 48, color: 'text.secondary', '& svg': { fontSize: 'inherit' } }} aria-hidden>
          <PersonOffOutlinedIcon />
        </Box>
        <Typography variant="h6" component="h2">
          No profile for {namespace} “{id}”
        </Typography>
        <Typography variant="body2" color="text.secondary" sx={{ mt: 1, maxWidth: 560, mx: 'auto' }}>
          No record or event in this sandbox carries this identity{policy ? ` under the merge policy ${policy.name}` : ''}. Check the value and its
          namespace (identity values are case-sensitive){others.length > 0 ? ', or try another merge policy' : ''}.
        </Typography>
        {isApiError(error) && (
          <Typography variant="body2" color="text.secondary" sx={{ mt: 1, overflowWrap: 'anywhere' }}>
            The service said: {error.message}
          </Typography>
        )}
        <Stack direction="row" sx={{ gap: 1, justifyContent: 'center', mt: 2, flexWrap: 'wrap' }}>
          <Button variant="contained" component={RouterLink} to={lookupPath(props.sandbox, policy && !policy.default ? policy.id : undefined)}>
            Look up another identity
          </Button>
          {others.slice(0, 2).map((p) => (
            <Button key={p.id} onClick={() => props.onPolicyChange(p.id)}>
              Try {p.name}
            </Button>
          ))}
        </Stack>
        <Box sx={{ display: 'flex', justifyContent: 'center' }}>
          <RequestId error={error} />
        </Box>
      </Paper>
    );
  }

  if (status === 422 && isApiError(error) && /too many related identities/i.test(error.message)) {
    const unstitched = (policies ?? []).find((p) => p.identityGraph.type === 'none');
    return (
      <Alert
        severity="warning"
        action={
          unstitched && (
            <Button color="inherit" size="small" onClick={() => props.onPolicyChange(unstitched.id)}>
              Use {unstitched.name}
            </Button>
          )
        }
        sx={{ alignItems: 'flex-start' }}
      >
        <AlertTitle>Too many related identities</AlertTitle>
        <Typography variant="body2">
          The identity graph of {namespace} “{id}” links more than 50 identities, so Profile refuses to merge it (the guardrail also leaves it out of
          segmentation and exports). This usually means a shared or test identity joined unrelated people.
        </Typography>
        {causeOf(error) && (
          <Typography variant="body2" sx={{ mt: 1, overflowWrap: 'anywhere' }}>
            {causeOf(error)}
          </Typography>
        )}
        <Typography variant="body2" sx={{ mt: 1 }}>
          {unstitched
            ? `${unstitched.name} does not stitch identities: it shows this identity's own data.`
            : 'A merge policy with identity graph "none" would show this identity’s own data.'}
        </Typography>
        <RequestId error={error} />
      </Alert>
    );
  }

  return <InlineError title="Could not load the profile" error={error} onRetry={props.onRetry} />;
}
