export * from './common.ts';
export * from './endpoint.ts';
export * from './errors.ts';
export * from './catalog.ts';
export * from './ingestion.ts';
export * from './identity.ts';
export * from './sandboxes.ts';
export * from './local.ts';
