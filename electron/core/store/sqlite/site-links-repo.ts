// Academy conversions' SQL: what the register looks like to a conversion, the links already
// made, and the carry-over itself, applied in one transaction.
import { AppFailure } from '../../../../shared/result.ts';
import type { RegisterEntry } from '../../register/conversions.ts';
import type { GiasNewSite } from '../../register/gias-plan.ts';
import { carriedOver, CONVERSION_ERRORS, toRegisterEntry, type EntryRow } from '../register-rows.ts';
import type { Db } from './db.ts';
import { insertFromGias } from './register-repo.ts';

export interface SiteLinkRow {
  predecessorId: number;
  successorId: number;
  predecessorUrn: number;
  successorUrn: number;
  convertedOn: string | null;
  /** ms: when polling moved from the predecessor to the successor; their histories meet here. */
  confirmedAt: number;
}

/** One decided carry-over: see conversion-plan.ts. */
export interface CarryOver {
  predecessorId: number;
  successor: { kind: 'create'; site: GiasNewSite } | { kind: 'fill'; siteId: number };
  reach: { host: string | null; port: number; user: string | null; area: string | null; tags: string[]; notes: string };
  link: { predecessorUrn: number; successorUrn: number; convertedOn: string | null; evidence: string; confirmedBy: string; confirmedAt: number };
}

const LINK_COLUMNS = 'predecessor_id AS predecessorId, successor_id AS successorId, predecessor_urn AS predecessorUrn, successor_urn AS successorUrn, converted_on AS convertedOn, confirmed_at AS confirmedAt';

export class SiteLinksRepo {
  readonly #db: Db;
  readonly #s;

  constructor(db: Db) {
    this.#db = db;
    this.#s = {
      entries: db.prepare<[], EntryRow>(`SELECT s.id, s.urn, s.laestab, s.name, s.host, s.port, s.user, s.archived_at IS NOT NULL AS archived, s.area, s.tags, s.notes,
          c.name AS credential, p.hostkey_approved IS NOT NULL AS pinned, a.template,
          EXISTS (SELECT 1 FROM config_overrides o WHERE o.scope = 'site' AND o.key = printf('%d', s.id)) AS override
        FROM sites s LEFT JOIN site_poll p ON p.site_id = s.id LEFT JOIN credentials c ON c.id = p.credential_id LEFT JOIN config_assignments a ON a.site_id = s.id
        WHERE s.demo = 0 ORDER BY s.id`),
      links: db.prepare<[], SiteLinkRow>(`SELECT ${LINK_COLUMNS} FROM site_links ORDER BY confirmed_at, id`),
      fill: db.prepare(`UPDATE sites SET host = @host, port = @port, user = @user, area = coalesce(@area, area), notes = @notes, tags = @tags, updated_at = @now
        WHERE id = @id AND host IS NULL AND archived_at IS NULL`),
      site: db.prepare<[number], { tags: string; notes: string }>('SELECT tags, notes FROM sites WHERE id = ?'),
      poll: db.prepare(`INSERT OR REPLACE INTO site_poll (site_id, interval_s, credential_id, alerts_muted, hostkey_approved, hostkey_pending, hostkey_seen_at, hostkey_approved_at, hostkey_approved_by)
        SELECT @to, interval_s, credential_id, alerts_muted, hostkey_approved, hostkey_pending, hostkey_seen_at, hostkey_approved_at, hostkey_approved_by FROM site_poll WHERE site_id = @from`),
      liveConfig: db.prepare(`INSERT OR REPLACE INTO site_config (site_id, hash, config_json, fetched_at, known_hash)
        SELECT @to, hash, config_json, fetched_at, known_hash FROM site_config WHERE site_id = @from`),
      // The successor's first poll then counts from the predecessor's last, as one site's would: no gap at the join.
      latest: db.prepare(`INSERT OR IGNORE INTO site_latest (site_id, ts, verdict, raw_verdict, since, latency_ms, reasons, ls_pupils, ls_attendance, ls_exclusions, ls_assessment, first_ts)
        SELECT @to, ts, verdict, raw_verdict, since, latency_ms, reasons, ls_pupils, ls_attendance, ls_exclusions, ls_assessment, first_ts FROM site_latest WHERE site_id = @from`),
      assignment: db.prepare(`INSERT OR REPLACE INTO config_assignments (site_id, template, assigned_by, assigned_at)
        SELECT @to, template, assigned_by, assigned_at FROM config_assignments WHERE site_id = @from`),
      dropAssignment: db.prepare<[number]>('DELETE FROM config_assignments WHERE site_id = ?'),
      override: db.prepare(`INSERT OR REPLACE INTO config_overrides (scope, key, fields_json, author, note, updated_at)
        SELECT scope, @toKey, fields_json, author, note, updated_at FROM config_overrides WHERE scope = 'site' AND key = @fromKey`),
      dropOverride: db.prepare<[string]>("DELETE FROM config_overrides WHERE scope = 'site' AND key = ?"),
      archive: db.prepare('UPDATE sites SET archived_at = @at, archived_by = @by WHERE id = @id AND archived_at IS NULL'),
      link: db.prepare(`INSERT INTO site_links (predecessor_id, successor_id, kind, predecessor_urn, successor_urn, converted_on, evidence, confirmed_by, confirmed_at)
        VALUES (@predecessorId, @successorId, 'academy-conversion', @predecessorUrn, @successorUrn, @convertedOn, @evidence, @confirmedBy, @confirmedAt)`),
    };
  }

  /** Every real site (archived too), with what a conversion would carry from it. */
  registerEntries(): RegisterEntry[] {
    return this.#s.entries.all().map(toRegisterEntry);
  }

  /** Every conversion confirmed, oldest first. */
  links(): SiteLinkRow[] {
    return this.#s.links.all();
  }

  /** Applies one carry-over; returns the successor's site id. Refuses (and changes nothing) if the register moved since it was read. */
  apply(c: CarryOver): number {
    return this.#db.transaction(() => {
      const at = c.link.confirmedAt;
      const now = new Date(at).toISOString();
      // A successor not registered yet enters the way every GIAS school does, then takes the server like one that was.
      const successorId = c.successor.kind === 'create' ? insertFromGias(this.#db, c.successor.site, now) : c.successor.siteId;
      const before = this.#s.site.get(successorId);
      const changed = this.#s.fill.run({ ...c.reach, id: successorId, ...carriedOver(c.reach, before ?? null), now }).changes;
      if (changed !== 1) throw new AppFailure('conflict', CONVERSION_ERRORS.successorMoved(c.link.successorUrn));
      const move = { from: c.predecessorId, to: successorId };
      this.#s.poll.run(move);
      this.#s.liveConfig.run(move);
      this.#s.latest.run(move);
      this.#s.assignment.run(move);
      this.#s.dropAssignment.run(c.predecessorId);
      // Site overrides are keyed by the site id as text (config-service.ts).
      this.#s.override.run({ fromKey: String(c.predecessorId), toKey: String(successorId) });
      this.#s.dropOverride.run(String(c.predecessorId));
      if (this.#s.archive.run({ id: c.predecessorId, at: now, by: c.link.confirmedBy }).changes !== 1) {
        throw new AppFailure('conflict', CONVERSION_ERRORS.predecessorMoved(c.link.predecessorUrn));
      }
      this.#s.link.run({ ...c.link, predecessorId: c.predecessorId, successorId });
      return successorId;
    })();
  }
}
