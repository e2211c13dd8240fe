// `/_local/merge-policies/preview` and `/_local/merge-policies/impact` (contracts/merge-policy-preview.ts):
// local mode only; aep mode answers every `/_local/*` path with 501.
import type { FastifyInstance } from 'fastify';
import { mergePolicyImpact, previewMergePolicy } from '../../../contracts/index.ts';
import { route } from '../../http/route.ts';
import { impactSummary, previewProfiles } from './preview.ts';

export function registerMergePolicyPreviewRoutes(app: FastifyInstance): void {
  route(app, previewMergePolicy, ({ tenant, body, requestId }) => previewProfiles(tenant, body, requestId));
  route(app, mergePolicyImpact, ({ tenant, body, requestId }) => impactSummary(tenant, body, requestId));
}
