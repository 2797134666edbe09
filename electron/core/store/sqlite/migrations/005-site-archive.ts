import type { Migration } from './index.ts';

// Removing a site archives it (archived_at/by) so its history and incidents stay for reports,
// and ids become AUTOINCREMENT so an id is never handed out twice: an old audit entry can never
// name a new school. SQLite cannot add AUTOINCREMENT in place, so the table is rebuilt. This runs
// with foreign keys off (see `rebuildsTables`): with them on, DROP TABLE sites would cascade
// through every child table and delete all history. The sequence starts past every id the audit
// trail has seen, so ids of sites deleted before this migration are not reused either.
export const m005SiteArchive: Migration = {
  version: 5,
  name: 'site-archive',
  rebuildsTables: true,
  sql: `
CREATE TABLE sites_v5 (
  id          INTEGER PRIMARY KEY AUTOINCREMENT,
  urn         INTEGER NOT NULL UNIQUE CHECK (urn BETWEEN 100000 AND 999999),
  laestab     TEXT CHECK (laestab IS NULL OR length(laestab) = 7),
  name        TEXT NOT NULL,
  type        TEXT,
  type_group  TEXT,
  phase       TEXT,
  trust       TEXT,
  area        TEXT,
  pupils      INTEGER,
  latitude    REAL,
  longitude   REAL,
  host        TEXT NOT NULL,
  port        INTEGER NOT NULL DEFAULT 22 CHECK (port BETWEEN 1 AND 65535),
  user        TEXT NOT NULL,
  tags        TEXT NOT NULL DEFAULT '[]',
  demo        INTEGER NOT NULL DEFAULT 0 CHECK (demo IN (0, 1)),
  created_at  TEXT NOT NULL,
  updated_at  TEXT NOT NULL,
  archived_at TEXT,
  archived_by TEXT,
  CHECK ((archived_at IS NULL) = (archived_by IS NULL))
) STRICT;
INSERT INTO sites_v5 (id, urn, laestab, name, type, type_group, phase, trust, area, pupils, latitude, longitude, host, port, user, tags, demo, created_at, updated_at)
  SELECT id, urn, laestab, name, type, type_group, phase, trust, area, pupils, latitude, longitude, host, port, user, tags, demo, created_at, updated_at FROM sites;
DROP TABLE sites;
ALTER TABLE sites_v5 RENAME TO sites;
CREATE INDEX sites_demo ON sites (demo);
CREATE INDEX sites_active ON sites (id) WHERE archived_at IS NULL;
INSERT INTO sqlite_sequence (name, seq) SELECT 'sites', 0 WHERE NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = 'sites');
UPDATE sqlite_sequence SET seq = max(seq, coalesce((SELECT max(id) FROM sites), 0), coalesce((SELECT max(site_id) FROM audit_log), 0))
  WHERE name = 'sites';
`,
};
