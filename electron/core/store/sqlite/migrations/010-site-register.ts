import type { Migration } from './index.ts';

// The site register fills from GIAS before anyone knows each school's B2B host, so host and
// user may be blank: such a site is in the register, not yet in the fleet's polling. It also
// keeps what GIAS says about where the school is (postcode, street, town), its GIAS status,
// how its map position was found, and the support team's own notes (a local field that no
// re-import overwrites). SQLite cannot drop NOT NULL in place, so the table is rebuilt, with
// foreign keys off (see `rebuildsTables` and migration 005), keeping ids and the sequence.
export const m010SiteRegister: Migration = {
  version: 10,
  name: 'site-register',
  rebuildsTables: true,
  sql: `
CREATE TABLE sites_v10 (
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
  host        TEXT,
  port        INTEGER NOT NULL DEFAULT 22 CHECK (port BETWEEN 1 AND 65535),
  user        TEXT,
  tags        TEXT NOT NULL DEFAULT '[]',
  demo        INTEGER NOT NULL DEFAULT 0 CHECK (demo IN (0, 1)),
  created_at  TEXT NOT NULL,
  updated_at  TEXT NOT NULL,
  archived_at TEXT,
  archived_by TEXT,
  postcode    TEXT,
  street      TEXT,
  town        TEXT,
  gias_status TEXT,
  location_source TEXT CHECK (location_source IS NULL OR location_source IN ('gias', 'postcode', 'manual')),
  notes       TEXT NOT NULL DEFAULT '',
  CHECK ((archived_at IS NULL) = (archived_by IS NULL)),
  CHECK ((host IS NULL) = (user IS NULL))
) STRICT;
INSERT INTO sites_v10 (id, urn, laestab, name, type, type_group, phase, trust, area, pupils, latitude, longitude, host, port, user, tags, demo, created_at, updated_at, archived_at, archived_by, location_source)
  SELECT id, urn, laestab, name, type, type_group, phase, trust, area, pupils, latitude, longitude, host, port, user, tags, demo, created_at, updated_at, archived_at, archived_by,
    CASE WHEN latitude IS NULL THEN NULL ELSE 'manual' END FROM sites;
-- An id is never handed out twice (migration 005): the new table takes over the old one's sequence.
INSERT INTO sqlite_sequence (name, seq) SELECT 'sites_v10', 0 WHERE NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = 'sites_v10');
UPDATE sqlite_sequence SET seq = max(seq, coalesce((SELECT max(seq) FROM sqlite_sequence WHERE name = 'sites'), 0)) WHERE name = 'sites_v10';
DROP TABLE sites;
ALTER TABLE sites_v10 RENAME TO sites;
CREATE INDEX sites_demo ON sites (demo);
CREATE INDEX sites_active ON sites (id) WHERE archived_at IS NULL;
`,
};
