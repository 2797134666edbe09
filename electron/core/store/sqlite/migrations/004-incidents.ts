import type { Migration } from './index.ts';

// Incidents: one row per site's spell in a down verdict, plus fleet rows that group a
// correlated outage (children point at them through parent_id). Times are epoch ms so
// ranges and time to recover are plain integer maths.
export const m004Incidents: Migration = {
  version: 4,
  name: 'incidents',
  sql: `
CREATE TABLE incidents (
  id               INTEGER PRIMARY KEY,
  kind             TEXT NOT NULL CHECK (kind IN ('site', 'fleet')),
  site_id          INTEGER REFERENCES sites(id) ON DELETE CASCADE,
  parent_id        INTEGER REFERENCES incidents(id),
  state            TEXT NOT NULL CHECK (state IN ('open', 'resolved')),
  first_verdict    TEXT NOT NULL,
  verdict          TEXT NOT NULL,
  reason_code      TEXT NOT NULL,
  reasons          TEXT NOT NULL DEFAULT '[]',
  title            TEXT NOT NULL,
  fleet_size       INTEGER,
  opened_at        INTEGER NOT NULL,
  updated_at       INTEGER NOT NULL,
  resolved_at      INTEGER,
  ttr_ms           INTEGER GENERATED ALWAYS AS (resolved_at - opened_at) VIRTUAL,
  notify_state     TEXT NOT NULL CHECK (notify_state IN ('pending', 'sent', 'grouped', 'skipped')),
  notify_at        INTEGER,
  acknowledged_at  INTEGER,
  acknowledged_by  TEXT,
  assignee         TEXT,
  assigned_at      INTEGER,
  child_count      INTEGER NOT NULL DEFAULT 0,
  open_child_count INTEGER NOT NULL DEFAULT 0,
  last_joined_at   INTEGER,
  CHECK ((kind = 'site') = (site_id IS NOT NULL)),
  CHECK (kind = 'site' OR parent_id IS NULL),
  CHECK ((kind = 'fleet') = (fleet_size IS NOT NULL)),
  CHECK ((state = 'resolved') = (resolved_at IS NOT NULL)),
  CHECK (resolved_at IS NULL OR resolved_at >= opened_at),
  CHECK ((acknowledged_at IS NULL) = (acknowledged_by IS NULL))
) STRICT;
CREATE UNIQUE INDEX incidents_one_open_per_site ON incidents (site_id) WHERE state = 'open';
CREATE INDEX incidents_site_opened ON incidents (site_id, opened_at);
CREATE INDEX incidents_opened ON incidents (opened_at);
CREATE INDEX incidents_resolved ON incidents (resolved_at) WHERE resolved_at IS NOT NULL;
CREATE INDEX incidents_parent ON incidents (parent_id) WHERE parent_id IS NOT NULL;
CREATE INDEX incidents_open_by_code ON incidents (reason_code, opened_at) WHERE state = 'open';
-- Apart from the one above: in an outage thousands of open site rows share the code.
CREATE INDEX incidents_open_fleet ON incidents (reason_code, opened_at) WHERE state = 'open' AND kind = 'fleet';
CREATE INDEX incidents_notify_due ON incidents (notify_at) WHERE notify_state = 'pending';

-- A fleet row keeps its children's counts, because during an outage every poll of every
-- site asks for them, and counting thousands of children each time stalls the core.
-- Triggers keep them true on every path, including sites deleted with their incidents.
CREATE TRIGGER incidents_child_attached AFTER UPDATE OF parent_id ON incidents
WHEN OLD.parent_id IS NULL AND NEW.parent_id IS NOT NULL BEGIN
  UPDATE incidents SET child_count = child_count + 1, open_child_count = open_child_count + (NEW.state = 'open'),
    last_joined_at = max(coalesce(last_joined_at, NEW.opened_at), NEW.opened_at)
  WHERE id = NEW.parent_id;
END;
CREATE TRIGGER incidents_child_resolved AFTER UPDATE OF state ON incidents
WHEN NEW.parent_id IS NOT NULL AND OLD.state = 'open' AND NEW.state = 'resolved' BEGIN
  UPDATE incidents SET open_child_count = open_child_count - 1 WHERE id = NEW.parent_id;
END;
-- A removed site must not hold its outage open for ever: if it was the last one down, the
-- outage ended when the last remaining site recovered.
CREATE TRIGGER incidents_child_deleted AFTER DELETE ON incidents
WHEN OLD.parent_id IS NOT NULL BEGIN
  UPDATE incidents SET child_count = child_count - 1, open_child_count = open_child_count - (OLD.state = 'open')
  WHERE id = OLD.parent_id;
  UPDATE incidents SET state = 'resolved',
    resolved_at = max(opened_at, coalesce((SELECT max(c.resolved_at) FROM incidents c WHERE c.parent_id = OLD.parent_id), opened_at)),
    updated_at = max(updated_at, opened_at, coalesce((SELECT max(c.resolved_at) FROM incidents c WHERE c.parent_id = OLD.parent_id), opened_at))
  WHERE id = OLD.parent_id AND state = 'open' AND open_child_count = 0;
END;

CREATE TABLE incident_notes (
  id           INTEGER PRIMARY KEY,
  incident_id  INTEGER NOT NULL REFERENCES incidents(id) ON DELETE CASCADE,
  author       TEXT NOT NULL CHECK (length(author) BETWEEN 1 AND 100),
  text         TEXT NOT NULL CHECK (length(text) BETWEEN 1 AND 4000),
  at           INTEGER NOT NULL
) STRICT;
CREATE INDEX incident_notes_incident ON incident_notes (incident_id, at);
`,
};
