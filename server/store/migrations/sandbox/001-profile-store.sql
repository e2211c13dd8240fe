-- The profile store of one sandbox: catalog, ingestion, identity graph, fragments and events.

CREATE TABLE namespaces (
  id INTEGER PRIMARY KEY,
  code TEXT NOT NULL UNIQUE COLLATE NOCASE,
  name TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  id_type TEXT NOT NULL,
  custom INTEGER NOT NULL,
  created_ms INTEGER NOT NULL,
  updated_ms INTEGER NOT NULL
);

CREATE TABLE datasets (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL UNIQUE COLLATE NOCASE,
  description TEXT,
  class TEXT NOT NULL CHECK (class IN ('profile', 'experienceevent')),
  -- AEP catalog tags as JSON; profile_enabled and upsert are derived from tags.unifiedProfile.
  tags TEXT NOT NULL DEFAULT '{}',
  profile_enabled INTEGER NOT NULL DEFAULT 0,
  upsert INTEGER NOT NULL DEFAULT 0,
  created_ms INTEGER NOT NULL,
  updated_ms INTEGER NOT NULL,
  created_user TEXT NOT NULL,
  last_batch_id TEXT,
  last_batch_status TEXT
);

CREATE TABLE batches (
  id TEXT PRIMARY KEY,
  dataset_id TEXT NOT NULL REFERENCES datasets (id),
  status TEXT NOT NULL CHECK (status IN ('loading', 'processing', 'success', 'failed', 'aborted')),
  format TEXT NOT NULL,
  tags TEXT NOT NULL DEFAULT '{}',
  created_ms INTEGER NOT NULL,
  updated_ms INTEGER NOT NULL,
  started_ms INTEGER,
  completed_ms INTEGER,
  input_count INTEGER,
  output_count INTEGER,
  failed_count INTEGER,
  input_bytes INTEGER,
  -- JSON array of {code, description, recordCount}
  errors TEXT
);
CREATE INDEX batches_by_dataset ON batches (dataset_id, created_ms);
CREATE INDEX batches_by_created ON batches (created_ms);

-- Files uploaded into a batch. Stored on disk under a sequence number, never under the uploaded name.
CREATE TABLE batch_files (
  batch_id TEXT NOT NULL REFERENCES batches (id),
  seq INTEGER NOT NULL,
  name TEXT NOT NULL,
  bytes INTEGER NOT NULL,
  PRIMARY KEY (batch_id, seq),
  UNIQUE (batch_id, name)
);

CREATE TABLE failed_records (
  batch_id TEXT NOT NULL,
  seq INTEGER NOT NULL,
  file TEXT NOT NULL,
  line INTEGER NOT NULL,
  code TEXT NOT NULL,
  message TEXT NOT NULL,
  record TEXT NOT NULL,
  PRIMARY KEY (batch_id, seq)
) WITHOUT ROWID;

-- Identity graph: one row per (namespace, value); graph_id names the connected component.
-- XIDs are not stored: they encode (namespace, value) reversibly (engine/identity-graph.ts), so an
-- XID lookup is a lookup on the unique (namespace_id, value) key and ingestion writes one index less.
CREATE TABLE identities (
  id INTEGER PRIMARY KEY,
  namespace_id INTEGER NOT NULL REFERENCES namespaces (id),
  value TEXT NOT NULL,
  graph_id INTEGER NOT NULL,
  created_ms INTEGER NOT NULL,
  UNIQUE (namespace_id, value)
);
CREATE INDEX identities_by_graph ON identities (graph_id);

-- Link history: which dataset and batch linked two identities (a < b), and when.
CREATE TABLE identity_links (
  a INTEGER NOT NULL,
  b INTEGER NOT NULL,
  dataset_id TEXT NOT NULL,
  batch_id TEXT NOT NULL,
  created_ms INTEGER NOT NULL,
  PRIMARY KEY (a, b, dataset_id, batch_id)
) WITHOUT ROWID;
CREATE INDEX identity_links_by_b ON identity_links (b);

-- Profile fragments: one per primary identity per dataset.
CREATE TABLE fragments (
  id INTEGER PRIMARY KEY,
  identity_id INTEGER NOT NULL,
  dataset_id TEXT NOT NULL,
  batch_id TEXT NOT NULL,
  ingested_ms INTEGER NOT NULL,
  record TEXT NOT NULL,
  UNIQUE (identity_id, dataset_id)
);
CREATE INDEX fragments_by_dataset ON fragments (dataset_id);

-- Experience events, keyed by their primary identity.
CREATE TABLE events (
  id INTEGER PRIMARY KEY,
  dataset_id TEXT NOT NULL,
  event_id TEXT NOT NULL,
  identity_id INTEGER NOT NULL,
  batch_id TEXT NOT NULL,
  ts_ms INTEGER NOT NULL,
  ingested_ms INTEGER NOT NULL,
  record TEXT NOT NULL,
  UNIQUE (dataset_id, event_id)
);
CREATE INDEX events_by_identity ON events (identity_id, ts_ms);
-- No (dataset_id, batch_id) index: it would cost every event insert; batch deletes scan the dataset's range of the unique key instead.
