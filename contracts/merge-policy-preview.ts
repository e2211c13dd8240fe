// What-if preview of a merge policy (issue 5): local-only endpoints under `/_local/` (aep mode answers
// 501). A draft policy is the part of a merge policy the engine reads — `identityGraph` and
// `attributeMerge` in AEP's own shapes — so the editor sends exactly what it would save.
//
// * `POST /_local/merge-policies/preview`: up to 20 identities (typed, or a sample), each merged under
//   the policy and under a baseline (a saved policy; the default one when absent), with the attribute
//   paths that differ and, per attribute, "why this value" (the engine's provenance).
// * `POST /_local/merge-policies/impact`: the same comparison over a sample of up to 10,000
//   identities — profile counts under each policy (stitching changes counts), the share of profiles
//   whose attributes change, and the attributes that change most.
import { z } from 'zod';
import { defineEndpoint } from './endpoint.ts';
import { LOCAL } from './local.ts';
import {
  AttributeMergeBodySchema,
  IdentityGraphTypeSchema,
  AttributeMergeTypeSchema,
} from './merge-policies.ts';
import { AttributeProvenanceSchema, GraphIdentitySchema } from './entities.ts';

export const LOCAL_MERGE_POLICIES = `${LOCAL}/merge-policies`;

/** Profiles one preview may show. */
export const MAX_PREVIEW_PROFILES = 20;
/** Identities one impact summary may sample. */
export const MAX_IMPACT_SAMPLE = 10_000;

/**
 * A policy to merge under: a saved one by id, or a draft (`identityGraph` + `attributeMerge`, as in a
 * create body). Exactly one of the two forms.
 */
export const PolicyRefSchema = z
  .object({
    mergePolicyId: z.string().min(1, 'mergePolicyId must not be empty').max(128).optional(),
    identityGraph: z
      .object({ type: IdentityGraphTypeSchema }, { error: 'identityGraph must be {"type": "none" | "pdg"}' })
      .optional(),
    attributeMerge: AttributeMergeBodySchema.optional(),
  })
  .superRefine((value, ctx) => {
    const saved = value.mergePolicyId !== undefined;
    const draft = value.identityGraph !== undefined || value.attributeMerge !== undefined;
    if (saved && draft) {
      ctx.addIssue({
        code: 'custom',
        message:
          'give either mergePolicyId (a saved policy) or identityGraph and attributeMerge (a draft), not both',
      });
    } else if (!saved && !draft) {
      ctx.addIssue({
        code: 'custom',
        message: 'give mergePolicyId (a saved policy) or identityGraph and attributeMerge (a draft)',
      });
    } else if (draft && (value.identityGraph === undefined || value.attributeMerge === undefined)) {
      ctx.addIssue({ code: 'custom', message: 'a draft policy needs both identityGraph and attributeMerge' });
    }
  });
export type PolicyRef = z.input<typeof PolicyRefSchema>;

/** The policy a comparison used, as resolved by the service. */
export const ResolvedPolicySchema = z.object({
  /** The saved policy's id; null for a draft (or a sandbox without a default policy). */
  mergePolicyId: z.string().nullable(),
  name: z.string().nullable(),
  identityGraph: z.object({ type: IdentityGraphTypeSchema }),
  attributeMerge: z.object({ type: AttributeMergeTypeSchema, order: z.array(z.string()).optional() }),
});
export type ResolvedPolicy = z.infer<typeof ResolvedPolicySchema>;

export const PreviewIdentitySchema = z.object({
  namespace: z.string().trim().min(1, 'namespace must not be empty').max(64),
  id: z.string().trim().min(1, 'id must not be empty').max(1024),
});
export type PreviewIdentity = z.infer<typeof PreviewIdentitySchema>;

export const MergePolicyPreviewBodySchema = z
  .object({
    /** The policy to preview (usually the editor's draft). */
    policy: PolicyRefSchema,
    /** What to compare it with; the default merge policy when absent. */
    baseline: PolicyRefSchema.optional(),
    identities: z
      .array(PreviewIdentitySchema, {
        error: 'identities must be an array of {"namespace": "Email", "id": "..."}',
      })
      .max(MAX_PREVIEW_PROFILES, `identities may list at most ${MAX_PREVIEW_PROFILES} profiles`)
      .optional(),
    /** Pick this many profiles: those whose attributes change first. */
    sample: z
      .number({ error: 'sample must be a number of profiles' })
      .int('sample must be a whole number')
      .min(1, 'sample must be at least 1')
      .max(MAX_PREVIEW_PROFILES, `sample may be at most ${MAX_PREVIEW_PROFILES}`)
      .optional(),
  })
  .superRefine((value, ctx) => {
    const typed = value.identities !== undefined && value.identities.length > 0;
    if (typed === (value.sample !== undefined)) {
      ctx.addIssue({
        code: 'custom',
        path: ['identities'],
        message: 'give either identities (1 to 20) or sample (a number of profiles), not both',
      });
    }
  });
export type MergePolicyPreviewBody = z.input<typeof MergePolicyPreviewBodySchema>;

/** One profile under one policy. */
export const PreviewSideSchema = z.discriminatedUnion('state', [
  z.object({
    state: z.literal('profile'),
    /** The merged entity (attributes and the union identityMap). */
    entity: z.record(z.string(), z.unknown()),
    /** The identities merged (pdg: the whole graph; none: the looked-up one). */
    identities: z.array(GraphIdentitySchema),
    /** Datasets that contributed. */
    sources: z.array(z.string()),
    /** Per attribute path: the winning fragment, the reason and the losing candidates. */
    provenance: z.record(z.string(), AttributeProvenanceSchema),
  }),
  /** The policy selects no data for this identity: there is no profile under it. */
  z.object({ state: z.literal('noProfile') }),
  /** pdg: the identity graph links more than 50 identities; lookups refuse it (422). */
  z.object({ state: z.literal('tooManyIdentities'), identityCount: z.number().int() }),
]);
export type PreviewSide = z.infer<typeof PreviewSideSchema>;

export const PreviewProfileSchema = z.object({
  identity: z.object({ namespace: z.string(), id: z.string(), xid: z.string().optional() }),
  /** found; notFound (no such identity); unknownNamespace (no such namespace code). */
  status: z.enum(['found', 'notFound', 'unknownNamespace']),
  policy: PreviewSideSchema.optional(),
  baseline: PreviewSideSchema.optional(),
  /** Attribute paths whose merged value differs between the two policies (added, removed or changed). */
  changedPaths: z.array(z.string()),
  /** The set of merged identities differs (stitching). */
  identitiesChanged: z.boolean(),
});
export type PreviewProfile = z.infer<typeof PreviewProfileSchema>;

export const MergePolicyPreviewSchema = z.object({
  policy: ResolvedPolicySchema,
  baseline: ResolvedPolicySchema,
  profiles: z.array(PreviewProfileSchema),
  /** Names of the datasets the answer mentions, by id. */
  datasets: z.record(z.string(), z.string()),
  /** Epoch ms. */
  computedAt: z.number().int(),
});
export type MergePolicyPreview = z.infer<typeof MergePolicyPreviewSchema>;

export const previewMergePolicy = defineEndpoint({
  id: 'previewMergePolicy',
  method: 'POST',
  path: `${LOCAL_MERGE_POLICIES}/preview`,
  summary:
    'What-if preview: up to 20 profiles merged under a (draft) policy and under a baseline, with the differences and provenance',
  tag: 'Local',
  body: MergePolicyPreviewBodySchema,
  responses: { 200: MergePolicyPreviewSchema },
  errorShape: 'problem',
});

export const MergePolicyImpactBodySchema = z.object({
  policy: PolicyRefSchema,
  baseline: PolicyRefSchema.optional(),
  /** Identities to sample (the whole store when it has fewer). */
  sampleSize: z
    .number({ error: 'sampleSize must be a number of profiles' })
    .int('sampleSize must be a whole number')
    .min(1, 'sampleSize must be at least 1')
    .max(MAX_IMPACT_SAMPLE, `sampleSize may be at most ${MAX_IMPACT_SAMPLE}`)
    .default(MAX_IMPACT_SAMPLE),
});
export type MergePolicyImpactBody = z.input<typeof MergePolicyImpactBodySchema>;

export const ImpactCountSchema = z.object({
  /** Distinct profiles among the sampled identities (pdg: one per identity graph). */
  inSample: z.number().int(),
  /** Profiles of the whole store under the policy: exact when the sample is complete, else estimated. */
  estimatedTotal: z.number().int(),
  /** Sampled identities whose graph has more than 50 identities (no profile: lookups refuse them). */
  tooManyIdentities: z.number().int(),
});
export type ImpactCount = z.infer<typeof ImpactCountSchema>;

export const MergePolicyImpactSchema = z.object({
  policy: ResolvedPolicySchema,
  baseline: ResolvedPolicySchema,
  sample: z.object({
    /** Identities looked up under both policies. */
    identities: z.number().int(),
    /** Identities in the store. */
    totalIdentities: z.number().int(),
    /** Every identity of the store was looked up: the counts are exact. */
    complete: z.boolean(),
  }),
  counts: z.object({ policy: ImpactCountSchema, baseline: ImpactCountSchema }),
  /** Sampled identities with a profile under at least one of the policies. */
  compared: z.number().int(),
  /** Of those, the ones whose merged attributes differ (including a profile only under one policy). */
  changed: z.number().int(),
  /** changed / compared (0 when nothing was compared). */
  changedShare: z.number(),
  /** A profile under the policy but none under the baseline, and the reverse. */
  onlyUnderPolicy: z.number().int(),
  onlyUnderBaseline: z.number().int(),
  /** Profiles whose merged identities differ (stitching). */
  identitiesChanged: z.number().int(),
  /** The attribute paths that differ in the most profiles, most first (at most 10). */
  topAttributes: z.array(z.object({ path: z.string(), profiles: z.number().int() })),
  /** Up to 20 sampled identities whose attributes change: to preview them. */
  examples: z.array(z.object({ namespace: z.string(), id: z.string() })),
  durationMs: z.number(),
  /** Epoch ms. */
  computedAt: z.number().int(),
});
export type MergePolicyImpact = z.infer<typeof MergePolicyImpactSchema>;

export const mergePolicyImpact = defineEndpoint({
  id: 'mergePolicyImpact',
  method: 'POST',
  path: `${LOCAL_MERGE_POLICIES}/impact`,
  summary:
    'Impact summary of a (draft) merge policy against a baseline over a sample of up to 10,000 profiles',
  tag: 'Local',
  body: MergePolicyImpactBodySchema,
  responses: { 200: MergePolicyImpactSchema },
  errorShape: 'problem',
});
