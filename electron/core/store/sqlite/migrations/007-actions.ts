import type { Migration } from './index.ts';

// The action journal. A run is one request from a person (one site or hundreds); each
// site's part is an action. Actions are written as running before the command is sent,
// so a crash leaves 'unknown' and nothing is ever sent twice by itself. Ids are never
// reused (AUTOINCREMENT): audit entries name them.
export const m007Actions: Migration = {
  version: 7,
  name: 'actions',
  sql: `
CREATE TABLE action_runs (
  id          INTEGER PRIMARY KEY AUTOINCREMENT,
  kind        TEXT NOT NULL,
  params      TEXT NOT NULL,
  actor       TEXT NOT NULL,
  pacing      TEXT NOT NULL,
  skipped     TEXT NOT NULL DEFAULT '[]',
  state       TEXT NOT NULL CHECK (state IN ('running', 'finished', 'cancelled')),
  created_at  INTEGER NOT NULL,
  finished_at INTEGER
) STRICT;
CREATE INDEX action_runs_created ON action_runs (created_at);

CREATE TABLE actions (
  id               INTEGER PRIMARY KEY AUTOINCREMENT,
  run_id           INTEGER NOT NULL REFERENCES action_runs (id),
  site_id          INTEGER NOT NULL,
  site_name        TEXT NOT NULL,
  kind             TEXT NOT NULL,
  params           TEXT NOT NULL,
  state            TEXT NOT NULL CHECK (state IN ('queued', 'waiting', 'running', 'succeeded', 'failed', 'unreachable', 'timed-out', 'cancelled', 'expired', 'unknown')),
  actor            TEXT NOT NULL,
  created_at       INTEGER NOT NULL,
  started_at       INTEGER,
  finished_at      INTEGER,
  expires_at       INTEGER,
  error_code       TEXT,
  message          TEXT,
  output           TEXT,
  output_sha256    TEXT,
  output_truncated INTEGER NOT NULL DEFAULT 0,
  verification     TEXT NOT NULL DEFAULT 'not-applicable' CHECK (verification IN ('pending', 'cleared', 'not-cleared', 'not-applicable')),
  verify_until     INTEGER,
  verdict_before   TEXT,
  verdict_after    TEXT
) STRICT;
CREATE INDEX actions_run ON actions (run_id, id);
CREATE INDEX actions_site ON actions (site_id, created_at);
CREATE INDEX actions_created ON actions (created_at);
CREATE INDEX actions_open ON actions (state) WHERE state IN ('queued', 'waiting', 'running');
CREATE INDEX actions_verifying ON actions (site_id) WHERE verification = 'pending';

-- The bad reasons a site had when an action was sent: what lets the journal say
-- "restart cleared 14 of 16 crash loops".
CREATE TABLE action_reasons (
  action_id   INTEGER NOT NULL REFERENCES actions (id),
  reason_code TEXT NOT NULL,
  PRIMARY KEY (action_id, reason_code)
) STRICT, WITHOUT ROWID;
CREATE INDEX action_reasons_code ON action_reasons (reason_code);
`,
};
