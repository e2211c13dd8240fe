// The one error factory: every non-2xx answer of the service is built here, in the envelope of the
// layer that answers (api-contract §2).
import { randomUUID } from 'node:crypto';
import type { ErrorShape } from '../../contracts/index.ts';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
    readonly contentType = 'application/json',
  ) {
    super(typeof body === 'object' && body && 'message' in body ? String((body as { message: unknown }).message) : `HTTP ${status}`);
  }
}

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  413: 'Payload Too Large',
  414: 'URI Too Long',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Entity',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  501: 'Not Implemented',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

/** §2.1 gateway errors. */
export const gatewayErrors = {
  missingToken: () => new ApiError(403, { error_code: '403010', message: 'Oauth token is missing.' }),
  invalidToken: () => new ApiError(401, { error_code: '401013', message: 'Oauth token is not valid' }),
  missingApiKey: () => new ApiError(403, { error_code: '403000', message: 'Api Key is required' }),
  missingHeader: (header: string) =>
    new ApiError(400, { error_code: '400003', message: `Missing header: ${header} is required` }),
  invalidOrg: () => new ApiError(403, { error_code: '403027', message: 'User region is missing' }),
};

/** §2.2 RFC 7807 problem details. `code` makes the type URI, e.g. CAT-404. */
export function problem(status: number, detail: string, options: { code?: string; title?: string; requestId?: string } = {}) {
  const code = options.code ?? 'PCON';
  return new ApiError(
    status,
    {
      type: `http://ns.adobe.com/aep/errors/${code}-${status}`,
      status,
      title: options.title ?? TITLES[status] ?? 'Error',
      detail,
      ...(options.requestId ? { requestId: options.requestId } : {}),
    },
    'application/problem+json',
  );
}

/** §2.3 Profile Access errors: statusCode is a string. */
export function entitiesError(status: number, message: string, cause?: string) {
  return new ApiError(status, { message, ...(cause ? { cause } : {}), statusCode: String(status) });
}

/** §2.4 legacy system-jobs envelope. */
export function legacyJobError(status: number, message: string, code = String(status), requestId: string = randomUUID()) {
  return new ApiError(status, { requestId, errors: { [String(status)]: [{ code, message }] } });
}

/** §2.5 simple {code, message}. */
export function simpleError(status: number, message: string) {
  return new ApiError(status, { code: String(status), message });
}

/** An error in the envelope a route declares. */
export function errorInShape(shape: ErrorShape, status: number, message: string, requestId?: string): ApiError {
  switch (shape) {
    case 'entities':
      return entitiesError(status, message);
    case 'legacyJob':
      return legacyJobError(status, message, String(status), requestId);
    case 'simple':
      return simpleError(status, message);
    default:
      return problem(status, message, { requestId });
  }
}

export const notFound = (shape: ErrorShape, what: string, requestId?: string) =>
  errorInShape(shape, 404, `${what} not found`, requestId);
