// Incident storage: the rows the tracker writes and the single reads it needs.
// Lists and reports for the UI live in incident-queries.ts and ttr-report.ts.
import Database from 'better-sqlite3';
import type { Reason, Verdict } from '../../../../shared/health/verdict.ts';
import type { AnyIncident, FleetIncident, Incident, IncidentNote } from '../../../../shared/incidents.ts';
import { AppFailure } from '../../../../shared/result.ts';
import type { Db } from './db.ts';
import type { Candidate, FleetActivity } from '../../incidents/correlation.ts';
import { toFleetIncident, toIncident, toNote, type FleetIncidentRow, type NoteRow, type SiteIncidentRow } from '../incident-rows.ts';
import { SELECT_FLEET, SELECT_SITE } from './incident-rows.ts';

export interface NewSiteIncident {
  siteId: number;
  at: number;
  verdict: Verdict;
  reasonCode: string;
  reasons: readonly Reason[];
  title: string;
  /** When its alert fires unless it is grouped first. */
  notifyAt: number;
}

export interface NewFleetIncident {
  at: number;
  /** The earliest child's, so the fleet's time to recover covers the whole outage. */
  openedAt: number;
  verdict: Verdict;
  reasonCode: string;
  reasons: readonly Reason[];
  title: string;
  fleetSize: number;
}

const constraint = (err: unknown, code: string) => err instanceof Database.SqliteError && err.code === code;

export class IncidentRepo {
  private readonly stmts;

  constructor(db: Db) {
    this.stmts = {
      site: db.prepare<[number], SiteIncidentRow>(`${SELECT_SITE} WHERE i.id = ?`),
      fleet: db.prepare<[number], FleetIncidentRow>(`${SELECT_FLEET} WHERE i.id = ? AND i.kind = 'fleet'`),
      kind: db.prepare<[number], { kind: string }>('SELECT kind FROM incidents WHERE id = ?'),
      openForSite: db.prepare<[number], SiteIncidentRow>(`${SELECT_SITE} WHERE i.site_id = ? AND i.state = 'open'`),
      insertSite: db.prepare(`INSERT INTO incidents (kind, site_id, state, first_verdict, verdict, reason_code, reasons, title, opened_at, updated_at, notify_state, notify_at)
        VALUES ('site', @siteId, 'open', @verdict, @verdict, @reasonCode, @reasons, @title, @at, @at, 'pending', @notifyAt)`),
      insertFleet: db.prepare(`INSERT INTO incidents (kind, state, first_verdict, verdict, reason_code, reasons, title, fleet_size, opened_at, updated_at, notify_state)
        VALUES ('fleet', 'open', @verdict, @verdict, @reasonCode, @reasons, @title, @fleetSize, @openedAt, @at, 'sent')`),
      updateCurrent: db.prepare<[{ id: number; verdict: string; reasons: string; title: string; at: number }]>(
        'UPDATE incidents SET verdict = @verdict, reasons = @reasons, title = @title, updated_at = @at WHERE id = @id',
      ),
      retitle: db.prepare<[{ id: number; title: string; at: number }]>('UPDATE incidents SET title = @title, updated_at = @at WHERE id = @id'),
      resolve: db.prepare<[{ id: number; at: number }]>(`UPDATE incidents SET state = 'resolved', resolved_at = @at, updated_at = @at,
        notify_state = CASE notify_state WHEN 'pending' THEN 'skipped' ELSE notify_state END WHERE id = @id AND state = 'open'`),
      attach: db.prepare<[{ id: number; parentId: number; at: number }]>(`UPDATE incidents SET parent_id = @parentId, updated_at = @at,
        notify_state = CASE notify_state WHEN 'pending' THEN 'grouped' ELSE notify_state END WHERE id = @id AND kind = 'site'`),
      burst: db.prepare<[string, number], { id: number; opened_at: number }>(`SELECT id, opened_at FROM incidents
        WHERE reason_code = ? AND opened_at >= ? AND state = 'open' AND kind = 'site' AND parent_id IS NULL ORDER BY opened_at, id`),
      openFleet: db.prepare<[string], { id: number; child_count: number; open_child_count: number; last_joined_at: number | null }>(`SELECT id, child_count, open_child_count, last_joined_at
        FROM incidents WHERE reason_code = ? AND state = 'open' AND kind = 'fleet' ORDER BY opened_at DESC LIMIT 1`),
      openChildren: db.prepare<[number], { open_child_count: number }>('SELECT open_child_count FROM incidents WHERE id = ?'),
      due: db.prepare<[number], { id: number }>(`SELECT id FROM incidents
        WHERE notify_state = 'pending' AND notify_at <= ? AND state = 'open' ORDER BY notify_at, id`),
      markSent: db.prepare<[number]>("UPDATE incidents SET notify_state = 'sent' WHERE id = ? AND notify_state = 'pending'"),
      ack: db.prepare<[{ id: number; by: string; at: number }]>('UPDATE incidents SET acknowledged_at = @at, acknowledged_by = @by, updated_at = @at WHERE id = @id'),
      // Taking a fleet incident takes the sites under it that nobody has taken yet.
      ackChildren: db.prepare<[{ id: number; by: string; at: number }]>(`UPDATE incidents SET acknowledged_at = @at, acknowledged_by = @by, updated_at = @at
        WHERE parent_id = @id AND state = 'open' AND acknowledged_at IS NULL`),
      assign: db.prepare<[{ id: number; assignee: string | null; at: number }]>('UPDATE incidents SET assignee = @assignee, assigned_at = @at, updated_at = @at WHERE id = @id'),
      // Handing a fleet incident over moves the sites that followed it, not ones someone assigned elsewhere.
      assignChildren: db.prepare<[{ id: number; assignee: string | null; previous: string | null; at: number }]>(`UPDATE incidents
        SET assignee = @assignee, assigned_at = @at, updated_at = @at
        WHERE parent_id = @id AND state = 'open' AND (assignee IS NULL OR assignee = @previous)`),
      addNote: db.prepare<[{ id: number; author: string; text: string; at: number }]>('INSERT INTO incident_notes (incident_id, author, text, at) VALUES (@id, @author, @text, @at)'),
      touch: db.prepare<[{ id: number; at: number }]>('UPDATE incidents SET updated_at = @at WHERE id = @id'),
      note: db.prepare<[number], NoteRow>('SELECT * FROM incident_notes WHERE id = ?'),
      notes: db.prepare<[number], NoteRow>('SELECT * FROM incident_notes WHERE incident_id = ? ORDER BY at, id'),
    };
  }

  get(id: number): Incident {
    const row = this.stmts.site.get(id);
    if (!row) throw new AppFailure('not_found', `No site incident with id ${id}`);
    return toIncident(row);
  }

  getFleet(id: number): FleetIncident {
    const row = this.stmts.fleet.get(id);
    if (!row) throw new AppFailure('not_found', `No fleet incident with id ${id}`);
    return toFleetIncident(row);
  }

  getAny(id: number): AnyIncident {
    const row = this.stmts.kind.get(id);
    if (!row) throw new AppFailure('not_found', `No incident with id ${id}`);
    return row.kind === 'fleet' ? this.getFleet(id) : this.get(id);
  }

  openForSite(siteId: number): Incident | null {
    const row = this.stmts.openForSite.get(siteId);
    return row ? toIncident(row) : null;
  }

  insertSite(n: NewSiteIncident): number {
    try {
      const info = this.stmts.insertSite.run({ ...n, reasons: JSON.stringify(n.reasons) });
      return Number(info.lastInsertRowid);
    } catch (err) {
      // The partial unique index is the last word on "one open incident per site".
      if (constraint(err, 'SQLITE_CONSTRAINT_UNIQUE')) throw new AppFailure('conflict', `Site ${n.siteId} already has an open incident`);
      if (constraint(err, 'SQLITE_CONSTRAINT_FOREIGNKEY')) throw new AppFailure('not_found', `No site with id ${n.siteId}`);
      throw err;
    }
  }

  insertFleet(n: NewFleetIncident): number {
    return Number(this.stmts.insertFleet.run({ ...n, reasons: JSON.stringify(n.reasons) }).lastInsertRowid);
  }

  updateCurrent(id: number, verdict: Verdict, reasons: readonly Reason[], title: string, at: number): void {
    this.stmts.updateCurrent.run({ id, verdict, reasons: JSON.stringify(reasons), title, at });
  }

  retitle(id: number, title: string, at: number): void {
    this.stmts.retitle.run({ id, title, at });
  }

  /** A pending alert that never fired is skipped: the site came back before anyone needed to know. */
  resolve(id: number, at: number): void {
    this.stmts.resolve.run({ id, at });
  }

  /** Groups site incidents under a fleet incident; alerts still pending will not fire on their own. */
  attach(ids: readonly number[], parentId: number, at: number): void {
    for (const id of ids) this.stmts.attach.run({ id, parentId, at });
  }

  /** Open, ungrouped site incidents with this code opened since `since`. */
  burstCandidates(reasonCode: string, since: number): Candidate[] {
    return this.stmts.burst.all(reasonCode, since).map((r) => ({ id: r.id, openedAt: r.opened_at }));
  }

  openFleetFor(reasonCode: string): (FleetActivity & { id: number; siteCount: number }) | null {
    const row = this.stmts.openFleet.get(reasonCode);
    return row ? { id: row.id, siteCount: row.child_count, openChildren: row.open_child_count, lastJoinedAt: row.last_joined_at ?? 0 } : null;
  }

  openChildren(parentId: number): number {
    return this.stmts.openChildren.get(parentId)?.open_child_count ?? 0;
  }

  /** Takes the held alerts whose time has come, marking them sent. */
  takeDue(at: number): Incident[] {
    const ids = this.stmts.due.all(at).map((r) => r.id);
    for (const id of ids) this.stmts.markSent.run(id);
    return ids.map((id) => this.get(id));
  }

  /** Someone took the incident; a fleet incident's untaken sites come with it. */
  acknowledge(incident: AnyIncident, by: string, at: number): void {
    this.stmts.ack.run({ id: incident.id, by, at });
    if (incident.kind === 'fleet') this.stmts.ackChildren.run({ id: incident.id, by, at });
  }

  assign(incident: AnyIncident, assignee: string | null, at: number): void {
    this.stmts.assign.run({ id: incident.id, assignee, at });
    if (incident.kind === 'fleet') this.stmts.assignChildren.run({ id: incident.id, assignee, previous: incident.assignee, at });
  }

  addNote(id: number, author: string, text: string, at: number): IncidentNote {
    const info = this.stmts.addNote.run({ id, author, text, at });
    this.stmts.touch.run({ id, at });
    const row = this.stmts.note.get(Number(info.lastInsertRowid));
    if (!row) throw new AppFailure('internal', 'The note was not saved');
    return toNote(row);
  }

  notes(id: number): IncidentNote[] {
    return this.stmts.notes.all(id).map(toNote);
  }
}
