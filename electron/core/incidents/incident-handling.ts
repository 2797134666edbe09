// The people side of an incident: who has taken it, who it is assigned to, and their notes.
import type { z } from 'zod';
import type { Clock } from '../../../shared/clock.ts';
import { AcknowledgeInputSchema, AssignInputSchema, NoteInputSchema, type AnyIncident, type IncidentNote } from '../../../shared/incidents.ts';
import { AppFailure, fieldErrors } from '../../../shared/result.ts';
import type { Db } from '../store/db.ts';
import type { IncidentRepo } from './incident-repo.ts';
import { toNote, type NoteRow } from './incident-rows.ts';

function parse<S extends z.ZodType>(schema: S, input: unknown, what: string): z.output<S> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const fields = fieldErrors(parsed.error);
  throw new AppFailure('validation', `Invalid ${what}: ${Object.values(fields)[0] ?? 'invalid'}`, fields);
}

export class IncidentHandling {
  private readonly db: Db;
  private readonly clock: Clock;
  private readonly repo: IncidentRepo;
  private readonly stmts;

  constructor(db: Db, clock: Clock, repo: IncidentRepo) {
    this.db = db;
    this.clock = clock;
    this.repo = repo;
    this.stmts = {
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

  acknowledge(id: number, input: unknown): AnyIncident {
    const { by } = parse(AcknowledgeInputSchema, input, 'acknowledgement');
    return this.db.transaction(() => {
      const incident = this.repo.getAny(id);
      if (incident.state === 'resolved') throw new AppFailure('conflict', `Incident ${id} is already resolved`);
      if (incident.acknowledgedBy !== null) {
        throw new AppFailure('conflict', `Incident ${id} was already acknowledged by ${incident.acknowledgedBy} at ${incident.acknowledgedAt ?? '?'}`);
      }
      const at = this.clock.now();
      this.stmts.ack.run({ id, by, at });
      if (incident.kind === 'fleet') this.stmts.ackChildren.run({ id, by, at });
      return this.repo.getAny(id);
    })();
  }

  assign(id: number, input: unknown): AnyIncident {
    const { assignee } = parse(AssignInputSchema, input, 'assignment');
    return this.db.transaction(() => {
      const incident = this.repo.getAny(id);
      if (incident.state === 'resolved') throw new AppFailure('conflict', `Incident ${id} is already resolved`);
      const at = this.clock.now();
      this.stmts.assign.run({ id, assignee, at });
      if (incident.kind === 'fleet') this.stmts.assignChildren.run({ id, assignee, previous: incident.assignee, at });
      return this.repo.getAny(id);
    })();
  }

  /** Notes are allowed after resolution too: that is when the write-up happens. */
  addNote(id: number, input: unknown): IncidentNote {
    const { author, text } = parse(NoteInputSchema, input, 'note');
    return this.db.transaction(() => {
      this.repo.getAny(id);
      const at = this.clock.now();
      const info = this.stmts.addNote.run({ id, author, text, at });
      this.stmts.touch.run({ id, at });
      const row = this.stmts.note.get(Number(info.lastInsertRowid));
      if (!row) throw new AppFailure('internal', 'The note was not saved');
      return toNote(row);
    })();
  }

  /** The incident as it stands; not_found when there is none. */
  get(id: number): AnyIncident {
    return this.repo.getAny(id);
  }

  notes(id: number): IncidentNote[] {
    this.repo.getAny(id);
    return this.stmts.notes.all(id).map(toNote);
  }
}
