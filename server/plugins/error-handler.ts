// Turns every failure into AEP's error envelope for the route. A 5xx here means a bug in the
// service, never bad client input: those are logged with their stack.
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { ApiError, errorInShape, problem } from '../http/api-error.ts';

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

export function registerErrorHandler(app: FastifyInstance): void {
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
