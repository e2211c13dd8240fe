// The browser app's only network module (DESIGN §5). Every call names a contract endpoint: the
// client fills the path, sends the tenant headers, parses the answer with the endpoint's response
// schema and turns every failure into a typed ApiError carrying the AEP error body and request id.
// File uploads go through XMLHttpRequest (fetch cannot report upload progress) — still from here.
import type { z } from 'zod';
import { buildPath, type Endpoint } from '../../contracts/endpoint.ts';
import { HEADER_ORG, HEADER_REQUEST_ID, HEADER_SANDBOX } from '../../contracts/common.ts';
import { errorMessage } from '../../contracts/errors.ts';

/** Who a request is for: the org (from the service's config) and the sandbox (from the URL). */
export interface Tenant {
  orgId: string;
  sandbox?: string;
}

export type ApiErrorKind = 'http' | 'network' | 'contract';

export interface ApiErrorInit {
  kind: ApiErrorKind;
  status: number;
  message: string;
  endpointId: string;
  body?: unknown;
  requestId?: string;
}

/** Any failed API call: an HTTP error answer, an unreachable service, or an answer off-contract. */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  readonly kind: ApiErrorKind;
  /** HTTP status; 0 when the service could not be reached. */
  readonly status: number;
  /** The AEP error body as received (problem, gateway or other envelope), when there was one. */
  readonly body: unknown;
  readonly requestId: string | undefined;
  readonly endpointId: string;

  constructor(init: ApiErrorInit) {
    super(init.message);
    this.kind = init.kind;
    this.status = init.status;
    this.body = init.body;
    this.requestId = init.requestId;
    this.endpointId = init.endpointId;
  }
}

export const isApiError = (e: unknown): e is ApiError => e instanceof ApiError;

export interface ApiResponse<T> {
  data: T;
  status: number;
  headers: Headers;
  requestId: string | undefined;
}

type Data<R extends Record<number, z.ZodType>> = z.output<R[keyof R]>;

export interface RequestOptions<P extends z.ZodType, Q extends z.ZodType, B extends z.ZodType> {
  tenant?: Tenant;
  params?: z.input<P>;
  query?: z.input<Q>;
  body?: z.input<B>;
  signal?: AbortSignal;
}

export interface UploadOptions<P extends z.ZodType, Q extends z.ZodType> {
  tenant: Tenant;
  params?: z.input<P>;
  query?: z.input<Q>;
  body: Blob;
  signal?: AbortSignal;
  /** Called as the bytes leave the browser. */
  onProgress?: (progress: { loaded: number; total: number }) => void;
}

const UNREACHABLE = 'Could not reach the Profile service. Check that it is running, then try again.';

function tenantHeaders(endpoint: Endpoint, tenant: Tenant | undefined): Record<string, string> {
  const scope = endpoint.tenant ?? 'sandbox';
  if (scope === 'none') return {};
  if (!tenant?.orgId) throw new Error(`${endpoint.id} needs the org id`);
  if (scope === 'org') return { [HEADER_ORG]: tenant.orgId };
  if (!tenant.sandbox) throw new Error(`${endpoint.id} needs a sandbox`);
  return { [HEADER_ORG]: tenant.orgId, [HEADER_SANDBOX]: tenant.sandbox };
}

/** Path plus query string. Arrays become repeated parameters (`property=a&property=b`). */
export function endpointUrl(endpoint: Endpoint, params?: unknown, query?: unknown): string {
  const path = buildPath(endpoint.path, (params ?? {}) as Record<string, string | number>);
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries((query ?? {}) as Record<string, unknown>)) {
    if (value === undefined || value === null || value === '') continue;
    for (const v of Array.isArray(value) ? value : [value]) search.append(key, String(v));
  }
  const qs = search.toString();
  return qs ? `${path}?${qs}` : path;
}

function parseText(text: string): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function bodyRequestId(body: unknown): string | undefined {
  if (body && typeof body === 'object' && typeof (body as { requestId?: unknown }).requestId === 'string') {
    return (body as { requestId: string }).requestId;
  }
  return undefined;
}

function statusText(status: number): string {
  if (status === 404) return 'Not found';
  if (status === 413) return 'The request is too large';
  if (status >= 500) return 'The service failed to answer';
  return 'The request failed';
}

/** Turns a received answer into data (2xx, parsed by the contract) or an ApiError. */
function settle<R extends Record<number, z.ZodType>>(
  endpoint: Endpoint<z.ZodType, z.ZodType, z.ZodType, R>,
  status: number,
  headers: Headers,
  body: unknown,
): ApiResponse<Data<R>> {
  const headerRequestId = headers.get(HEADER_REQUEST_ID) ?? undefined;
  if (status < 200 || status >= 300) {
    const requestId = bodyRequestId(body) ?? headerRequestId;
    const text = typeof body === 'string' && body.length > 0 && body.length <= 300 ? body : undefined;
    const message = errorMessage(body) ?? text ?? `${statusText(status)} (HTTP ${status})`;
    throw new ApiError({ kind: 'http', status, message, body, requestId, endpointId: endpoint.id });
  }
  const schema = (endpoint.responses as Record<number, z.ZodType>)[status];
  if (!schema) {
    throw new ApiError({
      kind: 'contract',
      status,
      body,
      requestId: headerRequestId,
      endpointId: endpoint.id,
      message: `The service answered ${endpoint.id} with HTTP ${status}, which the contract does not describe`,
    });
  }
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? ` at ${issue.path.join('.')}` : '';
    throw new ApiError({
      kind: 'contract',
      status,
      body,
      requestId: headerRequestId,
      endpointId: endpoint.id,
      message: `The service's answer to ${endpoint.id} does not match the contract${where}: ${issue?.message ?? 'invalid'}`,
    });
  }
  return { data: parsed.data as Data<R>, status, headers, requestId: headerRequestId };
}

/** Calls one endpoint with a JSON body (or none). */
export async function apiRequest<
  P extends z.ZodType,
  Q extends z.ZodType,
  B extends z.ZodType,
  R extends Record<number, z.ZodType>,
>(endpoint: Endpoint<P, Q, B, R>, options: RequestOptions<P, Q, B> = {}): Promise<ApiResponse<Data<R>>> {
  const headers: Record<string, string> = {
    accept: 'application/json',
    ...tenantHeaders(endpoint, options.tenant),
  };
  let body: string | undefined;
  if (options.body !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(options.body);
  }
  let response: Response;
  try {
    response = await fetch(endpointUrl(endpoint, options.params, options.query), {
      method: endpoint.method,
      headers,
      body,
      signal: options.signal,
    });
  } catch (e) {
    if (options.signal?.aborted) throw e;
    throw new ApiError({ kind: 'network', status: 0, message: UNREACHABLE, endpointId: endpoint.id });
  }
  const text = await response.text();
  return settle(
    endpoint as Endpoint<z.ZodType, z.ZodType, z.ZodType, R>,
    response.status,
    response.headers,
    parseText(text),
  );
}

function xhrHeaders(xhr: XMLHttpRequest): Headers {
  const headers = new Headers();
  for (const line of xhr
    .getAllResponseHeaders()
    .trim()
    .split(/[\r\n]+/)) {
    const at = line.indexOf(':');
    if (at > 0) headers.append(line.slice(0, at).trim(), line.slice(at + 1).trim());
  }
  return headers;
}

/** Sends a raw body (a file) to an upload endpoint, reporting progress. */
export function apiUpload<
  P extends z.ZodType,
  Q extends z.ZodType,
  B extends z.ZodType,
  R extends Record<number, z.ZodType>,
>(endpoint: Endpoint<P, Q, B, R>, options: UploadOptions<P, Q>): Promise<ApiResponse<Data<R>>> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    const signal = options.signal;
    if (signal?.aborted) return reject(signal.reason ?? new DOMException('Aborted', 'AbortError'));
    xhr.open(endpoint.method, endpointUrl(endpoint, options.params, options.query));
    for (const [name, value] of Object.entries(tenantHeaders(endpoint, options.tenant)))
      xhr.setRequestHeader(name, value);
    xhr.setRequestHeader('content-type', 'application/octet-stream');
    xhr.setRequestHeader('accept', 'application/json');
    const onAbort = () => xhr.abort();
    signal?.addEventListener('abort', onAbort, { once: true });
    const done = () => signal?.removeEventListener('abort', onAbort);
    xhr.upload.onprogress = (event) => {
      options.onProgress?.({
        loaded: event.loaded,
        total: event.lengthComputable ? event.total : options.body.size,
      });
    };
    xhr.onload = () => {
      done();
      try {
        resolve(
          settle(
            endpoint as Endpoint<z.ZodType, z.ZodType, z.ZodType, R>,
            xhr.status,
            xhrHeaders(xhr),
            parseText(xhr.responseText),
          ),
        );
      } catch (e) {
        reject(e);
      }
    };
    xhr.onerror = () => {
      done();
      reject(new ApiError({ kind: 'network', status: 0, message: UNREACHABLE, endpointId: endpoint.id }));
    };
    xhr.onabort = () => {
      done();
      reject(signal?.reason ?? new DOMException('The upload was cancelled', 'AbortError'));
    };
    xhr.send(options.body);
  });
}

export interface DownloadedFile {
  blob: Blob;
  /** From the answer's Content-Disposition, when it names one. */
  fileName: string | undefined;
  requestId: string | undefined;
}

/** Fetches a file an endpoint answers as raw bytes (downloads); failures are ApiErrors as above. */
export async function apiDownload<P extends z.ZodType, Q extends z.ZodType, B extends z.ZodType, R extends Record<number, z.ZodType>>(
  endpoint: Endpoint<P, Q, B, R>,
  options: RequestOptions<P, Q, B> = {},
): Promise<DownloadedFile> {
  let response: Response;
  try {
    response = await fetch(endpointUrl(endpoint, options.params, options.query), {
      method: endpoint.method,
      headers: { accept: '*/*', ...tenantHeaders(endpoint, options.tenant) },
      signal: options.signal,
    });
  } catch (e) {
    if (options.signal?.aborted) throw e;
    throw new ApiError({ kind: 'network', status: 0, message: UNREACHABLE, endpointId: endpoint.id });
  }
  if (!response.ok) {
    settle(endpoint as Endpoint<z.ZodType, z.ZodType, z.ZodType, R>, response.status, response.headers, parseText(await response.text()));
  }
  const disposition = response.headers.get('content-disposition') ?? '';
  const fileName = /filename="?([^";]+)"?/i.exec(disposition)?.[1];
  return { blob: await response.blob(), fileName, requestId: response.headers.get(HEADER_REQUEST_ID) ?? undefined };
}
