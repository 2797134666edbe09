// The register's writes from GIAS on PostgreSQL, as SQLite's RegisterRepo: new sites that wait
// for their host, and the GIAS-owned columns of existing ones; local columns are never named.
import type { Clock } from '../../../../shared/clock.ts';
import type { FieldChange } from '../../../../shared/register.ts';
import type { LocationSource } from '../../../../shared/site.ts';
import type { GiasNewSite, GiasSiteChange } from '../../register/gias-plan.ts';
import { GIAS_COLUMN } from '../register-rows.ts';
import type { PgDb } from './pg-db.ts';

// The one way a school from GIAS enters the register, also used by academy conversions.
const INSERT_FROM_GIAS = `INSERT INTO sites (urn, laestab, name, type, type_group, phase, trust, area, pupils, latitude, longitude, host, port, "user", tags, demo,
    created_at, updated_at, postcode, street, town, gias_status, location_source, notes)
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, NULL, 22, NULL, '[]', 0, $12, $12, $13, $14, $15, $16, $17, '') RETURNING id`;

/** Inserts a site from its GIAS row, waiting for its host; returns its id. Call inside the caller's transaction. */
export async function insertFromGias(db: PgDb, s: GiasNewSite, now: string): Promise<number> {
  const values = [s.urn, s.laestab, s.name, s.type, s.typeGroup, s.phase, s.trust, s.area, s.pupils, s.latitude, s.longitude, now, s.postcode, s.street, s.town, s.giasStatus, s.locationSource];
  return (await db.one<{ id: number }>(INSERT_FROM_GIAS, values, 'register.insertFromGias')).id;
}

export class PgRegisterRepo {
  readonly #db: PgDb;
  readonly #clock: Clock;

  constructor(db: PgDb, clock: Clock) {
    this.#db = db;
    this.#clock = clock;
  }

  /** Writes a whole import in one transaction: every row or none. Returns the new sites' ids by URN. */
  async applyGias(create: readonly GiasNewSite[], change: readonly GiasSiteChange[]): Promise<Map<number, number>> {
    const now = this.#now();
    return this.#db.transaction(async () => {
      const ids = new Map<number, number>();
      for (const s of create) ids.set(s.urn, await insertFromGias(this.#db, s, now));
      for (const c of change) await this.#update(c.siteId, c.changes, c.locationSource, now);
      return ids;
    });
  }

  /** A position from the postcode estimate or a person; GIAS leaves it alone from then on. */
  async setPosition(id: number, latitude: number, longitude: number, source: LocationSource): Promise<boolean> {
    const changed = await this.#db.run(
      'UPDATE sites SET latitude = $1, longitude = $2, location_source = $3, updated_at = $4 WHERE id = $5 AND archived_at IS NULL AND demo = 0',
      [latitude, longitude, source, this.#now(), id],
    );
    return changed === 1;
  }

  async #update(id: number, changes: readonly FieldChange[], source: LocationSource | null, now: string): Promise<void> {
    // Column names come from the fixed map, never from the file; values are parameters.
    const sets = changes.map((c, i) => `${GIAS_COLUMN[c.field]} = $${i + 4}`);
    await this.#db.run(`UPDATE sites SET ${['location_source = $2', 'updated_at = $3', ...sets].join(', ')} WHERE id = $1`, [id, source, now, ...changes.map((c) => c.after)]);
  }

  #now(): string {
    return new Date(this.#clock.now()).toISOString();
  }
}
