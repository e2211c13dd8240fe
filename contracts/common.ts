// Shared building blocks: headers, ids, class names, paging helpers.
import { z } from 'zod';

export const HEADER_ORG = 'x-gw-ims-org-id';
export const HEADER_SANDBOX = 'x-sandbox-name';
export const HEADER_REQUEST_ID = 'x-request-id';

/** AEP org ids look like `1BD6382559DF0C130A49422D@AdobeOrg`. */
export const OrgIdSchema = z.string().regex(/^[A-Za-z0-9]{1,64}@AdobeOrg$/, 'an IMS org id such as 1BD6382559DF0C130A49422D@AdobeOrg');

/** Sandbox names: lowercase letters, digits and hyphens, starting with a letter (AEP's rule). */
export const SandboxNameSchema = z
  .string()
  .regex(/^[a-z][a-z0-9-]{0,62}$/, 'lowercase letters, digits and hyphens, starting with a letter, at most 63 characters');

/** Catalog ids: 24 hex characters, as AEP's Mongo-like ids. */
export const CatalogIdSchema = z.string().regex(/^[0-9a-f]{24}$/, 'a 24-character hexadecimal id');
/** Batch ids: 32 hex characters. */
export const BatchIdSchema = z.string().regex(/^[0-9a-f]{32}$/, 'a 32-character hexadecimal batch id');

export const PROFILE_SCHEMA_ID = 'https://ns.adobe.com/xdm/context/profile';
export const EVENT_SCHEMA_ID = 'https://ns.adobe.com/xdm/context/experienceevent';
export const PROFILE_CLASS = '_xdm.context.profile';
export const EVENT_CLASS = '_xdm.context.experienceevent';

export const DatasetClassSchema = z.enum(['profile', 'experienceevent']);
export type DatasetClass = z.infer<typeof DatasetClassSchema>;

/** Query booleans arrive as strings. */
export const QueryBooleanSchema = z.enum(['true', 'false']).transform((v) => v === 'true');

/** A positive integer from a query string, with bounds. */
export function queryInt(min: number, max: number) {
  return z.coerce.number().int().min(min).max(max);
}
