// AEP mode (`npm start -- --aep`): what the console may know about the connection to Adobe
// Experience Platform. Never the access token, the client secret or the client id.
import { z } from 'zod';
import { defineEndpoint } from './endpoint.ts';
import { LOCAL, ModeSchema } from './local.ts';

export const TokenStateSchema = z.enum(['none', 'valid', 'expired', 'error']);
export type TokenState = z.infer<typeof TokenStateSchema>;

export const ConnectionSchema = z.object({
  mode: ModeSchema,
  /** The IMS org every request is sent for (`x-gw-ims-org-id`). */
  orgId: z.string(),
  /** The sandbox used when the console names none (`AEP_SANDBOX`, else `prod`). */
  sandbox: z.string(),
  /** Where API calls are forwarded; null in local mode. */
  platformUrl: z.string().nullable(),
  /** Where access tokens come from; null in local mode. */
  imsUrl: z.string().nullable(),
  token: z.object({
    /** none: no token requested yet; error: the last request for one failed (see lastError). */
    state: TokenStateSchema,
    /** ISO time the current token was obtained / expires; null without a token. */
    obtainedAt: z.string().nullable(),
    expiresAt: z.string().nullable(),
    /** Why the last token request failed (never contains a secret). */
    lastError: z.string().nullable(),
  }),
});
export type Connection = z.infer<typeof ConnectionSchema>;

export const getConnection = defineEndpoint({
  id: 'getConnection',
  method: 'GET',
  path: `${LOCAL}/connection`,
  summary: 'The connection the console works through: mode, org, sandbox, platform URL and token expiry (never the token)',
  tag: 'Local',
  responses: { 200: ConnectionSchema },
  errorShape: 'problem',
  tenant: 'none',
});
