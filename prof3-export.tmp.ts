import { createTenantStore } from './server/store/tenant-store.ts';
import { resolveMergePolicy } from './server/resources/merge-policies/repository.ts';
import { createExportJobHandler } from './server/jobs/export-job.ts';
import { createJobRunner, createJobRepository } from './server/jobs/runner.ts';
import { createDatasetRepository } from './server/resources/datasets/repository.ts';
import { newBatchId } from './server/lib/ids.ts';
const store = createTenantStore('/tmp/exp/prof20k');
const ctx = store.org('PROF0000000000000000000@AdobeOrg').context('p', false)!;
const policy = resolveMergePolicy(ctx.db, undefined)!;
const db = ctx.db;
const ds = createDatasetRepository(db, { orgId: ctx.orgId, sandboxId: ctx.sandbox.id }).create({ name: 'x' + Date.now(), schemaRef: { id: 'https://ns.adobe.com/xdm/context/profile' } }, 't');
for (let rep = 0; rep < 3; rep++) {
  const runner = createJobRunner({ sliceMs: 8 });
  runner.register(createExportJobHandler());
  const t = performance.now(); const c0 = process.cpuUsage();
  const id = runner.submit(ctx, 'export', { batchId: newBatchId(), datasetId: ds, requestId: 'x', policy: { id: policy.id!, version: 1, rules: policy.rules }, emptyProfiles: false, echo: { schemaName: '_xdm.context.profile' } });
  await runner.whenIdle();
  const job = createJobRepository(db).get(id) as any;
  const c = process.cpuUsage(c0);
  console.log('export job', job.status, job.result.exported, (performance.now() - t).toFixed(0), 'ms', 'cpu', ((c.user + c.system) / 1000).toFixed(0), 'sys', (c.system/1000).toFixed(0));
}
store.close();
