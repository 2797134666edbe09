import type { Migration } from './index.ts';

// Times are integer seconds: an interval split at an hour or day boundary stays exact, and
// seconds summed over five years fit comfortably in SQLite's integers.
// Rollup rows carry running totals (c_*) since the site's first bucket, so the total over any
// range is a difference of two rows per site instead of a sum over every bucket in it.
const verdicts = `('healthy', 'lagging', 'failing', 'unreachable', 'auth-failed', 'hostkey-changed', 'protocol-error', 'unknown', 'maintenance')`;

// Samples: ts and each dataset's last successful transfer (ls_*) are ms epoch: 6 bytes, not 24
// of ISO text. Rollup keys: `hour` is the epoch second of a UTC hour, `day` the epoch second of a Europe/London midnight (so a day is 23 or 25 hours on DST days).
// gap_cap_s is the gap this sample was allowed before time counted as unknown, so the timeline
// attributes exactly as the rollups did. site_latest.since is when the site entered its current verdict.
const rollup = (table: string, key: string) => `
CREATE TABLE ${table} (
  site_id            INTEGER NOT NULL REFERENCES sites (id) ON DELETE CASCADE,
  ${key}             INTEGER NOT NULL,
  s_healthy          INTEGER NOT NULL DEFAULT 0,
  s_lagging          INTEGER NOT NULL DEFAULT 0,
  s_failing          INTEGER NOT NULL DEFAULT 0,
  s_unreachable      INTEGER NOT NULL DEFAULT 0,
  s_auth_failed      INTEGER NOT NULL DEFAULT 0,
  s_hostkey_changed  INTEGER NOT NULL DEFAULT 0,
  s_protocol_error   INTEGER NOT NULL DEFAULT 0,
  s_unknown          INTEGER NOT NULL DEFAULT 0,
  s_maintenance      INTEGER NOT NULL DEFAULT 0,
  r_pupils           INTEGER NOT NULL DEFAULT 0,
  r_attendance       INTEGER NOT NULL DEFAULT 0,
  r_exclusions       INTEGER NOT NULL DEFAULT 0,
  r_assessment       INTEGER NOT NULL DEFAULT 0,
  c_up               INTEGER NOT NULL,
  c_down             INTEGER NOT NULL,
  c_excluded         INTEGER NOT NULL,
  c_pupils           INTEGER NOT NULL,
  c_attendance       INTEGER NOT NULL,
  c_exclusions       INTEGER NOT NULL,
  c_assessment       INTEGER NOT NULL,
  PRIMARY KEY (site_id, ${key})
) STRICT, WITHOUT ROWID;`;

export const m002History: Migration = {
  version: 2,
  name: 'history',
  sql: `
CREATE TABLE history_samples (
  id             INTEGER PRIMARY KEY,
  site_id        INTEGER NOT NULL REFERENCES sites (id) ON DELETE CASCADE,
  ts             INTEGER NOT NULL,
  verdict        TEXT NOT NULL CHECK (verdict IN ${verdicts}),
  raw_verdict    TEXT NOT NULL CHECK (raw_verdict IN ${verdicts}),
  latency_ms     INTEGER,
  gap_cap_s      INTEGER NOT NULL,
  reasons        TEXT NOT NULL DEFAULT '[]',
  r_pupils       INTEGER NOT NULL DEFAULT 0,
  r_attendance   INTEGER NOT NULL DEFAULT 0,
  r_exclusions   INTEGER NOT NULL DEFAULT 0,
  r_assessment   INTEGER NOT NULL DEFAULT 0,
  ls_pupils      INTEGER,
  ls_attendance  INTEGER,
  ls_exclusions  INTEGER,
  ls_assessment  INTEGER
) STRICT;
CREATE UNIQUE INDEX history_samples_site_ts ON history_samples (site_id, ts);
CREATE INDEX history_samples_ts ON history_samples (ts);

CREATE TABLE site_latest (
  site_id        INTEGER PRIMARY KEY REFERENCES sites (id) ON DELETE CASCADE,
  ts             INTEGER NOT NULL,
  verdict        TEXT NOT NULL CHECK (verdict IN ${verdicts}),
  raw_verdict    TEXT NOT NULL CHECK (raw_verdict IN ${verdicts}),
  since          INTEGER NOT NULL,
  latency_ms     INTEGER,
  reasons        TEXT NOT NULL DEFAULT '[]',
  ls_pupils      INTEGER,
  ls_attendance  INTEGER,
  ls_exclusions  INTEGER,
  ls_assessment  INTEGER
) STRICT;
${rollup('history_hourly', 'hour')}
${rollup('history_daily', 'day')}
`,
};
