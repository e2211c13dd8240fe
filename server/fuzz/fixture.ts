// The store the fuzzer attacks: the demo organisation plus one of every resource a path names
// (export job and its files, computed attribute, delete request, loading batch, sample report), so
// broken requests also hit existing resources. Path parameter values are keyed by parameter name.
import {
  CA_ATTRIBUTES,
  EXPORT_JOBS,
  IMPORT,
  MERGE_POLICIES,
  SYSTEM_JOBS,
  type Endpoint,
} from '../../contracts/index.ts';
import { createDataset, type TestApp } from '../testing/test-app.ts';

export const SANDBOX = 'prod';

export interface ParamValue {
  value: string;
  /** Names an existing resource: any other value of the right form must answer 404, never act. */
  lookup: boolean;
}

export interface Fixture {
  params: Record<string, ParamValue>;
  /** Per-endpoint overrides where one parameter name means different resources. */
  overrides: Record<string, Record<string, string>>;
  /** Valid queries or bodies of reads, about seeded data: hostile values put into them reach deep. */
  examples: Record<string, Record<string, unknown>[]>;
}

export async function seedFixture(t: TestApp): Promise<Fixture> {
  const headers = t.headers(SANDBOX);
  const call = async (method: 'GET' | 'POST', url: string, payload?: object) => {
    const res = await t.app.inject({ method, url, headers, ...(payload ? { payload } : {}) });
    if (res.statusCode >= 300) throw new Error(`fixture ${method} ${url}: ${res.statusCode} ${res.body}`);
    return res.body ? JSON.parse(res.body) : undefined;
  };

  const demo = await call('POST', '/_local/demo', { profiles: 200, seed: 42 });
  const datasetId: string = demo.datasets[0].id;
  const demoBatchId: string = demo.datasets[0].batchId;

  const exportTarget = await createDataset(t, SANDBOX, { name: 'Fuzz export target', profile: false });
  const exportJob = await call('POST', EXPORT_JOBS, {
    destination: { datasetId: exportTarget },
    schema: { name: '_xdm.context.profile' },
  });
  const scratch = await createDataset(t, SANDBOX, { name: 'Fuzz scratch' });
  const deleteJob = await call('POST', SYSTEM_JOBS, { dataSetId: scratch });
  const ca = await call('POST', CA_ATTRIBUTES, {
    name: 'fuzzSpend',
    displayName: 'Fuzz spend',
    expression: { value: 'xEvent[eventType = "commerce.purchases"].sum(commerce.order.priceTotal)' },
    duration: { count: 7, unit: 'DAYS' },
  });
  const loading = await call('POST', `${IMPORT}/batches`, { datasetId, inputFormat: { format: 'json' } });
  await call('POST', '/_local/preview-sample/jobs');
  await t.jobs.whenIdle();

  const exported = await call('GET', `${EXPORT_JOBS}/${exportJob.id}`);
  if (exported.status !== 'SUCCEEDED') throw new Error(`fixture export job ended ${exported.status}`);
  const exportBatchId: string = exported.destination.batchId;
  const files = await call('GET', `/data/foundation/export/batches/${exportBatchId}/files`);
  const policies = await call('GET', MERGE_POLICIES);
  const policyId: string = policies.children[0].id;
  const { namespace, id: identity } = (await call('GET', '/_local/profiles/sample?limit=1')).children[0]
    .identity;
  const expression = 'xEvent[eventType = "commerce.purchases"].sum(commerce.order.priceTotal)';
  const profileLookup = { 'schema.name': '_xdm.context.profile', entityId: identity, entityIdNS: namespace };
  const eventLookup = {
    'schema.name': '_xdm.context.experienceevent',
    'relatedSchema.name': '_xdm.context.profile',
    relatedEntityId: identity,
    relatedEntityIdNS: namespace,
  };

  return {
    params: {
      datasetId: { value: datasetId, lookup: true },
      batchId: { value: demoBatchId, lookup: true },
      fileName: { value: 'records.ndjson', lookup: false },
      exportJobId: { value: String(exportJob.id), lookup: true },
      dataSetFileId: { value: files.data[0].dataSetFileId, lookup: true },
      mergePolicyId: { value: policyId, lookup: true },
      attributeId: { value: ca.id, lookup: true },
      id: { value: deleteJob.id, lookup: true },
      // Many namespaces exist (the standard ones are 0 to 30-odd): a well-formed id may name one.
      namespaceId: { value: '4', lookup: false },
      sandboxName: { value: SANDBOX, lookup: true },
    },
    overrides: {
      // Uploads and batch actions go to a batch that is still loading, as a client's would.
      uploadBatchFile: { batchId: loading.id },
      batchAction: { batchId: loading.id },
      listBatchFiles: { batchId: exportBatchId },
    },
    examples: {
      getEntities: [
        profileLookup,
        { ...profileLookup, fields: 'person.name', mergePolicyId: policyId },
        eventLookup,
      ],
      postEntities: [
        {
          schema: { name: '_xdm.context.profile' },
          identities: [{ entityId: identity, entityIdNS: { code: namespace } }],
          fields: ['person.name'],
        },
        {
          schema: { name: '_xdm.context.experienceevent' },
          relatedSchema: { name: '_xdm.context.profile' },
          identities: [{ relatedEntityId: identity, relatedEntityIdNS: { code: namespace } }],
        },
      ],
      bulkGetMergePolicies: [{ ids: [{ id: policyId }] }],
      previewMergePolicy: [
        {
          policy: { identityGraph: { type: 'none' }, attributeMerge: { type: 'timestampOrdered' } },
          identities: [{ namespace, id: identity }],
        },
      ],
      mergePolicyImpact: [
        {
          policy: { mergePolicyId: policyId },
          baseline: { identityGraph: { type: 'none' }, attributeMerge: { type: 'timestampOrdered' } },
          sampleSize: 50,
        },
      ],
      previewDeleteImpact: [{ datasetId }],
      validateComputedAttributeExpression: [{ expression, duration: { count: 7, unit: 'DAYS' } }],
      dryRunComputedAttribute: [
        { expression, duration: { count: 7, unit: 'DAYS' }, entityId: identity, entityIdNS: namespace },
      ],
      listDatasets: [{ property: 'name~crm', orderBy: 'desc:name' }],
      listComputedAttributes: [{ property: 'name=fuzzSpend', sortBy: '-name' }],
      listSampleProfiles: [{ mergePolicyId: policyId, limit: '5' }],
    },
  };
}

/** The existing resource each path parameter of `endpoint` names. */
export function validParams(fixture: Fixture, endpoint: Endpoint, names: string[]): Record<string, string> {
  return Object.fromEntries(
    names.map((name) => {
      const value = fixture.overrides[endpoint.id]?.[name] ?? fixture.params[name]?.value;
      if (value === undefined)
        throw new Error(
          `${endpoint.id}: no seeded value for path parameter :${name}; add one to server/fuzz/fixture.ts`,
        );
      return [name, value];
    }),
  );
}
