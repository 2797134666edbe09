import type { Migration } from './index.ts';

// Key rotations over a selection of sites, and each site's part. A site's step is written
// before its command is sent; after a crash the site is resumed by reading the agent's
// `auth list` again, never by re-sending blind. Names and fingerprints are kept with the
// rotation so its record still reads right after a credential is renamed or removed.
export const m012KeyRotation: Migration = {
  version: 12,
  name: 'key-rotation',
  sql: `
CREATE TABLE key_rotations (
  id                INTEGER PRIMARY KEY AUTOINCREMENT,
  old_credential_id INTEGER NOT NULL,
  new_credential_id INTEGER NOT NULL,
  old_name          TEXT NOT NULL,
  new_name          TEXT NOT NULL,
  old_fingerprint   TEXT NOT NULL,
  new_fingerprint   TEXT NOT NULL,
  state             TEXT NOT NULL CHECK (state IN ('running', 'completed')),
  actor             TEXT NOT NULL,
  created_at        INTEGER NOT NULL,
  finished_at       INTEGER,
  CHECK (old_credential_id <> new_credential_id)
) STRICT;

CREATE TABLE key_rotation_sites (
  rotation_id INTEGER NOT NULL REFERENCES key_rotations (id) ON DELETE CASCADE,
  site_id     INTEGER NOT NULL REFERENCES sites (id) ON DELETE CASCADE,
  site_name   TEXT NOT NULL,
  state       TEXT NOT NULL CHECK (state IN ('pending', 'adding', 'proving', 'removing', 'done', 'failed', 'too-old', 'offline', 'cannot')),
  message     TEXT,
  updated_at  INTEGER NOT NULL,
  PRIMARY KEY (rotation_id, site_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX key_rotation_sites_site ON key_rotation_sites (site_id);
`,
};
