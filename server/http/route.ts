// Registers one contract endpoint as a Fastify route: the contract's zod schemas validate the
// request and document the response; the handler gets typed input and the tenant context.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { z } from 'zod';
import type { Endpoint } from '../../contracts/index.ts';
import type { SandboxContext } from '../store/tenant-store.ts';

type Out<S> = z.output<NonNullable<S> & z.ZodType>;

export interface RouteInput<E extends Endpoint> {
  params: Out<E['params']>;
  query: Out<E['query']>;
  body: Out<E['body']>;
  request: FastifyRequest;
  reply: FastifyReply;
  requestId: string;
}

export interface SandboxRouteInput<E extends Endpoint> extends RouteInput<E> {
  tenant: SandboxContext;
}

type StatusOf<E extends Endpoint> = keyof E['responses'] & number;
type BodyOf<E extends Endpoint> = Out<E['responses'][StatusOf<E>]>;
export type RouteResult<E extends Endpoint> = BodyOf<E> | { status: StatusOf<E>; body: BodyOf<E>; headers?: Record<string, string> };

/** Marks a handler result that carries its own status and headers. */
export const withStatus = <E extends Endpoint>(
  status: StatusOf<E>,
  body: BodyOf<E>,
  headers?: Record<string, string>,
): RouteResult<E> => ({ [RESULT]: true, status, body, headers }) as unknown as RouteResult<E>;
const RESULT = Symbol('route-result');

/** A body already serialised to JSON (by a worker thread): sent as it is. */
export const jsonText = <E extends Endpoint>(status: StatusOf<E>, text: string): RouteResult<E> =>
  withStatus<E>(status, text as unknown as BodyOf<E>, { 'content-type': 'application/json; charset=utf-8' });

function toSchema(endpoint: Endpoint) {
  return {
    operationId: endpoint.id,
    summary: endpoint.summary,
    tags: [endpoint.tag],
    ...(endpoint.params ? { params: endpoint.params } : {}),
    ...(endpoint.query ? { querystring: endpoint.query } : {}),
    ...(endpoint.body && !endpoint.rawBody ? { body: endpoint.body } : {}),
  };
}

function defaultStatus(endpoint: Endpoint): number {
  return Number(Object.keys(endpoint.responses)[0]);
}

async function sendResult(endpoint: Endpoint, reply: FastifyReply, result: unknown) {
  if (reply.sent) return reply;
  if (result && typeof result === 'object' && (result as Record<symbol, unknown>)[RESULT]) {
    const r = result as { status: number; body: unknown; headers?: Record<string, string> };
    if (r.headers) reply.headers(r.headers);
    return reply.code(r.status).send(r.body);
  }
  return reply.code(defaultStatus(endpoint)).send(result);
}

export function route<E extends Endpoint>(
  app: FastifyInstance,
  endpoint: E,
  handler: (input: E['tenant'] extends 'org' | 'none' ? RouteInput<E> : SandboxRouteInput<E>) => Promise<RouteResult<E>> | RouteResult<E>,
): void {
  app.withTypeProvider<ZodTypeProvider>().route({
    method: endpoint.method,
    url: endpoint.path,
    schema: toSchema(endpoint),
    config: { errorShape: endpoint.errorShape, tenant: endpoint.tenant ?? 'sandbox' },
    handler: async (request, reply) => {
      const input = {
        params: request.params,
        query: request.query,
        body: request.body,
        request,
        reply,
        requestId: request.id,
        tenant: request.tenant,
      } as unknown as Parameters<typeof handler>[0];
      return sendResult(endpoint, reply, await handler(input));
    },
  });
}
