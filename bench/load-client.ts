// A load generator in its own process (so it does not share the server's event loop): runs
// autocannon against one server for a while over a list of paths, prints the result as JSON.
import { readFileSync } from 'node:fs';
import autocannon from 'autocannon';

interface Args {
  url: string;
  paths: string[];
  headers: Record<string, string>;
  seconds: number;
  connections: number;
}

const args = JSON.parse(readFileSync(process.argv[2], 'utf8')) as Args;
let i = 0;
const result = await autocannon({
  url: args.url,
  connections: args.connections,
  duration: args.seconds,
  headers: args.headers,
  requests: [{ setupRequest: (req) => ({ ...req, path: args.paths[i++ % args.paths.length] }) }],
});
process.stdout.write(
  JSON.stringify({ rps: result.requests.average, p99: result.latency.p99, errors: result.errors, non2xx: result.non2xx, timeouts: result.timeouts }),
);
