// The register's writes from GIAS: new sites that wait for their host, and the GIAS-owned
// columns of existing ones. Local columns (host, port, user, tags, notes, area after the first
// import, a person's or a postcode position) are never named here, so no import can touch them.
import type { Clock } from '../../../../shared/clock.ts';
import type { FieldChange } from '../../../../shared/register.ts';
import type { LocationSource } from '../../../../shared/site.ts';
import type { GiasNewSite, GiasSiteChange } from '../../register/gias-plan.ts';
import { GIAS_COLUMN } from '../register-rows.ts';
import type { Db } from './db.ts';

// The one way a school from GIAS enters the register, also used by academy conversions.
const INSERT_FROM_GIAS = `INSERT INTO sites (urn, laestab, name, type, type_group, phase, trust, area, pupils, latitude, longitude, host, port, user, tags, demo,
    created_at, updated_at, postcode, street, town, gias_status, location_source, notes)
  VALUES (@urn, @laestab, @name, @type, @typeGroup, @phase, @trust, @area, @pupils, @latitude, @longitude, NULL, 22, NULL, '[]', 0,
    @now, @now, @postcode, @street, @town, @giasStatus, @locationSource, '')`;

/** Inserts a site from its GIAS row, waiting for its host; returns its id. Call inside the caller's transaction. */
export function insertFromGias(db: Db, site: GiasNewSite, now: string): number {
  return Number(db.prepare(INSERT_FROM_GIAS).run({ ...site, now }).lastInsertRowid);
}

export class RegisterRepo {
  readonly #db: Db;
  readonly #clock: Clock;
  readonly #insert;
  readonly #position;

  constructor(db: Db, clock: Clock) {
    this.#db = db;
    this.#clock = clock;
    this.#insert = db.prepare(INSERT_FROM_GIAS);
    this.#position = db.prepare<[{ id: number; latitude: number; longitude: number; source: LocationSource; now: string }]>(
      'UPDATE sites SET latitude = @latitude, longitude = @longitude, location_source = @source, updated_at = @now WHERE id = @id AND archived_at IS NULL AND demo = 0',
    );
  }

  /** Writes a whole import in one transaction: every row or none. Returns the new sites' ids by URN. */
  applyGias(create: readonly GiasNewSite[], change: readonly GiasSiteChange[]): Map<number, number> {
    const now = this.#now();
    return this.#db.transaction(() => {
      const ids = new Map<number, number>();
      for (const s of create) ids.set(s.urn, Number(this.#insert.run({ ...s, now }).lastInsertRowid));
      for (const c of change) this.#update(c.siteId, c.changes, c.locationSource, now);
      return ids;
    })();
  }

  /** A position from the postcode estimate or a person; GIAS leaves it alone from then on. */
  setPosition(id: number, latitude: number, longitude: number, source: LocationSource): boolean {
    return this.#position.run({ id, latitude, longitude, source, now: this.#now() }).changes === 1;
  }

  #update(id: number, changes: readonly FieldChange[], source: LocationSource | null, now: string): void {
    // Column names come from the fixed map above, never from the file.
    const sets = changes.map((c) => `${GIAS_COLUMN[c.field]} = @${c.field}`);
    const values = Object.fromEntries(changes.map((c) => [c.field, c.after]));
    this.#db.prepare(`UPDATE sites SET ${[...sets, 'location_source = @source', 'updated_at = @now'].join(', ')} WHERE id = @id`).run({ ...values, source, now, id });
  }

  #now(): string {
    return new Date(this.#clock.now()).toISOString();
  }
}
