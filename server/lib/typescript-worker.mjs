// Worker threads cannot start from a .ts file on Node 20 (see STACK.md): this entry registers tsx,
// then loads the worker's module (typescript-worker.ts passes its URL).
import { register } from 'tsx/esm/api';
import { workerData } from 'node:worker_threads';

register();
await import(workerData.module);
