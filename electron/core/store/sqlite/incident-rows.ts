// The SELECTs incident rows are read with on SQLite; the rows' shapes and mapping are shared
// with PostgreSQL in ../incident-rows.ts.
export { iso } from '../incident-rows.ts';

const NOTE_COUNT = '(SELECT count(*) FROM incident_notes n WHERE n.incident_id = i.id) AS note_count';

/** Site incidents with the site's name and URN; callers append WHERE / ORDER BY. */
export const SELECT_SITE = `SELECT i.*, s.name AS site_name, s.urn AS site_urn, ${NOTE_COUNT}
  FROM incidents i JOIN sites s ON s.id = i.site_id`;

/** Fleet incidents; their child counts are kept on the row by triggers (see migration 004). */
export const SELECT_FLEET = `SELECT i.*, ${NOTE_COUNT} FROM incidents i`;
