// The site register on PostgreSQL: the same reads, checks and errors as SQLite's SitesRepo.
import type { Clock } from '../../../../shared/clock.ts';
import { AppFailure } from '../../../../shared/result.ts';
import type { Site, SiteFields } from '../../../../shared/site.ts';
import { SITE_ERRORS, siteColumns, toSite, urnTakenMessage, type SiteRow } from '../site-rows.ts';
import { pgCode, UNIQUE_VIOLATION } from './pg-errors.ts';
import type { PgDb } from './pg-db.ts';

// SQLite's NOCASE folds ASCII only and compares bytes: translate + "C" sorts the same whatever the database's locale.
export const NOCASE_NAME = `translate(name, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz') COLLATE "C"`;
const EDIT_COLUMNS = 'urn, laestab, name, type, type_group, phase, trust, area, pupils, latitude, longitude, host, port, "user", tags, notes';
const editValues = (s: SiteFields): unknown[] => Object.values(siteColumns(s));

/** The per-site lookups, exported for the EXPLAIN tests. */
export const SITES_SQL = {
  get: 'SELECT * FROM sites WHERE id = $1',
  byUrn: 'SELECT id, name, archived_at FROM sites WHERE urn = $1',
} as const;

export class PgSitesRepo {
  readonly #db: PgDb;
  readonly #clock: Clock;

  constructor(db: PgDb, clock: Clock) {
    this.#db = db;
    this.#clock = clock;
  }

  /** The fleet: every site not archived. */
  async list(): Promise<Site[]> {
    const rows = await this.#db.query<SiteRow>(`SELECT * FROM sites WHERE archived_at IS NULL ORDER BY ${NOCASE_NAME}, urn`, [], 'sites.list');
    return rows.map(toSite);
  }

  async listArchived(): Promise<Site[]> {
    const rows = await this.#db.query<SiteRow>('SELECT * FROM sites WHERE archived_at IS NOT NULL ORDER BY archived_at COLLATE "C" DESC, id DESC', [], 'sites.listArchived');
    return rows.map(toSite);
  }

  async get(id: number): Promise<Site> {
    const row = await this.#db.maybeOne<SiteRow>(SITES_SQL.get, [id], 'sites.get');
    if (!row) throw new AppFailure('not_found', SITE_ERRORS.notFound(id));
    return toSite(row);
  }

  async count(demo: boolean): Promise<number> {
    return (await this.#db.one<{ n: number }>('SELECT count(*)::int AS n FROM sites WHERE demo = $1', [demo ? 1 : 0], 'sites.count')).n;
  }

  async create(site: SiteFields, opts: { demo?: boolean } = {}): Promise<Site> {
    await this.#assertUrnFree(site.urn, null);
    const now = this.#now();
    // A collector adding the same URN meanwhile makes this insert nothing (no aborted transaction), then the check says who has it.
    const row = await this.#db.maybeOne<SiteRow>(
      `INSERT INTO sites (${EDIT_COLUMNS}, location_source, demo, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16,
         CASE WHEN $10::double precision IS NULL THEN NULL ELSE 'manual' END, $17, $18, $18)
       ON CONFLICT (urn) DO NOTHING RETURNING *`,
      [...editValues(site), opts.demo ? 1 : 0, now],
      'sites.create',
    );
    if (!row) {
      await this.#assertUrnFree(site.urn, null);
      throw new AppFailure('conflict', `URN ${site.urn} is already registered`, { urn: `URN ${site.urn} is already registered` });
    }
    return toSite(row);
  }

  /** Adds many sites in one transaction: all or nothing. */
  async createMany(sites: readonly SiteFields[], opts: { demo?: boolean } = {}): Promise<Site[]> {
    return this.#db.transaction(async () => {
      const out: Site[] = [];
      for (const s of sites) out.push(await this.create(s, opts));
      return out;
    });
  }

  async update(id: number, site: SiteFields): Promise<Site> {
    const existing = await this.get(id);
    if (existing.demo) throw new AppFailure('conflict', SITE_ERRORS.demoEdit);
    if (existing.archivedAt) throw new AppFailure('conflict', SITE_ERRORS.archivedEdit(existing.name));
    await this.#assertUrnFree(site.urn, id);
    try {
      // A savepoint (or its own transaction): a URN taken meanwhile must not abort the caller's transaction.
      const row = await this.#db.transaction(() =>
        this.#db.one<SiteRow>(
          `UPDATE sites SET urn=$1, laestab=$2, name=$3, type=$4, type_group=$5, phase=$6, trust=$7, area=$8, pupils=$9, latitude=$10, longitude=$11,
             host=$12, port=$13, "user"=$14, tags=$15, notes=$16, updated_at=$17,
             -- A position a person moves is theirs from now on: a GIAS re-import leaves it alone.
             location_source = CASE WHEN latitude IS NOT DISTINCT FROM $10::double precision AND longitude IS NOT DISTINCT FROM $11::double precision THEN location_source
               WHEN $10::double precision IS NULL THEN NULL ELSE 'manual' END
           WHERE id=$18 RETURNING *`,
          [...editValues(site), this.#now(), id],
          'sites.update',
        ),
      );
      return toSite(row);
    } catch (err) {
      if (pgCode(err) !== UNIQUE_VIOLATION) throw err;
      await this.#assertUrnFree(site.urn, id);
      throw err;
    }
  }

  /** The demo simulator listens on new ports each run; only demo sites may move like this. */
  async repointDemo(urn: number, host: string, port: number): Promise<void> {
    await this.#db.run('UPDATE sites SET host = $1, port = $2 WHERE urn = $3 AND demo = 1', [host, port, urn]);
  }

  async archive(id: number, by: string): Promise<Site> {
    const site = await this.get(id);
    if (site.archivedAt) throw new AppFailure('conflict', SITE_ERRORS.alreadyArchived(site.name));
    await this.#db.run('UPDATE sites SET archived_at = $1, archived_by = $2 WHERE id = $3 AND archived_at IS NULL', [this.#now(), by, id]);
    return site;
  }

  async restore(id: number): Promise<Site> {
    const site = await this.get(id);
    if (!site.archivedAt) throw new AppFailure('conflict', SITE_ERRORS.notArchived(site.name));
    // A converted school's server now answers for its new URN: restoring the old one would poll it twice.
    const successor = await this.#db.maybeOne<{ urn: number; name: string }>(
      'SELECT s.urn, s.name FROM site_links l JOIN sites s ON s.id = l.successor_id WHERE l.predecessor_id = $1',
      [id],
    );
    if (successor) throw new AppFailure('conflict', SITE_ERRORS.converted(site.name, successor));
    await this.#db.run('UPDATE sites SET archived_at = NULL, archived_by = NULL, updated_at = $1 WHERE id = $2', [this.#now(), id]);
    return this.get(id);
  }

  async deleteDemo(id: number): Promise<void> {
    if (!(await this.get(id)).demo) throw new AppFailure('conflict', SITE_ERRORS.demoOnly);
    await this.#db.run('DELETE FROM sites WHERE id = $1 AND demo = 1', [id]);
  }

  async #assertUrnFree(urn: number, exceptId: number | null): Promise<void> {
    const other = await this.#db.maybeOne<{ id: number; name: string; archived_at: string | null }>(SITES_SQL.byUrn, [urn], 'sites.byUrn');
    if (!other || other.id === exceptId) return;
    const message = urnTakenMessage(urn, other);
    throw new AppFailure('conflict', message, { urn: message });
  }

  #now(): string {
    return new Date(this.#clock.now()).toISOString();
  }
}
