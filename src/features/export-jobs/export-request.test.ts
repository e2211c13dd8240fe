import { describe, expect, it } from 'vitest';
import { CreateExportJobBodySchema } from '../../../contracts/export-jobs.ts';
import { buildExportBody, curlCommand, formProblems, initialExportForm, localToRfc3339 } from './export-request.ts';

const NOW = Date.UTC(2026, 10, 29, 12, 0, 0);

describe('the New export form as a request', () => {
  it('sends every attribute under the default policy by default, and names the destination', () => {
    const body = buildExportBody({ ...initialExportForm(), datasetId: '0123456789abcdef01234567' }, NOW);
    expect(body).toEqual({
      destination: { datasetId: '0123456789abcdef01234567' },
      schema: { name: '_xdm.context.profile' },
      filter: { emptyProfiles: false },
    });
    expect(CreateExportJobBodySchema.safeParse(body).success).toBe(true);
  });

  it('two fields with the events of the last 30 days', () => {
    const body = buildExportBody(
      {
        ...initialExportForm(),
        datasetId: '0123456789abcdef01234567',
        mergePolicyId: 'policy-1',
        allFields: false,
        fields: ['person.name.firstName', 'personalEmail.address'],
        includeEvents: true,
        eventFields: ['eventType'],
        eventWindow: '30',
        emptyProfiles: true,
      },
      NOW,
    );
    expect(body).toMatchObject({
      fields: 'person.name.firstName,personalEmail.address',
      mergePolicy: { id: 'policy-1' },
      filter: { emptyProfiles: true },
      additionalFields: { eventList: { fields: 'eventType', filter: { fromEventTimestamp: '2026-10-30T12:00:00Z' } } },
    });
    expect(CreateExportJobBodySchema.safeParse(body).success).toBe(true);
  });

  it('names what keeps the form from being sent', () => {
    expect(formProblems(initialExportForm())).toEqual({ datasetId: expect.stringMatching(/Choose the dataset/) });
    expect(formProblems({ ...initialExportForm(), datasetId: 'x', allFields: false }).fields).toMatch(/at least one field/);
    expect(formProblems({ ...initialExportForm(), datasetId: 'x', allFields: false, fields: ['a b'] }).fields).toMatch(/not a dot path/);
  });

  it('local date-times become RFC 3339; cURL quotes for the shell', () => {
    expect(localToRfc3339('')).toBeUndefined();
    expect(localToRfc3339('2026-01-02T03:04')).toMatch(/^2026-01-0\dT\d\d:\d\d:00Z$/);
    const curl = curlCommand({ destination: { datasetId: "it's" }, schema: { name: '_xdm.context.profile' } }, { orgId: 'ORG@AdobeOrg', sandbox: 'prod' }, 'http://127.0.0.1:8080');
    expect(curl).toContain("curl -X POST 'http://127.0.0.1:8080/data/core/ups/export/jobs'");
    expect(curl).toContain("-H 'x-sandbox-name: prod'");
    expect(curl).toContain(`"datasetId": "it'\\''s"`);
  });
});
