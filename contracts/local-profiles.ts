// Local extension for the console's "Browse" panel: a sample of merged profiles under a merge policy.
//
// Why it exists: AEP has no list-profiles endpoint. Every Profile API lookup (`/access/entities`,
// GET or POST) needs an identity to start from, and nothing public lists identities: Catalog and
// batch ingestion do not return ingested records, Data Access serves only export output, and the
// preview-sample reports (`/previewsamplestatus/report/*`) return counts, never profiles. So the
// console cannot pick a sample through existing APIs; this endpoint gives it one. In aep mode it
// answers 501 like every `/_local/` endpoint, and the console's Browse panel explains that.
//
// Semantics (for the service):
// * A sample of at most `limit` merged profiles under `mergePolicyId` (the sandbox's default policy
//   when absent): with identityGraph pdg one entry per identity graph, with none one entry per
//   identity that has fragments. Profiles whose graph is over 50 identities are skipped (they would
//   answer 422 on lookup). Event-only profiles may appear (`sources` then lists only event datasets).
// * The sample is random but stable for a `seed` (same store, same seed, same policy → same list), so
//   "Show another sample" is a new seed and a shared link shows the same profiles.
// * `identity` is the identity to look the profile up by (its primary identity: the namespace and
//   value the console puts in `/:sandbox/profiles/:namespace/:id`); `identities` lists up to 10 of
//   the graph's identities, `identityCount` counts them all.
// * Values are the merged entity's (the same merge engine as `/access/entities`), so the name shown
//   here is the name the profile page shows under the same policy.
// * Errors (RFC 7807 problem): 400 bad query, 422 unknown mergePolicyId, 501 in aep mode.
import { z } from 'zod';
import { defineEndpoint } from './endpoint.ts';
import { queryInt } from './common.ts';
import { LOCAL } from './local.ts';

export const LOCAL_PROFILES = `${LOCAL}/profiles`;

/** Profiles per sample: default and maximum. */
export const DEFAULT_SAMPLE_PROFILES = 20;
export const MAX_SAMPLE_PROFILES = 100;

export const SampleProfilesQuerySchema = z.object({
  mergePolicyId: z.string().min(1).max(128).optional(),
  limit: queryInt(1, MAX_SAMPLE_PROFILES).default(DEFAULT_SAMPLE_PROFILES),
  /** Picks the sample; the same seed gives the same sample of the same store. Default 0. */
  seed: queryInt(0, 2 ** 31 - 1).default(0),
});
export type SampleProfilesQuery = z.input<typeof SampleProfilesQuerySchema>;

export const SampleIdentitySchema = z.object({
  /** Namespace code, e.g. `Email`. */
  namespace: z.string(),
  id: z.string(),
});
export type SampleIdentity = z.infer<typeof SampleIdentitySchema>;

export const SampleProfileSchema = z.object({
  /** XID of `identity`. */
  entityId: z.string(),
  /** The identity to look this profile up by (its primary identity). */
  identity: SampleIdentitySchema,
  /** Up to 10 identities of the merged profile, `identity` first. */
  identities: z.array(SampleIdentitySchema),
  /** All identities of the merged profile (1 under identityGraph none). */
  identityCount: z.number().int(),
  /** `person.name.firstName` + `lastName` of the merged entity, when it has them. */
  displayName: z.string().optional(),
  /** Dataset ids that contributed fragments or events. */
  sources: z.array(z.string()),
  /** RFC 3339, as the entities API's `lastModifiedAt`. */
  lastModifiedAt: z.string(),
});
export type SampleProfile = z.infer<typeof SampleProfileSchema>;

export const SampleProfilesSchema = z.object({
  children: z.array(SampleProfileSchema),
  _page: z.object({
    /** Profiles in this sample. */
    count: z.number().int(),
    /** The seed that picked it. */
    seed: z.number().int(),
  }),
  /** The merge policy the profiles were merged with (the default when none was asked for). */
  mergePolicy: z.object({ id: z.string() }),
});
export type SampleProfiles = z.infer<typeof SampleProfilesSchema>;

export const listSampleProfiles = defineEndpoint({
  id: 'listSampleProfiles',
  method: 'GET',
  path: `${LOCAL_PROFILES}/sample`,
  summary: 'A stable random sample of merged profiles under a merge policy, for browsing (AEP has no list-profiles API)',
  tag: 'Local',
  query: SampleProfilesQuerySchema,
  responses: { 200: SampleProfilesSchema },
  errorShape: 'problem',
});
