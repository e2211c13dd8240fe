// Worker threads cannot start from a .ts file on Node 20 (see STACK.md): register tsx, then load
// the export worker.
import { register } from 'tsx/esm/api';

register();
await import('./export-worker.ts');
