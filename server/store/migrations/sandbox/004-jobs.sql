-- Durable background jobs (exports, delete requests, samples, computed attributes). A job's state is
-- saved with every step in the step's own transaction, so a restart resumes exactly where it stopped.
CREATE TABLE jobs (
  id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL,
  -- The id clients see when it is not the integer id (e.g. a system job's UUID).
  public_id TEXT UNIQUE,
  status TEXT NOT NULL CHECK (status IN ('queued', 'running', 'succeeded', 'failed', 'cancelled')),
  params TEXT NOT NULL,
  state TEXT,
  result TEXT,
  done INTEGER NOT NULL DEFAULT 0,
  total INTEGER,
  error TEXT,
  cancel_requested INTEGER NOT NULL DEFAULT 0,
  created_ms INTEGER NOT NULL,
  updated_ms INTEGER NOT NULL,
  started_ms INTEGER,
  finished_ms INTEGER
);
CREATE INDEX jobs_by_kind ON jobs (kind, created_ms);
CREATE INDEX jobs_by_status ON jobs (status);
