// Bad requests for one endpoint, of every kind that applies to it. Each generated request is
// invalid per the contract (checked with the endpoint's own zod schemas), or names a resource that
// does not exist; a case that turns out valid is dropped (null), never sent. (Well-formed hostile
// reads, which may succeed, come from odd-reads.ts.)
import fc from 'fast-check';
import {
  HEADER_ORG,
  HEADER_SANDBOX,
  HEADER_SANDBOX_ID,
  OrgIdSchema,
  SandboxNameSchema,
  type HttpMethod,
} from '../../contracts/index.ts';
import { pathParams } from './endpoints.ts';
import { encodeAll, fillPath, tenantOf, type CaseKind, type FuzzCase, type Target } from './fuzz-case.ts';
import { badJsonText, deepJsonText, jsonBodyRefused, schemaRefuses, toJsonText } from './json-text.ts';
import { applyMutations, mutation } from './mutate.ts';
import { defOf, nearValid } from './near-valid.ts';
import { headerString } from './nasty-values.ts';
import { oddReadCases } from './odd-reads.ts';
import { keptAsWritten, pathSegment } from './path-segments.ts';
import { mutateQuery, queryJunk, queryMutation, serializeQuery, toWire } from './query-strings.ts';

const BODY_METHODS: HttpMethod[] = ['POST', 'PUT', 'PATCH', 'DELETE'];

/** Whether `params` parse to the same value of `name` as the seeded resource's (e.g. "01" and "1"). */
function sameResource(t: Target, params: Record<string, string>, name: string): boolean {
  const parse = (p: Record<string, string>) =>
    JSON.stringify((t.endpoint.params!.parse(p) as Record<string, unknown>)[name]);
  return parse(params) === parse(t.params);
}

function paramCases(t: Target, names: string[]): fc.Arbitrary<FuzzCase | null> {
  return fc.tuple(fc.nat(), pathSegment, tenantOf(t)).map(([i, segment, tenant]) => {
    const name = names[i % names.length];
    // An empty segment, or one a URL parser collapses, addresses another route.
    if (segment.raw === '') return null;
    const decoded = { ...t.params, [name]: segment.decoded ?? '' };
    const refused = segment.decoded === null || schemaRefuses(t.endpoint.params!, decoded);
    // A well-formed value is sent only where it must name nothing (a lookup), and not the seeded one.
    if (!refused && (!t.lookups.has(name) || sameResource(t, decoded, name))) return null;
    const path = fillPath(t.endpoint.path, { ...encodeAll(t.params), [name]: segment.raw });
    if (!keptAsWritten(path)) return null;
    // A lookup that reaches the route may create a fresh sandbox (the contract's rule): seeded tenant only.
    const headers = refused ? tenant : t.tenantHeaders;
    return { kind: 'params', method: t.endpoint.method, url: path, headers, alsoAllowed: [] };
  });
}

function queryCases(t: Target): fc.Arbitrary<FuzzCase | null> {
  const schema = t.endpoint.query!;
  const keys = Object.keys(defOf(schema).shape ?? {});
  return fc
    .tuple(
      nearValid(schema),
      fc.array(queryMutation, { minLength: 1, maxLength: 3 }),
      fc.option(queryJunk, { nil: '' }),
      tenantOf(t),
    )
    .map(([query, mutations, junk, headers]) => {
      const wire = mutateQuery(toWire(query), keys, mutations);
      if (!schemaRefuses(schema, wire)) return null;
      const url = `${fillPath(t.endpoint.path, encodeAll(t.params))}?${serializeQuery(wire)}${junk}`;
      return { kind: 'query', method: t.endpoint.method, url, headers, alsoAllowed: [] };
    });
}

/** Body texts the service must refuse whatever their content type says. */
function refusedBodies(t: Target): fc.Arbitrary<string | Buffer> {
  const schema = t.endpoint.body;
  const broken = schema
    ? fc
        .tuple(nearValid(schema), fc.array(mutation, { minLength: 1, maxLength: 3 }))
        .map(([v, ms]) => toJsonText(applyMutations(v, ms)))
    : badJsonText;
  return fc.oneof(
    { weight: 6, arbitrary: broken },
    { weight: 3, arbitrary: badJsonText },
    { weight: 1, arbitrary: deepJsonText },
  );
}

const JSON_TYPES = ['application/json', 'application/json; charset=utf-8', 'application/json;charset=UTF-8'];

function bodyCases(t: Target): fc.Arbitrary<FuzzCase | null> {
  const url = fillPath(t.endpoint.path, encodeAll(t.params));
  const withBody = fc
    .tuple(refusedBodies(t), fc.constantFrom(...JSON_TYPES))
    .map(([payload, type]) => ({ payload, type }) as { payload?: string | Buffer; type?: string });
  // No body at all: refused when the contract asks for one.
  const none = fc.constant({} as { payload?: string | Buffer; type?: string });
  const body = fc.oneof({ weight: 9, arbitrary: withBody }, { weight: 1, arbitrary: none });
  return fc.tuple(body, tenantOf(t)).map(([{ payload, type }, tenant]) => {
    const refused =
      payload === undefined
        ? t.endpoint.body !== undefined && schemaRefuses(t.endpoint.body, undefined)
        : jsonBodyRefused(payload, t.endpoint.body);
    if (!refused) return null;
    const headers = type ? { ...tenant, 'content-type': type } : tenant;
    return { kind: 'body', method: t.endpoint.method, url, headers, payload, alsoAllowed: [] };
  });
}

const BAD_TYPES = [
  'text/plain',
  'text/html',
  'application/xml',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=fuzz',
  'application/octet-stream',
  'application/javascript',
  'application/json-patch+json',
  'application/jsonx',
  'json',
  '*/*',
  ';;;',
  '',
];

function contentTypeCases(t: Target): fc.Arbitrary<FuzzCase | null> {
  const url = fillPath(t.endpoint.path, encodeAll(t.params));
  const type = fc.option(fc.oneof(fc.constantFrom(...BAD_TYPES), headerString), { nil: undefined });
  return fc.tuple(refusedBodies(t), type, tenantOf(t)).map(([payload, type, tenant]) => {
    // Zero bytes and no content type is no body at all (Fastify parses nothing, as it should).
    const noBody = type === undefined && payload.length === 0;
    if (
      noBody
        ? !(t.endpoint.body && schemaRefuses(t.endpoint.body, undefined))
        : !jsonBodyRefused(payload, t.endpoint.body)
    )
      return null;
    const headers = type === undefined ? tenant : { ...tenant, 'content-type': type };
    // A missing or unsupported media type is refused by the platform layer in problem shape (§2.2).
    return {
      kind: 'content-type',
      method: t.endpoint.method,
      url,
      headers,
      payload,
      alsoAllowed: ['problem'],
    };
  });
}

function headerCases(t: Target): fc.Arbitrary<FuzzCase | null> {
  const url = fillPath(t.endpoint.path, encodeAll(t.params));
  const org = t.tenantHeaders[HEADER_ORG];
  const sandbox = t.tenantHeaders[HEADER_SANDBOX];
  const badOrg = headerString.filter((v) => !OrgIdSchema.safeParse(v).success);
  const badSandbox = headerString.filter((v) => !SandboxNameSchema.safeParse(v).success);
  const variants: fc.Arbitrary<Record<string, string | string[]>>[] = [
    fc.constant({ [HEADER_SANDBOX]: sandbox }),
    badOrg.map((v) => ({ [HEADER_ORG]: v, [HEADER_SANDBOX]: sandbox })),
    badOrg.map((v) => ({ [HEADER_ORG]: [v, org], [HEADER_SANDBOX]: sandbox })),
  ];
  if (t.endpoint.tenant !== 'org') {
    variants.push(
      fc.constant({ [HEADER_ORG]: org }),
      badSandbox.map((v) => ({ [HEADER_ORG]: org, [HEADER_SANDBOX]: v })),
      badSandbox.map((v) => ({ [HEADER_ORG]: org, [HEADER_SANDBOX]: [v, sandbox] })),
      headerString.map((v) => ({ [HEADER_ORG]: org, [HEADER_SANDBOX_ID]: v })),
    );
  }
  // Tenant headers are checked before the route: the gateway's envelope (§2.1) or problem details.
  return fc.oneof(...variants).map((headers) => ({
    kind: 'headers',
    method: t.endpoint.method,
    url,
    headers,
    alsoAllowed: ['gateway', 'problem'],
  }));
}

/** Every kind of bad request that applies to the endpoint, and a generator over all of them. */
export function badRequests(t: Target): { kinds: CaseKind[]; arbitrary: fc.Arbitrary<FuzzCase | null> } {
  const { endpoint } = t;
  const names = pathParams(endpoint);
  const arbitraries: Partial<Record<CaseKind, fc.Arbitrary<FuzzCase | null>>> = {};
  if (names.length > 0) {
    if (!endpoint.params)
      throw new Error(`${endpoint.id}: path has :params but the contract declares no params schema`);
    arbitraries.params = paramCases(t, names);
  }
  if (endpoint.query) arbitraries.query = queryCases(t);
  // Raw uploads take any bytes of any type: only their path and headers can be wrong.
  if (BODY_METHODS.includes(endpoint.method) && !endpoint.rawBody) {
    arbitraries.body = bodyCases(t);
    arbitraries['content-type'] = contentTypeCases(t);
  }
  if ((endpoint.tenant ?? 'sandbox') !== 'none') arbitraries.headers = headerCases(t);
  const oddReads = oddReadCases(t);
  if (oddReads) arbitraries['odd-read'] = oddReads;
  const kinds = Object.keys(arbitraries) as CaseKind[];
  // Tenant headers are checked the same way for every endpoint: a smaller share for them.
  const weighted = kinds.map((k) => ({ weight: k === 'headers' ? 1 : 3, arbitrary: arbitraries[k]! }));
  return { kinds, arbitrary: kinds.length ? fc.oneof(...weighted) : fc.constant(null) };
}
