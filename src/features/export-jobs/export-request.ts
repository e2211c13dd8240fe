// The New export form as data: its state, the AEP request body it stands for, and that request as
// a cURL command. Pure functions (no React), so the preview shows exactly what is sent.
import { PROFILE_CLASS } from '../../../contracts/common.ts';
import { CreateExportJobBodySchema, EXPORT_JOBS, parseFieldList, type CreateExportJobBody } from '../../../contracts/export-jobs.ts';

export const EVENT_WINDOWS = [
  { value: 'all', label: 'All time', days: undefined },
  { value: '7', label: 'Last 7 days', days: 7 },
  { value: '30', label: 'Last 30 days', days: 30 },
  { value: '90', label: 'Last 90 days', days: 90 },
] as const;
export type EventWindow = (typeof EVENT_WINDOWS)[number]['value'];

export interface ExportFormState {
  /** '' = the sandbox's default policy (mergePolicy omitted). */
  mergePolicyId: string;
  /** Export every attribute (no `fields`). */
  allFields: boolean;
  fields: string[];
  includeEvents: boolean;
  /** Empty: every event field. */
  eventFields: string[];
  /** Events by their XDM timestamp (local extension `fromEventTimestamp`). */
  eventWindow: EventWindow;
  /** `<input type="datetime-local">` value or '': events ingested after (AEP `fromIngestTimestamp`). */
  eventsIngestedAfter: string;
  /** AEP `filter.emptyProfiles`: also profiles that have events only. */
  emptyProfiles: boolean;
  /** datetime-local value or '': only profiles updated after (AEP `filter.fromIngestTimestamp`). */
  updatedAfter: string;
  datasetId: string;
}

export const initialExportForm = (): ExportFormState => ({
  mergePolicyId: '',
  allFields: true,
  fields: [],
  includeEvents: false,
  eventFields: [],
  eventWindow: 'all',
  eventsIngestedAfter: '',
  emptyProfiles: false,
  updatedAfter: '',
  datasetId: '',
});

/** A datetime-local value (the browser's time zone) as RFC 3339 UTC; undefined when empty or invalid. */
export function localToRfc3339(value: string): string | undefined {
  if (!value) return undefined;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? undefined : d.toISOString().replace(/\.000Z$/, 'Z');
}

/** The request body of the form, as it would be sent at `now`. */
export function buildExportBody(form: ExportFormState, now: number): CreateExportJobBody {
  const body: CreateExportJobBody = {
    destination: { datasetId: form.datasetId },
    schema: { name: PROFILE_CLASS },
  };
  if (!form.allFields) body.fields = form.fields.join(',');
  if (form.mergePolicyId) body.mergePolicy = { id: form.mergePolicyId };
  const updatedAfter = localToRfc3339(form.updatedAfter);
  body.filter = { emptyProfiles: form.emptyProfiles, ...(updatedAfter ? { fromIngestTimestamp: updatedAfter } : {}) };
  if (form.includeEvents) {
    const days = EVENT_WINDOWS.find((w) => w.value === form.eventWindow)?.days;
    const ingestedAfter = localToRfc3339(form.eventsIngestedAfter);
    const filter = {
      ...(days !== undefined ? { fromEventTimestamp: new Date(now - days * 86_400_000).toISOString().replace(/\.\d{3}Z$/, 'Z') } : {}),
      ...(ingestedAfter ? { fromIngestTimestamp: ingestedAfter } : {}),
    };
    body.additionalFields = {
      eventList: {
        ...(form.eventFields.length > 0 ? { fields: form.eventFields.join(',') } : {}),
        ...(Object.keys(filter).length > 0 ? { filter } : {}),
      },
    };
  }
  return body;
}

export interface FormProblems {
  datasetId?: string;
  fields?: string;
  eventFields?: string;
}

/** What keeps the form from being sent, per field (empty when it can be sent). */
export function formProblems(form: ExportFormState): FormProblems {
  const problems: FormProblems = {};
  if (!form.datasetId) problems.datasetId = 'Choose the dataset the profiles are written to';
  if (!form.allFields) {
    const parsed = form.fields.length === 0 ? 'Pick at least one field, or export all attributes' : parseFieldList(form.fields);
    if (typeof parsed === 'string') problems.fields = parsed;
  }
  if (form.includeEvents && form.eventFields.length > 0) {
    const parsed = parseFieldList(form.eventFields);
    if (typeof parsed === 'string') problems.eventFields = parsed;
  }
  return problems;
}

export const isSendable = (form: ExportFormState) =>
  Object.keys(formProblems(form)).length === 0 && CreateExportJobBodySchema.safeParse(buildExportBody(form, Date.now())).success;

const shellQuote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

/** The request as a cURL command against this service (or whatever `origin` is). */
export function curlCommand(body: CreateExportJobBody, tenant: { orgId: string; sandbox: string }, origin: string): string {
  return [
    `curl -X POST ${shellQuote(`${origin}${EXPORT_JOBS}`)}`,
    `  -H ${shellQuote(`x-gw-ims-org-id: ${tenant.orgId}`)}`,
    `  -H ${shellQuote(`x-sandbox-name: ${tenant.sandbox}`)}`,
    `  -H 'Content-Type: application/json'`,
    `  -d ${shellQuote(JSON.stringify(body, null, 2))}`,
  ].join(' \\\n');
}
