-- Preview sample reports (api-contract §7), one per day: a later run on the same day replaces the
-- day's report, as AEP answers `?date=` with the latest run of that day.
CREATE TABLE preview_reports (
  -- YYYY-MM-DD (UTC) of report_ms
  report_date TEXT PRIMARY KEY,
  -- ms: when the report was generated (its reportTimestamp)
  report_ms INTEGER NOT NULL,
  -- ms: the store as of (the sample job's start; lastSampledTimestamp)
  sampled_ms INTEGER NOT NULL,
  -- the sample job (jobs.id)
  job_id INTEGER NOT NULL,
  -- headline figures, for the list of days without parsing every report
  profiles INTEGER NOT NULL,
  fragments INTEGER NOT NULL,
  identities INTEGER NOT NULL,
  events INTEGER NOT NULL,
  -- JSON: figures, store totals, dataset metadata, merge strategy, last batch (sample-job.ts)
  report TEXT NOT NULL
);

-- The sample reads events by identity with their dataset from this index alone (a covering scan);
-- lookups keep using its (identity_id, ts_ms) prefix exactly as before.
DROP INDEX events_by_identity;
CREATE INDEX events_by_identity ON events (identity_id, ts_ms, dataset_id);
