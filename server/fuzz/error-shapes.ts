// Checks an error answer against AEP's envelopes (api-contract §2, contracts/errors.ts): the shape
// must parse and agree with the HTTP status; problem details come as application/problem+json.
import {
  EntitiesErrorSchema,
  GatewayErrorSchema,
  LegacyJobErrorSchema,
  ProblemDetailSchema,
  SimpleErrorSchema,
  type ErrorShape,
} from '../../contracts/index.ts';

/** The envelopes an answer may use: an endpoint's own, or the gateway's (§2.1) for tenant headers. */
export type AnswerShape = ErrorShape | 'gateway';

/** Why `body` is not an error of `shape` for `status`; undefined when it is. */
export function shapeMismatch(
  shape: AnswerShape,
  status: number,
  contentType: string | undefined,
  body: unknown,
): string | undefined {
  const code = String(status);
  switch (shape) {
    case 'problem': {
      const p = ProblemDetailSchema.safeParse(body);
      if (!p.success) return 'not RFC 7807 problem details';
      if (p.data.status !== status) return `problem status ${p.data.status} differs from HTTP ${status}`;
      if (!contentType?.startsWith('application/problem+json'))
        return `problem details served as ${contentType}`;
      return undefined;
    }
    case 'entities': {
      const p = EntitiesErrorSchema.safeParse(body);
      if (!p.success) return 'not an entities error {message, cause?, statusCode}';
      return p.data.statusCode === code
        ? undefined
        : `statusCode "${p.data.statusCode}" differs from HTTP ${status}`;
    }
    case 'legacyJob': {
      const p = LegacyJobErrorSchema.safeParse(body);
      if (!p.success) return 'not a legacy system-jobs error {requestId, errors}';
      return Object.keys(p.data.errors).join() === code
        ? undefined
        : `errors keyed ${Object.keys(p.data.errors).join()} for HTTP ${status}`;
    }
    case 'simple': {
      const p = SimpleErrorSchema.safeParse(body);
      if (!p.success) return 'not a simple error {code, message}';
      return p.data.code === code ? undefined : `code "${p.data.code}" differs from HTTP ${status}`;
    }
    case 'gateway':
      return GatewayErrorSchema.safeParse(body).success
        ? undefined
        : 'not a gateway error {error_code, message}';
  }
}
