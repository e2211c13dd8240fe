// Tenancy by construction: one SQLite file per (org, sandbox) under the data directory.
//   <dataDir>/orgs/<orgId>/org.sqlite                      sandbox registry
//   <dataDir>/orgs/<orgId>/sandboxes/<name>.sqlite         the sandbox's profile store
//   <dataDir>/orgs/<orgId>/sandboxes/<name>.uploads/<batchId>/<seq>.part   staged batch files
//   <dataDir>/orgs/<orgId>/sandboxes/<name>.exports/<batchId>/part-<n>.ndjson   export batches' files
// Org ids and sandbox names are validated against the contract before they reach this module,
// so they are safe as path segments; uploaded file names never are (see ingest/).
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import { closeDatabase, openDatabase } from './open-database.ts';
import type { SandboxType } from '../../contracts/index.ts';

export interface SandboxRecord {
  name: string;
  id: string;
  title: string;
  type: SandboxType;
  isDefault: boolean;
  createdMs: number;
  updatedMs: number;
}

/** Everything a request needs to work inside one sandbox. */
export interface SandboxContext {
  orgId: string;
  sandbox: SandboxRecord;
  db: Database;
  uploadsDir: string;
  /** Files of export batches (jobs/export-job.ts), one directory per batch. */
  exportsDir: string;
}

interface SandboxRow {
  name: string;
  id: string;
  title: string;
  type: SandboxType;
  is_default: number;
  created_ms: number;
  updated_ms: number;
}

const toSandbox = (r: SandboxRow): SandboxRecord => ({
  name: r.name,
  id: r.id,
  title: r.title,
  type: r.type,
  isDefault: r.is_default === 1,
  createdMs: r.created_ms,
  updatedMs: r.updated_ms,
});

export const DEFAULT_SANDBOX = 'prod';

class OrgStore {
  private readonly open = new Map<string, SandboxContext>();
  constructor(
    readonly orgId: string,
    readonly dir: string,
    readonly db: Database,
  ) {}

  list(): SandboxRecord[] {
    return (this.db.prepare('SELECT * FROM sandboxes ORDER BY is_default DESC, name').all() as SandboxRow[]).map(toSandbox);
  }

  get(name: string): SandboxRecord | undefined {
    const row = this.db.prepare('SELECT * FROM sandboxes WHERE name = ?').get(name) as SandboxRow | undefined;
    return row && toSandbox(row);
  }

  create(name: string, title: string, type: SandboxType, isDefault = false): SandboxRecord {
    const now = Date.now();
    this.db
      .prepare(
        'INSERT INTO sandboxes (name, id, title, type, is_default, created_ms, updated_ms) VALUES (?, ?, ?, ?, ?, ?, ?)',
      )
      .run(name, randomUUID(), title, type, isDefault ? 1 : 0, now, now);
    return this.get(name)!;
  }

  /** Opens the sandbox's store, creating the sandbox (development) when `create` is set and it is unknown. */
  context(name: string, create: boolean): SandboxContext | undefined {
    const cached = this.open.get(name);
    if (cached) return cached;
    let sandbox = this.get(name);
    if (!sandbox) {
      if (!create) return undefined;
      sandbox = this.create(name, name, 'development');
    }
    const dir = join(this.dir, 'sandboxes');
    mkdirSync(dir, { recursive: true });
    const ctx: SandboxContext = {
      orgId: this.orgId,
      sandbox,
      db: openDatabase(join(dir, `${name}.sqlite`), 'sandbox'),
      uploadsDir: join(dir, `${name}.uploads`),
      exportsDir: join(dir, `${name}.exports`),
    };
    this.open.set(name, ctx);
    return ctx;
  }

  openContexts(): SandboxContext[] {
    return [...this.open.values()];
  }

  close(): void {
    for (const ctx of this.open.values()) closeDatabase(ctx.db);
    this.open.clear();
    closeDatabase(this.db);
  }
}

export type { OrgStore };

export interface TenantStore {
  org(orgId: string): OrgStore;
  /** Every sandbox store opened so far (for start-up recovery and shutdown). */
  openContexts(): SandboxContext[];
  close(): void;
}

export function createTenantStore(dataDir: string): TenantStore {
  const orgs = new Map<string, OrgStore>();
  return {
    org(orgId) {
      let org = orgs.get(orgId);
      if (!org) {
        const dir = join(dataDir, 'orgs', orgId);
        mkdirSync(dir, { recursive: true });
        org = new OrgStore(orgId, dir, openDatabase(join(dir, 'org.sqlite'), 'org'));
        if (!org.get(DEFAULT_SANDBOX)) org.create(DEFAULT_SANDBOX, 'Production', 'production', true);
        orgs.set(orgId, org);
      }
      return org;
    },
    openContexts: () => [...orgs.values()].flatMap((o) => o.openContexts()),
    close() {
      for (const org of orgs.values()) org.close();
      orgs.clear();
    },
  };
}
