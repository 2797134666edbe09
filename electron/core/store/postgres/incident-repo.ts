// Incident storage on PostgreSQL: the rows the tracker writes and the single reads it needs.
import type { Reason, Verdict } from '../../../../shared/health/verdict.ts';
import type { AnyIncident, FleetIncident, Incident, IncidentNote } from '../../../../shared/incidents.ts';
import { AppFailure } from '../../../../shared/result.ts';
import type { Candidate, FleetActivity } from '../../incidents/correlation.ts';
import { toFleetIncident, toIncident, toNote, type FleetIncidentRow, type NoteRow, type SiteIncidentRow } from '../incident-rows.ts';
import type { NewFleetIncident, NewSiteIncident } from '../sqlite/incident-repo.ts';
import { SELECT_FLEET, SELECT_SITE } from './incident-sql.ts';
import { FOREIGN_KEY_VIOLATION, pgCode, UNIQUE_VIOLATION } from './pg-errors.ts';
import type { PgDb } from './pg-db.ts';

/** The tracker's per-poll lookups, exported so their plans are tested. */
export const HOT_INCIDENT_SQL = {
  openForSite: `${SELECT_SITE} WHERE i.site_id = $1 AND i.state = 'open'`,
  burst: `SELECT id, opened_at FROM incidents
    WHERE reason_code = $1 AND opened_at >= $2 AND state = 'open' AND kind = 'site' AND parent_id IS NULL ORDER BY opened_at, id`,
  due: "SELECT id FROM incidents WHERE notify_state = 'pending' AND notify_at <= $1 AND state = 'open' FOR UPDATE SKIP LOCKED",
};

export class PgIncidentRepo {
  readonly #db: PgDb;

  constructor(db: PgDb) {
    this.#db = db;
  }

  async get(id: number): Promise<Incident> {
    const row = await this.#db.maybeOne<SiteIncidentRow>(`${SELECT_SITE} WHERE i.id = $1`, [id], 'incidents.get');
    if (!row) throw new AppFailure('not_found', `No site incident with id ${id}`);
    return toIncident(row);
  }

  async getFleet(id: number): Promise<FleetIncident> {
    const row = await this.#db.maybeOne<FleetIncidentRow>(`${SELECT_FLEET} WHERE i.id = $1 AND i.kind = 'fleet'`, [id], 'incidents.getFleet');
    if (!row) throw new AppFailure('not_found', `No fleet incident with id ${id}`);
    return toFleetIncident(row);
  }

  async getAny(id: number): Promise<AnyIncident> {
    const row = await this.#db.maybeOne<{ kind: string }>('SELECT kind FROM incidents WHERE id = $1', [id], 'incidents.kind');
    if (!row) throw new AppFailure('not_found', `No incident with id ${id}`);
    return row.kind === 'fleet' ? this.getFleet(id) : this.get(id);
  }

  async openForSite(siteId: number): Promise<Incident | null> {
    const row = await this.#db.maybeOne<SiteIncidentRow>(HOT_INCIDENT_SQL.openForSite, [siteId], 'incidents.openForSite');
    return row ? toIncident(row) : null;
  }

  async insertSite(n: NewSiteIncident): Promise<number> {
    try {
      const row = await this.#db.one<{ id: number }>(
        `INSERT INTO incidents (kind, site_id, state, first_verdict, verdict, reason_code, reasons, title, opened_at, updated_at, notify_state, notify_at)
         VALUES ('site', $1, 'open', $2, $2, $3, $4, $5, $6, $6, 'pending', $7) RETURNING id`,
        [n.siteId, n.verdict, n.reasonCode, JSON.stringify(n.reasons), n.title, n.at, n.notifyAt],
        'incidents.insertSite',
      );
      return row.id;
    } catch (err) {
      // The partial unique index is the last word on "one open incident per site".
      if (pgCode(err) === UNIQUE_VIOLATION) throw new AppFailure('conflict', `Site ${n.siteId} already has an open incident`);
      if (pgCode(err) === FOREIGN_KEY_VIOLATION) throw new AppFailure('not_found', `No site with id ${n.siteId}`);
      throw err;
    }
  }

  async insertFleet(n: NewFleetIncident): Promise<number> {
    const row = await this.#db.one<{ id: number }>(
      `INSERT INTO incidents (kind, state, first_verdict, verdict, reason_code, reasons, title, fleet_size, opened_at, updated_at, notify_state)
       VALUES ('fleet', 'open', $1, $1, $2, $3, $4, $5, $6, $7, 'sent') RETURNING id`,
      [n.verdict, n.reasonCode, JSON.stringify(n.reasons), n.title, n.fleetSize, n.openedAt, n.at],
      'incidents.insertFleet',
    );
    return row.id;
  }

  async updateCurrent(id: number, verdict: Verdict, reasons: readonly Reason[], title: string, at: number): Promise<void> {
    await this.#db.run('UPDATE incidents SET verdict = $2, reasons = $3, title = $4, updated_at = $5 WHERE id = $1', [id, verdict, JSON.stringify(reasons), title, at], 'incidents.updateCurrent');
  }

  async retitle(id: number, title: string, at: number): Promise<void> {
    await this.#db.run('UPDATE incidents SET title = $2, updated_at = $3 WHERE id = $1', [id, title, at], 'incidents.retitle');
  }

  /** A pending alert that never fired is skipped: the site came back before anyone needed to know. */
  async resolve(id: number, at: number): Promise<void> {
    await this.#db.run(
      `UPDATE incidents SET state = 'resolved', resolved_at = $2, updated_at = $2,
         notify_state = CASE notify_state WHEN 'pending' THEN 'skipped' ELSE notify_state END WHERE id = $1 AND state = 'open'`,
      [id, at],
      'incidents.resolve',
    );
  }

  /** Groups site incidents under a fleet incident; alerts still pending will not fire on their own. */
  async attach(ids: readonly number[], parentId: number, at: number): Promise<void> {
    if (ids.length === 0) return;
    await this.#db.run(
      `UPDATE incidents SET parent_id = $2, updated_at = $3,
         notify_state = CASE notify_state WHEN 'pending' THEN 'grouped' ELSE notify_state END WHERE id = ANY($1::bigint[]) AND kind = 'site'`,
      [ids, parentId, at],
      'incidents.attach',
    );
  }

  /** Open, ungrouped site incidents with this code opened since `since`. */
  async burstCandidates(reasonCode: string, since: number): Promise<Candidate[]> {
    const rows = await this.#db.query<{ id: number; opened_at: number }>(
      HOT_INCIDENT_SQL.burst,
      [reasonCode, since],
      'incidents.burst',
    );
    return rows.map((r) => ({ id: r.id, openedAt: r.opened_at }));
  }

  async openFleetFor(reasonCode: string): Promise<(FleetActivity & { id: number; siteCount: number }) | null> {
    const row = await this.#db.maybeOne<{ id: number; child_count: number; open_child_count: number; last_joined_at: number | null }>(
      `SELECT id, child_count, open_child_count, last_joined_at
       FROM incidents WHERE reason_code = $1 AND state = 'open' AND kind = 'fleet' ORDER BY opened_at DESC LIMIT 1`,
      [reasonCode],
      'incidents.openFleet',
    );
    return row ? { id: row.id, siteCount: row.child_count, openChildren: row.open_child_count, lastJoinedAt: row.last_joined_at ?? 0 } : null;
  }

  async openChildren(parentId: number): Promise<number> {
    const row = await this.#db.maybeOne<{ open_child_count: number }>('SELECT open_child_count FROM incidents WHERE id = $1', [parentId], 'incidents.openChildren');
    return row?.open_child_count ?? 0;
  }

  /**
   * Takes the held alerts whose time has come, marking them sent. Rows another collector is
   * taking are skipped, so each alert is taken once.
   */
  async takeDue(at: number): Promise<Incident[]> {
    const rows = await this.#db.query<SiteIncidentRow & { notify_at: number }>(
      `WITH due AS (${HOT_INCIDENT_SQL.due}),
       taken AS (
         UPDATE incidents SET notify_state = 'sent' FROM due WHERE incidents.id = due.id AND incidents.notify_state = 'pending' RETURNING incidents.id)
       ${SELECT_SITE} JOIN taken t ON t.id = i.id ORDER BY i.notify_at, i.id`,
      [at],
      'incidents.takeDue',
    );
    // The SELECT sees the rows as they were before the UPDATE in the same statement.
    return rows.map((r) => toIncident({ ...r, notify_state: 'sent' }));
  }

  /** Someone took the incident; a fleet incident's untaken sites come with it. */
  async acknowledge(incident: AnyIncident, by: string, at: number): Promise<void> {
    await this.#db.run('UPDATE incidents SET acknowledged_at = $3, acknowledged_by = $2, updated_at = $3 WHERE id = $1', [incident.id, by, at]);
    if (incident.kind === 'fleet') {
      await this.#db.run(
        `UPDATE incidents SET acknowledged_at = $3, acknowledged_by = $2, updated_at = $3
         WHERE parent_id = $1 AND state = 'open' AND acknowledged_at IS NULL`,
        [incident.id, by, at],
      );
    }
  }

  async assign(incident: AnyIncident, assignee: string | null, at: number): Promise<void> {
    await this.#db.run('UPDATE incidents SET assignee = $2, assigned_at = $3, updated_at = $3 WHERE id = $1', [incident.id, assignee, at]);
    // Handing a fleet incident over moves the sites that followed it, not ones someone assigned elsewhere.
    if (incident.kind === 'fleet') {
      await this.#db.run(
        `UPDATE incidents SET assignee = $2, assigned_at = $4, updated_at = $4
         WHERE parent_id = $1 AND state = 'open' AND (assignee IS NULL OR assignee = $3)`,
        [incident.id, assignee, incident.assignee, at],
      );
    }
  }

  async addNote(id: number, author: string, text: string, at: number): Promise<IncidentNote> {
    const row = await this.#db.one<NoteRow>('INSERT INTO incident_notes (incident_id, author, text, at) VALUES ($1, $2, $3, $4) RETURNING *', [id, author, text, at]);
    await this.#db.run('UPDATE incidents SET updated_at = $2 WHERE id = $1', [id, at]);
    return toNote(row);
  }

  async notes(id: number): Promise<IncidentNote[]> {
    const rows = await this.#db.query<NoteRow>('SELECT * FROM incident_notes WHERE incident_id = $1 ORDER BY at, id', [id], 'incidents.notes');
    return rows.map(toNote);
  }
}
