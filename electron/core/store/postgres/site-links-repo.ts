// Academy conversions on PostgreSQL, as SQLite's SiteLinksRepo: the register as a conversion
// sees it, the links made, and the carry-over applied in one transaction. SQLite's INSERT OR
// REPLACE becomes ON CONFLICT DO UPDATE of every column (a replaced row keeps nothing).
import { AppFailure } from '../../../../shared/result.ts';
import type { RegisterEntry } from '../../register/conversions.ts';
import { carriedOver, CONVERSION_ERRORS, toRegisterEntry, type EntryRow } from '../register-rows.ts';
import type { CarryOver, SiteLinkRow } from '../store.ts';
import type { PgDb } from './pg-db.ts';
import { insertFromGias } from './register-repo.ts';

const ENTRIES = `SELECT s.id, s.urn, s.laestab, s.name, s.host, s.port, s."user", (s.archived_at IS NOT NULL)::int AS archived, s.area, s.tags, s.notes,
    c.name AS credential, (p.hostkey_approved IS NOT NULL)::int AS pinned, a.template,
    EXISTS (SELECT 1 FROM config_overrides o WHERE o.scope = 'site' AND o.key = s.id::text)::int AS override
  FROM sites s LEFT JOIN site_poll p ON p.site_id = s.id LEFT JOIN credentials c ON c.id = p.credential_id LEFT JOIN config_assignments a ON a.site_id = s.id
  WHERE s.demo = 0 ORDER BY s.id`;

const LINKS = `SELECT predecessor_id AS "predecessorId", successor_id AS "successorId", predecessor_urn AS "predecessorUrn", successor_urn AS "successorUrn",
    converted_on AS "convertedOn", confirmed_at AS "confirmedAt" FROM site_links ORDER BY confirmed_at, id`;

// $1: from, $2: to. The successor takes the predecessor's pin and poll settings; a refusal belonged to the old row and goes.
const MOVE_POLL = `INSERT INTO site_poll (site_id, interval_s, credential_id, alerts_muted, hostkey_approved, hostkey_pending, hostkey_seen_at, hostkey_approved_at, hostkey_approved_by)
    SELECT $2, interval_s, credential_id, alerts_muted, hostkey_approved, hostkey_pending, hostkey_seen_at, hostkey_approved_at, hostkey_approved_by FROM site_poll WHERE site_id = $1
  ON CONFLICT (site_id) DO UPDATE SET interval_s = excluded.interval_s, credential_id = excluded.credential_id, alerts_muted = excluded.alerts_muted,
    hostkey_approved = excluded.hostkey_approved, hostkey_pending = excluded.hostkey_pending, hostkey_seen_at = excluded.hostkey_seen_at,
    hostkey_approved_at = excluded.hostkey_approved_at, hostkey_approved_by = excluded.hostkey_approved_by,
    hostkey_rejected = NULL, hostkey_rejected_at = NULL, hostkey_rejected_by = NULL`;
const MOVE_CONFIG = `INSERT INTO site_config (site_id, hash, config_json, fetched_at, known_hash) SELECT $2, hash, config_json, fetched_at, known_hash FROM site_config WHERE site_id = $1
  ON CONFLICT (site_id) DO UPDATE SET hash = excluded.hash, config_json = excluded.config_json, fetched_at = excluded.fetched_at, known_hash = excluded.known_hash`;
// The successor's first poll then counts from the predecessor's last, as one site's would: no gap at the join.
const MOVE_LATEST = `INSERT INTO site_latest (site_id, ts, verdict, raw_verdict, since, latency_ms, reasons, ls_pupils, ls_attendance, ls_exclusions, ls_assessment, first_ts)
    SELECT $2, ts, verdict, raw_verdict, since, latency_ms, reasons, ls_pupils, ls_attendance, ls_exclusions, ls_assessment, first_ts FROM site_latest WHERE site_id = $1
  ON CONFLICT (site_id) DO NOTHING`;
const MOVE_ASSIGNMENT = `INSERT INTO config_assignments (site_id, template, assigned_by, assigned_at) SELECT $2, template, assigned_by, assigned_at FROM config_assignments WHERE site_id = $1
  ON CONFLICT (site_id) DO UPDATE SET template = excluded.template, assigned_by = excluded.assigned_by, assigned_at = excluded.assigned_at`;
// Site overrides are keyed by the site id as text (config-service.ts).
const MOVE_OVERRIDE = `INSERT INTO config_overrides (scope, key, fields_json, author, note, updated_at)
    SELECT scope, $2::text, fields_json, author, note, updated_at FROM config_overrides WHERE scope = 'site' AND key = $1::text
  ON CONFLICT (scope, key) DO UPDATE SET fields_json = excluded.fields_json, author = excluded.author, note = excluded.note, updated_at = excluded.updated_at`;

export class PgSiteLinksRepo {
  readonly #db: PgDb;

  constructor(db: PgDb) {
    this.#db = db;
  }

  /** Every real site (archived too), with what a conversion would carry from it. */
  async registerEntries(): Promise<RegisterEntry[]> {
    return (await this.#db.query<EntryRow>(ENTRIES)).map(toRegisterEntry);
  }

  /** Every conversion confirmed, oldest first. */
  async links(): Promise<SiteLinkRow[]> {
    return this.#db.query<SiteLinkRow>(LINKS);
  }

  /** Applies one carry-over; returns the successor's site id. Refuses (and changes nothing) if the register moved since it was read. */
  async apply(c: CarryOver): Promise<number> {
    return this.#db.transaction(async () => {
      const now = new Date(c.link.confirmedAt).toISOString();
      // A successor not registered yet enters the way every GIAS school does, then takes the server like one that was.
      const successorId = c.successor.kind === 'create' ? await insertFromGias(this.#db, c.successor.site, now) : c.successor.siteId;
      const before = await this.#db.maybeOne<{ tags: string; notes: string }>('SELECT tags, notes FROM sites WHERE id = $1', [successorId]);
      const { tags, notes } = carriedOver(c.reach, before);
      const filled = await this.#db.run(
        `UPDATE sites SET host = $1, port = $2, "user" = $3, area = coalesce($4::text, area), notes = $5, tags = $6, updated_at = $7
         WHERE id = $8 AND host IS NULL AND archived_at IS NULL`,
        [c.reach.host, c.reach.port, c.reach.user, c.reach.area, notes, tags, now, successorId],
      );
      if (filled !== 1) throw new AppFailure('conflict', CONVERSION_ERRORS.successorMoved(c.link.successorUrn));
      const move = [c.predecessorId, successorId];
      for (const sql of [MOVE_POLL, MOVE_CONFIG, MOVE_LATEST, MOVE_ASSIGNMENT]) await this.#db.run(sql, move);
      await this.#db.run('DELETE FROM config_assignments WHERE site_id = $1', [c.predecessorId]);
      await this.#db.run(MOVE_OVERRIDE, move);
      await this.#db.run("DELETE FROM config_overrides WHERE scope = 'site' AND key = $1::text", [c.predecessorId]);
      const archived = await this.#db.run('UPDATE sites SET archived_at = $1, archived_by = $2 WHERE id = $3 AND archived_at IS NULL', [now, c.link.confirmedBy, c.predecessorId]);
      if (archived !== 1) throw new AppFailure('conflict', CONVERSION_ERRORS.predecessorMoved(c.link.predecessorUrn));
      await this.#db.run(
        `INSERT INTO site_links (predecessor_id, successor_id, kind, predecessor_urn, successor_urn, converted_on, evidence, confirmed_by, confirmed_at)
         VALUES ($1, $2, 'academy-conversion', $3, $4, $5, $6, $7, $8)`,
        [c.predecessorId, successorId, c.link.predecessorUrn, c.link.successorUrn, c.link.convertedOn, c.link.evidence, c.link.confirmedBy, c.link.confirmedAt],
      );
      return successorId;
    });
  }
}
