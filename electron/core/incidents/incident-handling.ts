// The people side of an incident: who has taken it, who it is assigned to, and their notes.
import type { z } from 'zod';
import type { Clock } from '../../../shared/clock.ts';
import { AcknowledgeInputSchema, AssignInputSchema, NoteInputSchema, type AnyIncident, type IncidentNote } from '../../../shared/incidents.ts';
import { AppFailure, fieldErrors } from '../../../shared/result.ts';
import type { Store } from '../store/store.ts';

function parse<S extends z.ZodType>(schema: S, input: unknown, what: string): z.output<S> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const fields = fieldErrors(parsed.error);
  throw new AppFailure('validation', `Invalid ${what}: ${Object.values(fields)[0] ?? 'invalid'}`, fields);
}

export class IncidentHandling {
  readonly #store: Store;
  readonly #clock: Clock;

  constructor(store: Store, clock: Clock) {
    this.#store = store;
    this.#clock = clock;
  }

  acknowledge(id: number, input: unknown): Promise<AnyIncident> {
    const { by } = parse(AcknowledgeInputSchema, input, 'acknowledgement');
    return this.#store.withTransaction(async ({ incidents }) => {
      const incident = await incidents.getAny(id);
      if (incident.state === 'resolved') throw new AppFailure('conflict', `Incident ${id} is already resolved`);
      if (incident.acknowledgedBy !== null) {
        throw new AppFailure('conflict', `Incident ${id} was already acknowledged by ${incident.acknowledgedBy} at ${incident.acknowledgedAt ?? '?'}`);
      }
      await incidents.acknowledge(incident, by, this.#clock.now());
      return incidents.getAny(id);
    });
  }

  assign(id: number, input: unknown): Promise<AnyIncident> {
    const { assignee } = parse(AssignInputSchema, input, 'assignment');
    return this.#store.withTransaction(async ({ incidents }) => {
      const incident = await incidents.getAny(id);
      if (incident.state === 'resolved') throw new AppFailure('conflict', `Incident ${id} is already resolved`);
      await incidents.assign(incident, assignee, this.#clock.now());
      return incidents.getAny(id);
    });
  }

  /** Notes are allowed after resolution too: that is when the write-up happens. */
  addNote(id: number, input: unknown): Promise<IncidentNote> {
    const { author, text } = parse(NoteInputSchema, input, 'note');
    return this.#store.withTransaction(async ({ incidents }) => {
      await incidents.getAny(id);
      return incidents.addNote(id, author, text, this.#clock.now());
    });
  }

  /** The incident as it stands; not_found when there is none. */
  get(id: number): Promise<AnyIncident> {
    return this.#store.incidents.getAny(id);
  }

  async notes(id: number): Promise<IncidentNote[]> {
    await this.#store.incidents.getAny(id);
    return this.#store.incidents.notes(id);
  }
}
