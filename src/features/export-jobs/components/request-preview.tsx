// The request the New export form sends: its JSON, "Copy as cURL" and "Copy JSON".
import { useState } from 'react';
import Button from '@mui/material/Button';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import TerminalIcon from '@mui/icons-material/Terminal';
import CheckIcon from '@mui/icons-material/Check';
import type { CreateExportJobBody } from '../../../../contracts/export-jobs.ts';
import { EXPORT_JOBS } from '../../../../contracts/export-jobs.ts';
import { JsonViewer } from '../../../components/json-viewer.tsx';
import { curlCommand } from '../export-request.ts';

export function RequestPreview({ body, tenant }: { body: CreateExportJobBody; tenant: { orgId: string; sandbox: string } }) {
  const [copied, setCopied] = useState<'idle' | 'copied' | 'failed'>('idle');
  const copyCurl = async () => {
    try {
      await navigator.clipboard.writeText(curlCommand(body, tenant, window.location.origin));
      setCopied('copied');
    } catch {
      setCopied('failed');
    }
    setTimeout(() => setCopied('idle'), 1500);
  };
  return (
    <Stack spacing={1}>
      <Stack direction="row" sx={{ alignItems: 'center', justifyContent: 'space-between', gap: 1, flexWrap: 'wrap' }}>
        <Typography variant="body2" color="text.secondary" sx={{ fontFamily: 'monospace' }}>
          POST {EXPORT_JOBS}
        </Typography>
        <Button size="small" variant="outlined" startIcon={copied === 'copied' ? <CheckIcon /> : <TerminalIcon />} onClick={copyCurl}>
          {copied === 'copied' ? 'Copied' : copied === 'failed' ? 'Copy failed' : 'Copy as cURL'}
        </Button>
      </Stack>
      <JsonViewer value={body} label="Request body" maxHeight={420} />
    </Stack>
  );
}
