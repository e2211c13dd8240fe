// Turns every failure into AEP's error envelope for the route. A 5xx here means a bug in the
// service, never bad client input: those are logged with their stack.
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { HEADER_REQUEST_ID, type ErrorShape } from '../../contracts/index.ts';
import { ApiError, errorInShape, problem } from '../http/api-error.ts';
import { COMMON_SECURITY_HEADERS } from './security-headers.ts';

const CONTEXT_NAMES: Record<string, string> = {
  body: 'request body',
  querystring: 'query parameter',
  params: 'path parameter',
  headers: 'header',
};

function describeValidation(error: FastifyError & { validation: { instancePath: string; message?: string }[] }) {
  const context = CONTEXT_NAMES[error.validationContext ?? ''] ?? 'request';
  return error.validation
    .slice(0, 5)
    .map((issue) => {
      const path = issue.instancePath.replace(/^\//, '').replace(/\//g, '.');
      return path ? `Invalid ${context} ${path}: ${issue.message}` : `Invalid ${context}: ${issue.message}`;
    })
    .join('; ');
}

function send(reply: FastifyReply, request: FastifyRequest, error: ApiError) {
  let body = error.body;
  // Problem details carry the request id, wherever in the service they were raised.
  if (error.contentType === 'application/problem+json' && body && typeof body === 'object' && !('requestId' in body)) {
    body = { ...body, requestId: request.id };
  }
  return reply.code(error.status).header('content-type', error.contentType).send(body);
}

/** Longest path parameter the router passes on (the contracts' longest, a 255-character file name, fits encoded). */
export const MAX_PARAM_LENGTH = 1024;

interface RouteShape {
  method: string;
  pattern: RegExp;
  params: number;
  shape: ErrorShape;
}

/** Per app: each route's path pattern and error shape, for requests the router refuses before routing. */
const routeShapes = new WeakMap<FastifyInstance, RouteShape[]>();

/** The error shape of the route a (possibly undecodable) path addresses; static routes win, as in the router. */
function shapeOfPath(app: FastifyInstance, method: string, url: string): ErrorShape {
  const path = url.split('?')[0];
  const matches = (routeShapes.get(app) ?? []).filter((r) => r.method === method && r.pattern.test(path));
  return matches.sort((a, b) => a.params - b.params)[0]?.shape ?? 'problem';
}

/**
 * Fastify's `frameworkErrors`: a path that is not valid percent-encoding (FST_ERR_BAD_URL) or has a
 * parameter over MAX_PARAM_LENGTH never reaches a route; answer in the shape of the route it names.
 */
export function sendFrameworkError(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  const shape = shapeOfPath(request.server, request.method, request.url);
  const tooLong = error.code === 'FST_ERR_MAX_PARAM_LENGTH';
  const message = tooLong
    ? `A path parameter is longer than ${MAX_PARAM_LENGTH} characters`
    : 'The request path is not valid percent-encoding (UTF-8)';
  // No route, so no onSend hooks: the headers every answer carries are set here.
  reply.headers({ ...COMMON_SECURITY_HEADERS, [HEADER_REQUEST_ID]: request.id });
  return send(reply, request, errorInShape(shape, tooLong ? 414 : 400, message, request.id));
}

export function registerErrorHandler(app: FastifyInstance): void {
  const shapes: RouteShape[] = [];
  routeShapes.set(app, shapes);
  app.addHook('onRoute', (route) => {
    const shape = route.config?.errorShape;
    if (!shape) return;
    const segments = route.url.split('/').map((s) => (s.startsWith(':') ? '[^/]+' : s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
    for (const method of [route.method].flat()) {
      shapes.push({ method, pattern: new RegExp(`^${segments.join('/')}$`), params: (route.url.match(/:/g) ?? []).length, shape });
    }
  });
  app.setErrorHandler((err: FastifyError, request, reply) => {
    const shape = request.routeOptions.config?.errorShape ?? 'problem';
    if (err instanceof ApiError) return send(reply, request, err);
    if (hasZodFastifySchemaValidationErrors(err)) {
      return send(reply, request, errorInShape(shape, 400, describeValidation(err), request.id));
    }
    switch (err.code) {
      case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
        if (!request.headers['content-type']) {
          return send(reply, request, problem(400, 'A valid content-type must be specified', { title: 'BadRequestError', requestId: request.id }));
        }
        return send(
          reply,
          request,
          problem(415, `Unsupported content type ${request.headers['content-type']}: send application/json`, {
            title: 'HTTP 415 Unsupported Media Type',
            requestId: request.id,
          }),
        );
      case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
        return send(reply, request, errorInShape(shape, 400, 'The request body is empty: send a JSON object', request.id));
      case 'FST_ERR_CTP_BODY_TOO_LARGE':
        return send(reply, request, errorInShape(shape, 413, 'The request body is too large', request.id));
      case 'FST_ERR_CTP_INVALID_JSON_BODY':
      default:
        break;
    }
    if (err instanceof SyntaxError || err.code === 'FST_ERR_CTP_INVALID_JSON_BODY') {
      return send(reply, request, errorInShape(shape, 400, `The request body is not valid JSON: ${err.message}`, request.id));
    }
    if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500) {
      return send(reply, request, errorInShape(shape, err.statusCode, err.message, request.id));
    }
    request.log.error({ err }, 'unhandled error');
    return send(reply, request, errorInShape(shape, 500, `Internal error (request ${request.id})`, request.id));
  });

}

/** The 404 for a path no route serves, in problem shape. */
export function sendNoRoute(request: FastifyRequest, reply: FastifyReply) {
  return send(reply, request, problem(404, `No route for ${request.method} ${request.url.split('?')[0]}`, { requestId: request.id }));
}
