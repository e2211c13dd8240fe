-- The org's sandbox registry. Each sandbox's data lives in its own database file.
CREATE TABLE sandboxes (
  name TEXT PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  title TEXT NOT NULL,
  type TEXT NOT NULL CHECK (type IN ('production', 'development')),
  is_default INTEGER NOT NULL DEFAULT 0,
  created_ms INTEGER NOT NULL,
  updated_ms INTEGER NOT NULL
);
