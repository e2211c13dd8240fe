// A stand-in Adobe IMS for end-to-end runs of AEP mode (never for production): answers
// POST /ims/token/v3 for the AEP_CLIENT_ID / AEP_CLIENT_SECRET in its environment.
//   node --import tsx server/aep/fake-ims-cli.ts --port 3198
import { parseArgs } from 'node:util';
import { startFakeIms } from './test-platform.ts';

const { values } = parseArgs({ options: { port: { type: 'string', default: '0' } } });
const clientId = process.env.AEP_CLIENT_ID;
const clientSecret = process.env.AEP_CLIENT_SECRET;
if (!clientId || !clientSecret) {
  console.error('fake-ims: set AEP_CLIENT_ID and AEP_CLIENT_SECRET');
  process.exit(2);
}
const ims = await startFakeIms({ clientId, clientSecret }, Number(values.port));
console.log(`fake IMS at ${ims.url}`);
const stop = () => void ims.close().then(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
