import type { Migration } from './index.ts';

// What the poller keeps per site besides history: pinned host keys, damping state,
// the last status document and agent config, credentials (encrypted), maintenance
// windows, settings and the audit trail of every action taken.
export const m003Poller: Migration = {
  version: 3,
  name: 'poller',
  sql: `
CREATE TABLE credentials (
  id           INTEGER PRIMARY KEY,
  name         TEXT NOT NULL UNIQUE,
  cipher       TEXT NOT NULL,
  private_key  BLOB NOT NULL,
  passphrase   BLOB,
  public_key   TEXT,
  created_at   TEXT NOT NULL
) STRICT;

CREATE TABLE site_poll (
  site_id          INTEGER PRIMARY KEY REFERENCES sites(id) ON DELETE CASCADE,
  interval_s       INTEGER CHECK (interval_s IS NULL OR interval_s BETWEEN 30 AND 86400),
  credential_id    INTEGER REFERENCES credentials(id) ON DELETE SET NULL,
  alerts_muted     INTEGER NOT NULL DEFAULT 0 CHECK (alerts_muted IN (0, 1)),
  hostkey_approved TEXT,
  hostkey_pending  TEXT,
  hostkey_seen_at  INTEGER,
  hostkey_approved_at INTEGER,
  hostkey_approved_by TEXT
) STRICT;

CREATE TABLE site_state (
  site_id        INTEGER PRIMARY KEY REFERENCES sites(id) ON DELETE CASCADE,
  effective      TEXT NOT NULL,
  candidate      TEXT,
  candidate_n    INTEGER NOT NULL DEFAULT 0,
  raw            TEXT NOT NULL,
  reasons        TEXT NOT NULL,
  datasets       TEXT NOT NULL,
  polled_at      INTEGER NOT NULL,
  changed_at     INTEGER NOT NULL,
  last_ok_at     INTEGER,
  latency_ms     INTEGER,
  failures       INTEGER NOT NULL DEFAULT 0,
  status_json    TEXT
) STRICT;
CREATE INDEX site_state_effective ON site_state (effective);

CREATE TABLE site_config (
  site_id     INTEGER PRIMARY KEY REFERENCES sites(id) ON DELETE CASCADE,
  hash        TEXT NOT NULL,
  config_json TEXT NOT NULL,
  fetched_at  INTEGER NOT NULL
) STRICT;

CREATE TABLE maintenance_windows (
  id         INTEGER PRIMARY KEY,
  site_id    INTEGER REFERENCES sites(id) ON DELETE CASCADE,
  starts_at  INTEGER NOT NULL,
  ends_at    INTEGER NOT NULL CHECK (ends_at > starts_at),
  reason     TEXT NOT NULL,
  created_by TEXT NOT NULL,
  created_at INTEGER NOT NULL
) STRICT;
CREATE INDEX maintenance_windows_active ON maintenance_windows (ends_at, starts_at);

CREATE TABLE settings (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
) STRICT;

CREATE TABLE audit_log (
  id       INTEGER PRIMARY KEY,
  at       INTEGER NOT NULL,
  actor    TEXT NOT NULL,
  action   TEXT NOT NULL,
  site_id  INTEGER,
  target   TEXT,
  detail   TEXT NOT NULL DEFAULT '{}',
  outcome  TEXT NOT NULL
) STRICT;
CREATE INDEX audit_log_at ON audit_log (at);
CREATE INDEX audit_log_site ON audit_log (site_id, at);
`,
};
