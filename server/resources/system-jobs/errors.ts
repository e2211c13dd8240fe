// System-job errors in the envelope of the format the request asked for (api-contract §6):
// legacy → `{requestId, errors: {"<status>": [{code, message}]}}` (§2.4); new (x-sandbox-id) →
// RFC 7807 with type UPAPI-036002-<status> (§2.2). Built by the one error factory.
import { legacyJobError, problem, type ApiError } from '../../http/api-error.ts';

export type JobFormat = 'legacy' | 'new';

const UPAPI = 'UPAPI-036002';

function inFormat(format: JobFormat, status: number, message: string, requestId: string, options: { legacyCode?: string; title?: string } = {}): ApiError {
  if (format === 'new') return problem(status, message, { code: UPAPI, title: options.title, requestId });
  return legacyJobError(status, message, options.legacyCode ?? String(status), requestId);
}

export const systemJobErrors = {
  /** A create body that names no valid target. Legacy 400; new format 422 "Invalid system job payload." */
  invalidPayload: (format: JobFormat, message: string, requestId: string, legacyCode?: string) =>
    format === 'new'
      ? inFormat(format, 422, message, requestId, { title: 'Invalid system job payload.' })
      : inFormat(format, 400, message, requestId, { legacyCode }),
  /** A pending request for the same target (§6.1: "Delete request … already exists"). */
  duplicate: (format: JobFormat, message: string, requestId: string) =>
    inFormat(format, 422, message, requestId, { title: 'Invalid system job payload.' }),
  notFound: (format: JobFormat, id: string, requestId: string) =>
    inFormat(format, 404, `Delete request ${id.slice(0, 128)} not found`, requestId),
  stillProcessing: (format: JobFormat, id: string, requestId: string) =>
    inFormat(format, 409, `Delete request ${id} is still PROCESSING; its record can be removed once it has finished`, requestId),
  badHeader: (message: string, requestId: string) => problem(400, message, { requestId }),
};
