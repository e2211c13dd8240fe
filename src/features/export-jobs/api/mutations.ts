// Mutation hooks for export jobs; each owns the cache invalidation its change causes.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { CreateExportJobBody, ExportDownloadFormat } from '../../../../contracts/export-jobs.ts';
import type { SandboxTenant } from '../../../hooks/use-tenant.ts';
import { saveFile } from '../save-file.ts';
import { exportJobKeys } from './queries.ts';
import { cancelExportJobRequest, createExportJobRequest, downloadExportRequest } from './requests.ts';

/** Creates an export job; resolves with the job (status NEW). */
export function useCreateExportJob(tenant: SandboxTenant) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateExportJobBody) => createExportJobRequest(tenant, body),
    onSuccess: (job) => {
      queryClient.setQueryData(exportJobKeys.detail(tenant.sandbox, job.id), job);
      return queryClient.invalidateQueries({ queryKey: exportJobKeys.lists(tenant.sandbox) });
    },
  });
}

/** Cancels a NEW or PROCESSING job (it ends FAILED with a cancellation error). */
export function useCancelExportJob(tenant: SandboxTenant, id: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => cancelExportJobRequest(tenant, id),
    onSettled: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: exportJobKeys.detail(tenant.sandbox, id) }),
        queryClient.invalidateQueries({ queryKey: exportJobKeys.lists(tenant.sandbox) }),
      ]),
  });
}

/** Downloads a SUCCEEDED job's output (NDJSON or CSV) and hands it to the browser as a file. */
export function useDownloadExport(tenant: SandboxTenant, id: number) {
  return useMutation({
    mutationFn: async (format: ExportDownloadFormat) => {
      const file = await downloadExportRequest(tenant, id, format);
      saveFile(file.blob, file.fileName ?? `export-${id}.${format}`);
      return file;
    },
  });
}
