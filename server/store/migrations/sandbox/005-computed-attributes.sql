-- Computed attributes (api-contract §8): definitions, evaluated values and the catalog of event
-- fields the builder and the expression checker use.

CREATE TABLE computed_attributes (
  id TEXT PRIMARY KEY,
  -- Unique regardless of case: values of two attributes share one object in profile lookups.
  name TEXT NOT NULL UNIQUE COLLATE NOCASE,
  display_name TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  expression TEXT NOT NULL,
  -- SUM | COUNT | MIN | MAX | MOST_RECENT, derived from the expression
  merge_function TEXT NOT NULL,
  -- XDM type of the value: number | integer | string | boolean
  return_type TEXT NOT NULL,
  keep_current INTEGER NOT NULL DEFAULT 0 CHECK (keep_current IN (0, 1)),
  duration_count INTEGER NOT NULL,
  duration_unit TEXT NOT NULL CHECK (duration_unit IN ('HOURS', 'DAYS', 'WEEKS', 'MONTHS')),
  status TEXT NOT NULL CHECK (status IN ('DRAFT', 'NEW', 'INITIALIZING', 'PROCESSING', 'PROCESSED', 'FAILED', 'DISABLED')),
  created_by TEXT NOT NULL,
  created_ms INTEGER NOT NULL,
  updated_ms INTEGER NOT NULL,
  -- The evaluation in flight (jobs.id), if any.
  job_id INTEGER,
  -- ms: the evaluation time ("lastEvaluationTs") of the last successful run.
  last_eval_ms INTEGER,
  -- What computed_attribute_values.profile_key means for this attribute: 'pdg' (identity graph id)
  -- or 'none' (identity row id), after the default merge policy of its last run.
  eval_key TEXT CHECK (eval_key IN ('pdg', 'none')),
  -- ms: when the next scheduled refresh is due.
  next_eval_ms INTEGER,
  -- JSON: figures of the last finished run.
  last_run TEXT,
  -- Why the last run failed.
  error TEXT
);
CREATE INDEX computed_attributes_due ON computed_attributes (next_eval_ms) WHERE next_eval_ms IS NOT NULL;

-- One row per (attribute, profile) with a value. No row: no matching event (count: 0).
CREATE TABLE computed_attribute_values (
  attribute_id TEXT NOT NULL,
  profile_key INTEGER NOT NULL,
  -- the value as JSON (a number, string or boolean)
  value TEXT NOT NULL,
  -- numeric values again, for distributions
  num REAL,
  PRIMARY KEY (attribute_id, profile_key)
) WITHOUT ROWID;

-- Event field paths seen in the sandbox's experience events, with their JSON types.
CREATE TABLE computed_attribute_fields (
  path TEXT PRIMARY KEY,
  -- comma-separated JSON types seen (string, number, boolean, object, array)
  types TEXT NOT NULL,
  -- a scalar value seen there, as JSON
  example TEXT
) WITHOUT ROWID;

-- How far the field catalog has read the events table (events.id).
CREATE TABLE computed_attribute_field_scan (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  last_event_id INTEGER NOT NULL
);
INSERT INTO computed_attribute_field_scan (id, last_event_id) VALUES (1, 0);
