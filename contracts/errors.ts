// AEP's error envelopes (api-contract §2). There is no single shape; each layer has its own.
import { z } from 'zod';

/** §2.1 API gateway errors (missing/invalid auth or tenant headers). */
export const GatewayErrorSchema = z.object({ error_code: z.string(), message: z.string() });
export type GatewayError = z.infer<typeof GatewayErrorSchema>;

/** §2.2 RFC 7807 problem details, served as application/problem+json. */
export const ProblemDetailSchema = z.object({
  type: z.string(),
  status: z.number().int(),
  title: z.string(),
  detail: z.string().optional(),
  requestId: z.string().optional(),
  report: z.unknown().optional(),
});
export type ProblemDetail = z.infer<typeof ProblemDetailSchema>;

/** §2.3 Profile Access (entities) errors: statusCode is a string. */
export const EntitiesErrorSchema = z.object({
  message: z.string().optional(),
  cause: z.string().optional(),
  statusCode: z.string(),
});
export type EntitiesError = z.infer<typeof EntitiesErrorSchema>;

/** §2.4 Legacy system-jobs error envelope. */
export const LegacyJobErrorSchema = z.object({
  requestId: z.string(),
  errors: z.record(z.string(), z.array(z.object({ code: z.string(), message: z.string() }))),
});
export type LegacyJobError = z.infer<typeof LegacyJobErrorSchema>;

/** §2.5 Simple {code, message} (computed attributes, system-job validation). */
export const SimpleErrorSchema = z.object({ code: z.string(), message: z.string() });
export type SimpleError = z.infer<typeof SimpleErrorSchema>;

/** Any of the above: what a client may receive on a non-2xx answer. */
export const AnyErrorSchema = z.union([
  ProblemDetailSchema,
  GatewayErrorSchema,
  EntitiesErrorSchema,
  LegacyJobErrorSchema,
  SimpleErrorSchema,
]);
export type AnyError = z.infer<typeof AnyErrorSchema>;

/** The human message of any AEP error body. */
export function errorMessage(body: unknown): string | undefined {
  const parsed = AnyErrorSchema.safeParse(body);
  if (!parsed.success) return undefined;
  const e = parsed.data as Record<string, unknown>;
  if (typeof e.detail === 'string') return e.detail;
  if (typeof e.message === 'string') return e.message;
  if (typeof e.title === 'string') return e.title;
  if (e.errors && typeof e.errors === 'object') {
    const first = Object.values(e.errors as Record<string, { message: string }[]>)[0]?.[0];
    return first?.message;
  }
  return undefined;
}
