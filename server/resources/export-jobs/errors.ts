// Export-job and Data Access errors: RFC 7807 problem details (api-contract §2.2), built by the one
// error factory. Malformed input → 400; references that do not resolve or requests this service
// cannot serve (audiences) → 422; the wrong moment (cancel a finished job, download a running
// job's output) → 409; unknown ids → 404.
import { problem } from '../../http/api-error.ts';

const CODE = 'UPS-EXP';
const DATA_ACCESS = 'DAS';

export const exportErrors = {
  badRequest: (detail: string, requestId: string) => problem(400, detail, { code: CODE, requestId }),
  unprocessable: (detail: string, requestId: string) => problem(422, detail, { code: CODE, requestId }),
  notFound: (id: string | number, requestId: string) => problem(404, `Export job ${id} not found`, { code: CODE, requestId }),
  conflict: (detail: string, requestId: string) => problem(409, detail, { code: CODE, requestId }),
  batchNotFound: (detail: string, requestId: string) => problem(404, detail, { code: DATA_ACCESS, requestId }),
  batchNotReady: (detail: string, requestId: string) => problem(409, detail, { code: DATA_ACCESS, requestId }),
  rangeNotSatisfiable: (detail: string, requestId: string) => problem(416, detail, { code: DATA_ACCESS, title: 'Range Not Satisfiable', requestId }),
};
