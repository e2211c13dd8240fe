// Sandboxes of the org (AEP sandbox management subset). A request that names an unknown sandbox
// creates it as a development sandbox, so clients and tests can isolate themselves by name.
import { z } from 'zod';
import { defineEndpoint } from './endpoint.ts';
import { SandboxNameSchema } from './common.ts';

export const SANDBOX_MANAGEMENT = '/data/foundation/sandbox-management';

export const SandboxTypeSchema = z.enum(['production', 'development']);
export type SandboxType = z.infer<typeof SandboxTypeSchema>;

export const SandboxSchema = z.object({
  id: z.string(),
  name: z.string(),
  title: z.string(),
  state: z.string(),
  type: SandboxTypeSchema,
  region: z.string(),
  isDefault: z.boolean(),
  eTag: z.number(),
  createdDate: z.string(),
  lastModifiedDate: z.string(),
  createdBy: z.string(),
  lastModifiedBy: z.string(),
});
export type Sandbox = z.infer<typeof SandboxSchema>;

export const SandboxListSchema = z.object({
  sandboxes: z.array(SandboxSchema),
  _page: z.object({ limit: z.number(), count: z.number() }),
  _links: z.object({ page: z.object({ href: z.string(), templated: z.boolean() }).optional() }).optional(),
});
export type SandboxList = z.infer<typeof SandboxListSchema>;

export const CreateSandboxBodySchema = z.object({
  name: SandboxNameSchema,
  title: z.string().trim().min(1, 'title must not be empty').max(256),
  type: z.literal('development', { error: 'only development sandboxes can be created' }).default('development'),
});
export type CreateSandboxBody = z.input<typeof CreateSandboxBodySchema>;

export const listSandboxes = defineEndpoint({
  id: 'listSandboxes',
  method: 'GET',
  path: `${SANDBOX_MANAGEMENT}/sandboxes`,
  summary: "List the org's sandboxes",
  tag: 'Sandboxes',
  responses: { 200: SandboxListSchema },
  errorShape: 'problem',
  tenant: 'org',
});

export const getSandbox = defineEndpoint({
  id: 'getSandbox',
  method: 'GET',
  path: `${SANDBOX_MANAGEMENT}/sandboxes/:sandboxName`,
  summary: 'Get one sandbox by name',
  tag: 'Sandboxes',
  params: z.object({ sandboxName: SandboxNameSchema }),
  responses: { 200: SandboxSchema },
  errorShape: 'problem',
  tenant: 'org',
});

export const createSandbox = defineEndpoint({
  id: 'createSandbox',
  method: 'POST',
  path: `${SANDBOX_MANAGEMENT}/sandboxes`,
  summary: 'Create a development sandbox',
  tag: 'Sandboxes',
  body: CreateSandboxBodySchema,
  responses: { 201: SandboxSchema },
  errorShape: 'problem',
  tenant: 'org',
});
