import type { Migration } from './index.ts';

// Links between sites that are one school under two URNs (an academy conversion): the old
// site is archived, the new one carries on, and reports read both as one history.
// confirmed_at (ms) is the instant polling moved from one to the other: where their
// histories meet. converted_on is GIAS's date, shown to people.
export const m013SiteLinks: Migration = {
  version: 13,
  name: 'site-links',
  sql: `
CREATE TABLE site_links (
  id              INTEGER PRIMARY KEY,
  predecessor_id  INTEGER NOT NULL UNIQUE REFERENCES sites (id) ON DELETE CASCADE,
  successor_id    INTEGER NOT NULL REFERENCES sites (id) ON DELETE CASCADE,
  kind            TEXT NOT NULL CHECK (kind IN ('academy-conversion')),
  predecessor_urn INTEGER NOT NULL,
  successor_urn   INTEGER NOT NULL,
  converted_on    TEXT,
  evidence        TEXT NOT NULL,
  confirmed_by    TEXT NOT NULL,
  confirmed_at    INTEGER NOT NULL,
  CHECK (predecessor_id <> successor_id)
) STRICT;
CREATE INDEX site_links_successor ON site_links (successor_id);
`,
};
