import { randomBytes } from 'node:crypto';

/** A 24-hex catalog id, as AEP's datasets have. */
export const newCatalogId = () => randomBytes(12).toString('hex');
/** A 32-hex batch id. */
export const newBatchId = () => randomBytes(16).toString('hex');
