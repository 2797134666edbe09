import type { Migration } from './index.ts';

// Fleet configuration: templates (every save a new version), overrides by area, tag and
// site, which template each site follows, the hash the console last applied or accepted
// for each site (what tells a local change from drift), and rollouts with each site's part.
// A rollout site is written 'applying' before its command is sent, so a console that dies
// mid-apply reads the site's config back before it does anything else there.
export const m009FleetConfig: Migration = {
  version: 9,
  name: 'fleet-config',
  sql: `
CREATE TABLE config_templates (
  id          INTEGER PRIMARY KEY AUTOINCREMENT,
  name        TEXT NOT NULL,
  version     INTEGER NOT NULL CHECK (version >= 1),
  fields_json TEXT NOT NULL,
  author      TEXT NOT NULL,
  note        TEXT NOT NULL,
  created_at  INTEGER NOT NULL,
  UNIQUE (name, version)
) STRICT;

CREATE TABLE config_overrides (
  scope       TEXT NOT NULL CHECK (scope IN ('area', 'tag', 'site')),
  key         TEXT NOT NULL,
  fields_json TEXT NOT NULL,
  author      TEXT NOT NULL,
  note        TEXT NOT NULL,
  updated_at  INTEGER NOT NULL,
  PRIMARY KEY (scope, key)
) STRICT, WITHOUT ROWID;

CREATE TABLE config_assignments (
  site_id     INTEGER PRIMARY KEY REFERENCES sites (id) ON DELETE CASCADE,
  template    TEXT NOT NULL,
  assigned_by TEXT NOT NULL,
  assigned_at INTEGER NOT NULL
) STRICT;
CREATE INDEX config_assignments_template ON config_assignments (template);

ALTER TABLE site_config ADD COLUMN known_hash TEXT;
UPDATE site_config SET known_hash = hash;

CREATE TABLE rollouts (
  id               INTEGER PRIMARY KEY AUTOINCREMENT,
  name             TEXT NOT NULL,
  template         TEXT NOT NULL,
  template_version INTEGER NOT NULL,
  plan_json        TEXT NOT NULL,
  state            TEXT NOT NULL CHECK (state IN ('draft', 'running', 'waiting', 'awaiting-approval', 'paused', 'halted', 'completed', 'aborted')),
  paused_from      TEXT,
  abort_rollback   INTEGER NOT NULL DEFAULT 0,
  actor            TEXT NOT NULL,
  created_at       INTEGER NOT NULL,
  started_at       INTEGER,
  finished_at      INTEGER,
  wave             INTEGER NOT NULL DEFAULT 0,
  waves            INTEGER NOT NULL,
  next_at          INTEGER,
  reason           TEXT,
  skipped_json     TEXT NOT NULL DEFAULT '[]'
) STRICT;
CREATE INDEX rollouts_state ON rollouts (state);

CREATE TABLE rollout_sites (
  rollout_id       INTEGER NOT NULL REFERENCES rollouts (id) ON DELETE CASCADE,
  site_id          INTEGER NOT NULL,
  site_name        TEXT NOT NULL,
  urn              INTEGER NOT NULL,
  wave             INTEGER NOT NULL,
  state            TEXT NOT NULL CHECK (state IN ('pending', 'applying', 'applied', 'verified', 'failed', 'conflict', 'offline', 'expired', 'rolling-back', 'rolled-back', 'rollback-failed', 'skipped')),
  from_hash        TEXT NOT NULL,
  to_hash          TEXT NOT NULL,
  config_json      TEXT NOT NULL,
  template_version INTEGER NOT NULL,
  changes          TEXT NOT NULL,
  changes_json     TEXT NOT NULL,
  error_code       TEXT,
  message          TEXT,
  verdict_before   TEXT,
  verdict_after    TEXT,
  applied_at       INTEGER,
  verified_at      INTEGER,
  rolled_back_at   INTEGER,
  expires_at       INTEGER,
  verify_until     INTEGER,
  updated_at       INTEGER NOT NULL,
  PRIMARY KEY (rollout_id, site_id)
) STRICT;
CREATE INDEX rollout_sites_site ON rollout_sites (site_id, state);
CREATE INDEX rollout_sites_wave ON rollout_sites (rollout_id, wave, state);
`,
};
