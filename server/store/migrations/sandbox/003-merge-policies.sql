-- Merge policies of the sandbox (api-contract §4). Every sandbox starts with a default policy
-- (pdg + timestampOrdered), created here so it exists exactly once, whatever opens the store first.

CREATE TABLE merge_policies (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL UNIQUE COLLATE NOCASE,
  schema_name TEXT NOT NULL,
  identity_graph TEXT NOT NULL CHECK (identity_graph IN ('none', 'pdg')),
  attribute_merge TEXT NOT NULL CHECK (attribute_merge IN ('timestampOrdered', 'dataSetPrecedence')),
  -- JSON array of dataset ids, highest priority first (dataSetPrecedence only, else NULL)
  attribute_order TEXT,
  is_active_on_edge INTEGER NOT NULL DEFAULT 0 CHECK (is_active_on_edge IN (0, 1)),
  is_default INTEGER NOT NULL DEFAULT 0 CHECK (is_default IN (0, 1)),
  version INTEGER NOT NULL DEFAULT 1,
  created_ms INTEGER NOT NULL,
  updated_ms INTEGER NOT NULL
);
-- At most one default per schema class and one active-on-edge policy per sandbox, even if a bug
-- in the service tried otherwise.
CREATE UNIQUE INDEX merge_policies_one_default ON merge_policies (schema_name) WHERE is_default = 1;
CREATE UNIQUE INDEX merge_policies_one_on_edge ON merge_policies (is_active_on_edge) WHERE is_active_on_edge = 1;

INSERT INTO merge_policies (id, name, schema_name, identity_graph, attribute_merge, attribute_order, is_active_on_edge, is_default, version, created_ms, updated_ms)
SELECT
  lower(hex(randomblob(4))) || '-' || lower(hex(randomblob(2))) || '-4' || substr(lower(hex(randomblob(2))), 2) || '-'
    || substr('89ab', 1 + (abs(random()) % 4), 1) || substr(lower(hex(randomblob(2))), 2) || '-' || lower(hex(randomblob(6))),
  'Default Timebased', '_xdm.context.profile', 'pdg', 'timestampOrdered', NULL, 0, 1, 1,
  CAST(unixepoch('subsec') * 1000 AS INTEGER), CAST(unixepoch('subsec') * 1000 AS INTEGER);
