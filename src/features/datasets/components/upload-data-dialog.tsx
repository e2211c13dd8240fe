// Upload data: pick a JSON/NDJSON file → upload progress → the batch is processed → outcome with
// the counts and every refused record's reason. All through the public batch ingestion API.
import { useEffect, useId, useRef, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import Alert from '@mui/material/Alert';
import AlertTitle from '@mui/material/AlertTitle';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import LinearProgress from '@mui/material/LinearProgress';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import useMediaQuery from '@mui/material/useMediaQuery';
import type { Theme } from '@mui/material/styles';
import UploadFileOutlinedIcon from '@mui/icons-material/UploadFileOutlined';
import { MAX_UPLOAD_BYTES } from '../../../../contracts/ingestion.ts';
import { InlineError } from '../../../components/inline-error.tsx';
import { StatusChip } from '../../../components/status-chip.tsx';
import type { SandboxTenant } from '../../../hooks/use-tenant.ts';
import { plural } from '../../../lib/format.ts';
import { UploadRefusedError, useUploadDataFile, type UploadPhase } from '../api/mutations.ts';
import { batchQueries } from '../api/queries.ts';
import type { BatchRow, DatasetRow } from '../api/requests.ts';
import { ACCEPTED_FILE_TYPES, formatBytes } from '../upload-check.ts';
import { BatchCounts } from './batch-counts.tsx';
import { BatchReasons } from './batch-reasons.tsx';
import { FailedRecordsTable } from './failed-records-table.tsx';

export interface UploadDataDialogProps {
  open: boolean;
  tenant: SandboxTenant;
  dataset: DatasetRow;
  onClose: () => void;
  /** Opens the batch in the dataset page's batch panel. */
  onShowBatch?: (batchId: string) => void;
}

export function UploadDataDialog({ open, tenant, dataset, onClose, onShowBatch }: UploadDataDialogProps) {
  const titleId = useId();
  const fullScreen = useMediaQuery((theme: Theme) => theme.breakpoints.down('sm'), { noSsr: true });
  return (
    <Dialog
      open={open}
      onClose={onClose}
      aria-labelledby={titleId}
      maxWidth="md"
      fullWidth
      fullScreen={fullScreen}
    >
      {open && (
        <UploadFlow
          titleId={titleId}
          tenant={tenant}
          dataset={dataset}
          onClose={onClose}
          onShowBatch={onShowBatch}
        />
      )}
    </Dialog>
  );
}

interface FlowProps extends Omit<UploadDataDialogProps, 'open'> {
  titleId: string;
}

function UploadFlow({ titleId, tenant, dataset, onClose, onShowBatch }: FlowProps) {
  const upload = useUploadDataFile(tenant, dataset.id);
  const [file, setFile] = useState<File | null>(null);
  const [phase, setPhase] = useState<UploadPhase | null>(null);
  const [dragging, setDragging] = useState(false);
  const inputRef = useRef<HTMLInputElement>(null);
  const controller = useRef<AbortController | null>(null);
  const inputId = useId();

  // Closing the dialog stops the upload (the batch is then aborted) or stops watching the batch.
  useEffect(() => () => controller.current?.abort(), []);

  const choose = (picked: File | undefined) => {
    if (!picked) return;
    upload.reset();
    setPhase(null);
    setFile(picked);
  };

  const start = () => {
    if (!file) return;
    controller.current = new AbortController();
    setPhase(null);
    upload.mutate({ file, signal: controller.current.signal, onPhase: setPhase });
  };

  const cancel = () => {
    controller.current?.abort();
    onClose();
  };

  const again = () => {
    upload.reset();
    setPhase(null);
    setFile(null);
    if (inputRef.current) inputRef.current.value = '';
  };

  const working = upload.isPending;
  const outcome = upload.isSuccess ? upload.data : undefined;
  const refused = upload.error instanceof UploadRefusedError ? upload.error : undefined;
  const failed =
    upload.isError && !refused && !(upload.error instanceof DOMException) ? upload.error : undefined;

  return (
    <>
      <DialogTitle id={titleId}>
        Upload data
        <Typography variant="body2" color="text.secondary" component="span" sx={{ display: 'block' }}>
          into {dataset.name}
        </Typography>
      </DialogTitle>
      <DialogContent dividers>
        {!working && !outcome && (
          <Stack spacing={2}>
            <Typography variant="body2">
              A JSON array or NDJSON file (one JSON object per line), up to {formatBytes(MAX_UPLOAD_BYTES)}.
              Each record needs an <code>identityMap</code> with a primary identity. Bad records are refused
              with a reason; good records in the same file still land.
            </Typography>
            <Box
              onDragOver={(e) => {
                e.preventDefault();
                setDragging(true);
              }}
              onDragLeave={() => setDragging(false)}
              onDrop={(e) => {
                e.preventDefault();
                setDragging(false);
                choose(e.dataTransfer.files[0]);
              }}
              sx={{
                border: 2,
                borderStyle: 'dashed',
                borderColor: dragging ? 'primary.main' : 'divider',
                borderRadius: 2,
                p: 3,
                textAlign: 'center',
                bgcolor: dragging ? 'action.hover' : undefined,
              }}
            >
              <UploadFileOutlinedIcon color="action" sx={{ fontSize: 40 }} aria-hidden />
              <Typography variant="body2" sx={{ my: 1 }}>
                {file ? (
                  <>
                    <strong>{file.name}</strong> · {formatBytes(file.size)}
                  </>
                ) : (
                  'Drop a file here, or'
                )}
              </Typography>
              <input
                ref={inputRef}
                id={inputId}
                type="file"
                accept={ACCEPTED_FILE_TYPES}
                aria-label="Data file"
                hidden
                onChange={(e) => choose(e.target.files?.[0])}
              />
              <Button variant="outlined" onClick={() => inputRef.current?.click()}>
                {file ? 'Choose another file' : 'Choose file'}
              </Button>
            </Box>
            {refused && (
              <Alert severity="error" role="alert">
                <AlertTitle>Nothing was uploaded</AlertTitle>
                {refused.message}
              </Alert>
            )}
            {failed != null && (
              <InlineError title="The upload failed; nothing was ingested" error={failed} onRetry={start} />
            )}
          </Stack>
        )}
        {working && <Progress phase={phase} file={file} />}
        {outcome && <Outcome tenant={tenant} batch={outcome} />}
      </DialogContent>
      <DialogActions>
        {outcome ? (
          <>
            {onShowBatch && <Button onClick={() => onShowBatch(outcome.id)}>Open batch</Button>}
            <Button onClick={again}>Upload another file</Button>
            <Button variant="contained" onClick={onClose}>
              Done
            </Button>
          </>
        ) : (
          <>
            <Button onClick={cancel}>Cancel</Button>
            <Button variant="contained" onClick={start} disabled={!file || working}>
              {working ? 'Uploading…' : 'Upload'}
            </Button>
          </>
        )}
      </DialogActions>
    </>
  );
}

function Progress({ phase, file }: { phase: UploadPhase | null; file: File | null }) {
  if (phase?.step === 'processing') {
    return (
      <Stack spacing={1.5} aria-live="polite">
        <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }}>
          <Typography variant="body2">Processing batch</Typography>
          <StatusChip status={phase.batch?.status ?? 'processing'} />
        </Stack>
        <LinearProgress aria-label="Processing the batch" />
        <Typography variant="caption" color="text.secondary" sx={{ fontFamily: 'monospace' }}>
          {phase.batchId}
        </Typography>
      </Stack>
    );
  }
  const loaded = phase?.step === 'uploading' ? phase.loaded : 0;
  const total = phase?.step === 'uploading' ? phase.total || file?.size || 1 : file?.size || 1;
  const percent = Math.min(100, Math.round((loaded / total) * 100));
  return (
    <Stack spacing={1.5} aria-live="polite">
      <Typography variant="body2">
        {phase ? 'Uploading' : 'Checking and creating the batch for'} {file?.name}
      </Typography>
      <LinearProgress
        variant={phase ? 'determinate' : 'indeterminate'}
        value={percent}
        aria-label="Upload progress"
      />
      <Typography variant="caption" color="text.secondary">
        {phase ? `${percent}% · ${formatBytes(loaded)} of ${formatBytes(total)}` : ' '}
      </Typography>
    </Stack>
  );
}

function Outcome({ tenant, batch }: { tenant: SandboxTenant; batch: BatchRow }) {
  const failedCount = batch.metrics?.failedRecordCount ?? 0;
  const ingested = batch.metrics?.outputRecordCount ?? 0;
  const read = batch.metrics?.inputRecordCount ?? 0;
  const failedRecords = useQuery({
    ...batchQueries.failed(tenant, batch.id, { start: 0, limit: 100 }),
    enabled: failedCount > 0,
  });
  const severity = batch.status !== 'success' ? 'error' : failedCount > 0 ? 'warning' : 'success';
  const title =
    batch.status === 'success'
      ? failedCount > 0
        ? `Ingested ${plural(ingested, 'record')}; ${plural(failedCount, 'record')} failed`
        : `Ingested all ${plural(ingested, 'record')}`
      : `The batch ${batch.status === 'aborted' ? 'was aborted' : 'failed'}: ${plural(ingested, 'record')} ingested`;
  return (
    <Stack spacing={2}>
      <Alert severity={severity} role="status">
        <AlertTitle>{title}</AlertTitle>
        {read > 0 ? `${plural(read, 'record')} read from the file.` : 'No records were read from the file.'}
      </Alert>
      <BatchCounts batch={batch} />
      <BatchReasons batch={batch} headingVariant="subtitle2" />
      {failedCount > 0 && (
        <Box>
          <Typography variant="subtitle2" component="h3" gutterBottom>
            Failed records
          </Typography>
          {failedRecords.isPending && <LinearProgress aria-label="Loading failed records" />}
          {failedRecords.isError && (
            <InlineError
              title="Could not load the failed records"
              error={failedRecords.error}
              onRetry={() => failedRecords.refetch()}
            />
          )}
          {failedRecords.data && (
            <FailedRecordsTable
              records={failedRecords.data.data}
              total={failedRecords.data._page.totalCount}
              caption="Failed records of the upload"
            />
          )}
          {failedRecords.data && failedRecords.data._page.totalCount > failedRecords.data.data.length && (
            <Typography variant="caption" color="text.secondary">
              Showing the first {failedRecords.data.data.length} of {failedRecords.data._page.totalCount};
              open the batch to page through all.
            </Typography>
          )}
        </Box>
      )}
    </Stack>
  );
}
