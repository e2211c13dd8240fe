// Local-only endpoints under `/_local/`: not part of AEP. In aep mode they answer 501.
import { z } from 'zod';
import { defineEndpoint } from './endpoint.ts';

export const LOCAL = '/_local';

export const ModeSchema = z.enum(['local', 'aep']);
export type Mode = z.infer<typeof ModeSchema>;

export const ConsoleConfigSchema = z.object({
  mode: ModeSchema,
  orgId: z.string(),
  defaultSandbox: z.string(),
  version: z.string(),
});
export type ConsoleConfig = z.infer<typeof ConsoleConfigSchema>;

export const getConsoleConfig = defineEndpoint({
  id: 'getConsoleConfig',
  method: 'GET',
  path: `${LOCAL}/config`,
  summary: 'What the console needs to start: mode, org and default sandbox',
  tag: 'Local',
  responses: { 200: ConsoleConfigSchema },
  errorShape: 'problem',
  tenant: 'none',
});

export const HealthSchema = z.object({ status: z.literal('ok'), mode: ModeSchema, uptimeSeconds: z.number() });

export const getHealth = defineEndpoint({
  id: 'getHealth',
  method: 'GET',
  path: `${LOCAL}/health`,
  summary: 'Liveness',
  tag: 'Local',
  responses: { 200: HealthSchema },
  errorShape: 'problem',
  tenant: 'none',
});

export const DemoRequestSchema = z.object({
  profiles: z.number().int().min(1).max(200_000).default(1000),
  seed: z.number().int().min(0).max(2 ** 31 - 1).default(42),
  /** Anchor for relative event times (ms); defaults to the start of today, UTC. */
  now: z.number().int().positive().optional(),
});
export type DemoRequest = z.input<typeof DemoRequestSchema>;

export const DemoResultSchema = z.object({
  datasets: z.array(z.object({ id: z.string(), name: z.string(), batchId: z.string(), records: z.number(), failed: z.number() })),
  profiles: z.number(),
  durationMs: z.number(),
});
export type DemoResult = z.infer<typeof DemoResultSchema>;

export const seedDemo = defineEndpoint({
  id: 'seedDemo',
  method: 'POST',
  path: `${LOCAL}/demo`,
  summary: 'Seed the sandbox with the demo organisation (refused when it already has datasets)',
  tag: 'Local',
  body: DemoRequestSchema,
  responses: { 200: DemoResultSchema },
  errorShape: 'problem',
});

export const DatasetStatsSchema = z.record(
  z.string(),
  z.object({ fragments: z.number(), events: z.number(), batches: z.number() }),
);
export type DatasetStats = z.infer<typeof DatasetStatsSchema>;

export const getDatasetStats = defineEndpoint({
  id: 'getDatasetStats',
  method: 'GET',
  path: `${LOCAL}/datasets/stats`,
  summary: 'Fragment, event and batch counts per dataset',
  tag: 'Local',
  responses: { 200: DatasetStatsSchema },
  errorShape: 'problem',
});
