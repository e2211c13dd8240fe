// A mocked Profile service for component tests: handlers per contract endpoint, installed as the
// global fetch and XMLHttpRequest. Every answer is checked against the endpoint's contract schema
// (2xx) or AEP's error envelopes (errors), so mocks cannot drift from what the service sends.
import { vi } from 'vitest';
import type { Endpoint } from '../../contracts/endpoint.ts';
import { AnyErrorSchema } from '../../contracts/errors.ts';

export interface MockRequest {
  method: string;
  path: string;
  params: Record<string, string>;
  query: URLSearchParams;
  headers: Headers;
  /** Parsed JSON body, or the Blob of a raw upload. */
  body: unknown;
}

export interface MockReply {
  status?: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export type MockHandler = (request: MockRequest) => MockReply | Promise<MockReply>;

export interface RecordedCall extends MockRequest {
  endpointId: string;
}

let problems: string[] = [];

/** Problems seen since the last call (checked after every test by setup.ts). */
export function takeMockApiProblems(): string[] {
  const out = problems;
  problems = [];
  return out;
}

function compile(path: string) {
  const names: string[] = [];
  const source = path
    .replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
    .replace(/:([A-Za-z0-9_]+)/g, (_, name: string) => {
      names.push(name);
      return '([^/]+)';
    });
  const re = new RegExp(`^${source}$`);
  return (p: string) => {
    const m = re.exec(p);
    return m ? Object.fromEntries(names.map((n, i) => [n, decodeURIComponent(m[i + 1])])) : null;
  };
}

let requestSeq = 0;

export function createMockApi() {
  const routes: {
    endpoint: Endpoint;
    match: (p: string) => Record<string, string> | null;
    handler: MockHandler;
  }[] = [];
  const calls: RecordedCall[] = [];

  const api = {
    calls,
    /** Answers an endpoint; a later registration for the same endpoint wins. */
    on(endpoint: Endpoint, handler: MockHandler | MockReply) {
      routes.unshift({
        endpoint,
        match: compile(endpoint.path),
        handler: typeof handler === 'function' ? handler : () => handler,
      });
      return api;
    },
    /** Calls made to one endpoint. */
    callsTo(endpoint: Endpoint) {
      return calls.filter((c) => c.endpointId === endpoint.id);
    },
    async dispatch(
      method: string,
      url: string,
      headers: Headers,
      body: unknown,
    ): Promise<{ status: number; text: string; headers: Headers }> {
      const parsed = new URL(url, 'http://localhost');
      const route = routes.find((r) => r.endpoint.method === method && r.match(parsed.pathname));
      const requestId = `req-${++requestSeq}`;
      if (!route) {
        problems.push(`no mock for ${method} ${parsed.pathname}`);
        const body404 = {
          type: 'about:blank',
          status: 404,
          title: 'Not Found',
          detail: `No mock for ${method} ${parsed.pathname}`,
          requestId,
        };
        return {
          status: 404,
          text: JSON.stringify(body404),
          headers: new Headers({ 'x-request-id': requestId }),
        };
      }
      const request: MockRequest = {
        method,
        path: parsed.pathname,
        params: route.match(parsed.pathname)!,
        query: parsed.searchParams,
        headers,
        body,
      };
      calls.push({ ...request, endpointId: route.endpoint.id });
      const reply = await route.handler(request);
      const status = reply.status ?? Number(Object.keys(route.endpoint.responses)[0]);
      if (status >= 200 && status < 300) {
        const schema = (
          route.endpoint.responses as Record<
            number,
            { safeParse: (v: unknown) => { success: boolean; error?: unknown } }
          >
        )[status];
        const check = schema?.safeParse(reply.body);
        if (!check?.success)
          problems.push(
            `mock answer to ${route.endpoint.id} (${status}) is off-contract: ${String(check?.error ?? 'no schema')}`,
          );
      } else if (!AnyErrorSchema.safeParse(reply.body).success) {
        problems.push(`mock error answer to ${route.endpoint.id} is not an AEP error envelope`);
      }
      const responseHeaders = new Headers({ 'x-request-id': requestId, ...(reply.headers ?? {}) });
      if (reply.body !== undefined) responseHeaders.set('content-type', 'application/json');
      return {
        status,
        text: reply.body === undefined ? '' : JSON.stringify(reply.body),
        headers: responseHeaders,
      };
    },
    /** Installs the mock as fetch and XMLHttpRequest for the current test. */
    install() {
      vi.stubGlobal('fetch', async (input: RequestInfo | URL, init: RequestInit = {}) => {
        if (init.signal?.aborted) throw new DOMException('Aborted', 'AbortError');
        const headers = new Headers(init.headers);
        const body = typeof init.body === 'string' ? JSON.parse(init.body) : init.body;
        const answer = await api.dispatch(init.method ?? 'GET', String(input), headers, body);
        return new Response(answer.text === '' ? null : answer.text, {
          status: answer.status,
          headers: answer.headers,
        });
      });
      vi.stubGlobal('XMLHttpRequest', createFakeXhr(api));
      return api;
    },
  };
  return api;
}

export type MockApi = ReturnType<typeof createMockApi>;

/** Just enough of XMLHttpRequest for api-client's uploads: progress, load, error, abort. */
function createFakeXhr(api: MockApi) {
  return class FakeXhr {
    status = 0;
    responseText = '';
    upload: {
      onprogress: ((e: { loaded: number; total: number; lengthComputable: boolean }) => void) | null;
    } = { onprogress: null };
    onload: (() => void) | null = null;
    onerror: (() => void) | null = null;
    onabort: (() => void) | null = null;
    private method = 'GET';
    private url = '';
    private headers = new Headers();
    private responseHeaders = new Headers();
    private aborted = false;

    open(method: string, url: string) {
      this.method = method;
      this.url = url;
    }
    setRequestHeader(name: string, value: string) {
      this.headers.set(name, value);
    }
    getAllResponseHeaders() {
      return [...this.responseHeaders.entries()].map(([k, v]) => `${k}: ${v}`).join('\r\n');
    }
    abort() {
      if (this.aborted) return;
      this.aborted = true;
      this.onabort?.();
    }
    send(body: Blob) {
      void (async () => {
        await Promise.resolve();
        const total = body.size;
        this.upload.onprogress?.({ loaded: Math.floor(total / 2), total, lengthComputable: true });
        this.upload.onprogress?.({ loaded: total, total, lengthComputable: true });
        const answer = await api.dispatch(this.method, this.url, this.headers, body);
        if (this.aborted) return;
        this.status = answer.status;
        this.responseText = answer.text;
        this.responseHeaders = answer.headers;
        this.onload?.();
      })();
    }
  };
}
