// Query-options factories for computed attributes. Every key starts with the sandbox; lists and
// details poll while an evaluation is queued or running, so progress and status stay live.
import { keepPreviousData, queryOptions } from '@tanstack/react-query';
import type { ComputedAttribute, Duration } from '../../../../contracts/computed-attributes.ts';
import type { SandboxTenant } from '../../../hooks/use-tenant.ts';
import { fetchAttribute, fetchAttributes, fetchEventFields, fetchSummary, validateRequest, type AttributeListParams } from './requests.ts';

export const EVALUATION_POLL_MS = 1000;

/** Waiting for or running an evaluation. */
export const isEvaluating = (a: ComputedAttribute) =>
  a.status === 'NEW' || a.status === 'INITIALIZING' || a.status === 'PROCESSING' || a.evaluation?.job != null;

export const caKeys = {
  all: (sandbox: string) => [sandbox, 'computed-attributes'] as const,
  lists: (sandbox: string) => [sandbox, 'computed-attributes', 'list'] as const,
  list: (sandbox: string, params: AttributeListParams) => [sandbox, 'computed-attributes', 'list', params] as const,
  detail: (sandbox: string, id: string) => [sandbox, 'computed-attributes', 'detail', id] as const,
  summary: (sandbox: string, id: string) => [sandbox, 'computed-attributes', 'detail', id, 'summary'] as const,
  fields: (sandbox: string) => [sandbox, 'computed-attributes', 'event-fields'] as const,
  validation: (sandbox: string, expression: string, duration: Duration | undefined) =>
    [sandbox, 'computed-attributes', 'validation', expression, duration ?? null] as const,
};

export const caQueries = {
  list: (tenant: SandboxTenant, params: AttributeListParams) =>
    queryOptions({
      queryKey: caKeys.list(tenant.sandbox, params),
      queryFn: ({ signal }) => fetchAttributes(tenant, params, signal),
      placeholderData: keepPreviousData,
      refetchInterval: (query) => (query.state.data?.items.some(isEvaluating) ? EVALUATION_POLL_MS * 2 : false),
    }),
  detail: (tenant: SandboxTenant, id: string) =>
    queryOptions({
      queryKey: caKeys.detail(tenant.sandbox, id),
      queryFn: ({ signal }) => fetchAttribute(tenant, id, signal),
      refetchInterval: (query) => (query.state.data && isEvaluating(query.state.data) ? EVALUATION_POLL_MS : false),
    }),
  summary: (tenant: SandboxTenant, id: string, lastEvaluationTs: string) =>
    queryOptions({
      // keyed by the evaluation, so a finished refresh shows new figures
      queryKey: [...caKeys.summary(tenant.sandbox, id), lastEvaluationTs] as const,
      queryFn: ({ signal }) => fetchSummary(tenant, id, signal),
      enabled: lastEvaluationTs !== '',
    }),
  fields: (tenant: SandboxTenant) =>
    queryOptions({
      queryKey: caKeys.fields(tenant.sandbox),
      queryFn: ({ signal }) => fetchEventFields(tenant, signal),
      staleTime: 60_000,
      // the catalog may still be reading a large store
      refetchInterval: (query) => (query.state.data && !query.state.data.complete ? 3000 : false),
    }),
  validation: (tenant: SandboxTenant, expression: string, duration: Duration | undefined) =>
    queryOptions({
      queryKey: caKeys.validation(tenant.sandbox, expression, duration),
      queryFn: ({ signal }) => validateRequest(tenant, { expression, duration }, signal),
      enabled: expression.trim() !== '',
      staleTime: 30_000,
      placeholderData: keepPreviousData,
    }),
};
