-- Staging for the computed-attribute evaluation job: the events of the lookback window that may
-- match, with their profile key and the values the expression reads, copied in one sequential pass
-- over the events and read back profile by profile (jobs/computed-attribute-scan.ts). Rows of a job
-- are removed as its profiles are evaluated, and when it fails.
CREATE TABLE computed_attribute_staging (
  job_id INTEGER NOT NULL,
  profile_key INTEGER NOT NULL,
  ts_ms INTEGER NOT NULL,
  event_id TEXT NOT NULL,
  dataset_id TEXT NOT NULL,
  -- JSON array: the values of the fields the expression reads, in plan order
  vals TEXT NOT NULL,
  PRIMARY KEY (job_id, profile_key, ts_ms, event_id, dataset_id)
) WITHOUT ROWID;
