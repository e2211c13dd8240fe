// npm run demo -- --sandbox my-sandbox [--profiles 1000] [--seed 42]
// Seeds a sandbox of a running local service with the demo organisation.
import { parseArgs } from 'node:util';
import type { DemoResult } from '../../contracts/index.ts';
import { call, targetOptions } from './http-client.ts';

const { values } = parseArgs({ options: { ...targetOptions, profiles: { type: 'string', default: '1000' }, seed: { type: 'string', default: '42' } } });
const result = await call<DemoResult>(
  { url: values.url!, orgId: values.org!, sandbox: values.sandbox!, token: values.token },
  'POST',
  '/_local/demo',
  { body: { profiles: Number(values.profiles), seed: Number(values.seed) } },
);
for (const d of result.datasets) console.log(`${d.name.padEnd(20)} ${d.id}  ${d.records} records${d.failed ? `, ${d.failed} failed` : ''}`);
console.log(`demo organisation seeded into ${values.sandbox} in ${result.durationMs} ms`);
