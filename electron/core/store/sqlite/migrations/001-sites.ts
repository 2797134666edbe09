import type { Migration } from './index.ts';

export const m001Sites: Migration = {
  version: 1,
  name: 'sites',
  sql: `
CREATE TABLE sites (
  id          INTEGER PRIMARY KEY,
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
  updated_at  TEXT NOT NULL
) STRICT;
CREATE INDEX sites_demo ON sites (demo);
`,
};
