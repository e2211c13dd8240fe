// Identity namespaces (AEP `/data/core/idnamespace/identities`). Codes match case-insensitively.
import { z } from 'zod';
import { defineEndpoint } from './endpoint.ts';

export const ID_TYPES = ['COOKIE', 'CROSS_DEVICE', 'DEVICE', 'EMAIL', 'MOBILE', 'NON_PEOPLE', 'PHONE'] as const;
export const IdTypeSchema = z.preprocess(
  (v) => (typeof v === 'string' ? v.toUpperCase() : v),
  z.enum(ID_TYPES, { error: `idType must be one of ${ID_TYPES.join(', ')}` }),
);

export const NamespaceSchema = z.object({
  id: z.number().int(),
  code: z.string(),
  name: z.string(),
  description: z.string(),
  idType: z.string(),
  custom: z.boolean(),
  status: z.string(),
  namespaceType: z.string(),
  createTime: z.number(),
  updateTime: z.number(),
});
export type Namespace = z.infer<typeof NamespaceSchema>;

export const CreateNamespaceBodySchema = z.object({
  name: z.string().trim().min(1, 'name must not be empty').max(256),
  code: z
    .string()
    .regex(/^[A-Za-z][A-Za-z0-9_.-]{0,63}$/, 'code must start with a letter and use letters, digits, _ . - (at most 64)'),
  idType: IdTypeSchema,
  description: z.string().max(1024).optional(),
});
export type CreateNamespaceBody = z.infer<typeof CreateNamespaceBodySchema>;

export const IDNAMESPACE = '/data/core/idnamespace';

export const listNamespaces = defineEndpoint({
  id: 'listNamespaces',
  method: 'GET',
  path: `${IDNAMESPACE}/identities`,
  summary: 'List identity namespaces (standard and custom)',
  tag: 'Identity',
  responses: { 200: z.array(NamespaceSchema) },
  errorShape: 'problem',
});

export const getNamespace = defineEndpoint({
  id: 'getNamespace',
  method: 'GET',
  path: `${IDNAMESPACE}/identities/:namespaceId`,
  summary: 'Get one identity namespace by numeric id',
  tag: 'Identity',
  // Digits only: a coercing number would read " ", "" or "0x4" as an id (" " named namespace 0).
  params: z.object({ namespaceId: z.string().regex(/^\d{1,9}$/, 'namespace ids are integers, e.g. 4').transform(Number) }),
  responses: { 200: NamespaceSchema },
  errorShape: 'problem',
});

export const createNamespace = defineEndpoint({
  id: 'createNamespace',
  method: 'POST',
  path: `${IDNAMESPACE}/identities`,
  summary: 'Create a custom identity namespace',
  tag: 'Identity',
  body: CreateNamespaceBodySchema,
  responses: { 200: NamespaceSchema },
  errorShape: 'problem',
});

/** An identity as it appears in an XDM `identityMap`: `{"Email": [{"id": "...", "primary": true}]}`. */
export const IdentityMapEntrySchema = z.object({
  id: z.string(),
  primary: z.boolean().optional(),
  authenticatedState: z.string().optional(),
});
export type IdentityMapEntry = z.infer<typeof IdentityMapEntrySchema>;
