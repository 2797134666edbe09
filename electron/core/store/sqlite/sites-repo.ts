// The site register: the schools the console watches and how to reach them.
import type { Clock } from '../../../../shared/clock.ts';
import { AppFailure } from '../../../../shared/result.ts';
import type { Site, SiteFields } from '../../../../shared/site.ts';
import { SITE_ERRORS, siteColumns, toSite, urnTakenMessage, type SiteRow } from '../site-rows.ts';
import type { Db } from './db.ts';

export { toSite, type SiteRow } from '../site-rows.ts';

export class SitesRepo {
  private readonly db: Db;
  private readonly clock: Clock;
  private readonly stmts;

  constructor(db: Db, clock: Clock) {
    this.db = db;
    this.clock = clock;
    this.stmts = {
      list: db.prepare<[], SiteRow>('SELECT * FROM sites WHERE archived_at IS NULL ORDER BY name COLLATE NOCASE, urn'),
      listArchived: db.prepare<[], SiteRow>('SELECT * FROM sites WHERE archived_at IS NOT NULL ORDER BY archived_at DESC, id DESC'),
      get: db.prepare<[number], SiteRow>('SELECT * FROM sites WHERE id = ?'),
      byUrn: db.prepare<[number], SiteRow>('SELECT * FROM sites WHERE urn = ?'),
      insert: db.prepare(`INSERT INTO sites (urn, laestab, name, type, type_group, phase, trust, area, pupils, latitude, longitude, host, port, user, tags, notes, location_source, demo, created_at, updated_at)
        VALUES (@urn, @laestab, @name, @type, @type_group, @phase, @trust, @area, @pupils, @latitude, @longitude, @host, @port, @user, @tags, @notes,
          CASE WHEN @latitude IS NULL THEN NULL ELSE 'manual' END, @demo, @now, @now)`),
      update: db.prepare(`UPDATE sites SET urn=@urn, laestab=@laestab, name=@name, type=@type, type_group=@type_group, phase=@phase, trust=@trust, area=@area,
        pupils=@pupils, latitude=@latitude, longitude=@longitude, host=@host, port=@port, user=@user, tags=@tags, notes=@notes, updated_at=@now,
        -- A position a person moves is theirs from now on: a GIAS re-import leaves it alone.
        location_source = CASE WHEN latitude IS @latitude AND longitude IS @longitude THEN location_source WHEN @latitude IS NULL THEN NULL ELSE 'manual' END
        WHERE id=@id`),
      archive: db.prepare<[{ id: number; at: string; by: string }]>('UPDATE sites SET archived_at = @at, archived_by = @by WHERE id = @id AND archived_at IS NULL'),
      successor: db.prepare<[number], { urn: number; name: string }>('SELECT s.urn, s.name FROM site_links l JOIN sites s ON s.id = l.successor_id WHERE l.predecessor_id = ?'),
      restore: db.prepare<[{ id: number; at: string }]>('UPDATE sites SET archived_at = NULL, archived_by = NULL, updated_at = @at WHERE id = @id'),
      deleteDemo: db.prepare<[number]>('DELETE FROM sites WHERE id = ? AND demo = 1'),
      // Archived sites count too: the demo must not start while real history sits beside it.
      count: db.prepare<[number], { n: number }>('SELECT count(*) AS n FROM sites WHERE demo = ?'),
    };
  }

  /** The fleet: every site not archived. */
  list(): Site[] {
    return this.stmts.list.all().map(toSite);
  }

  /** Removed sites, newest removal first: kept for reports and restorable. */
  listArchived(): Site[] {
    return this.stmts.listArchived.all().map(toSite);
  }

  /** Any site, archived or not: history and incidents still name archived ones. */
  get(id: number): Site {
    const row = this.stmts.get.get(id);
    if (!row) throw new AppFailure('not_found', SITE_ERRORS.notFound(id));
    return toSite(row);
  }

  count(demo: boolean): number {
    return this.stmts.count.get(demo ? 1 : 0)?.n ?? 0;
  }

  create(site: SiteFields, opts: { demo?: boolean } = {}): Site {
    this.assertUrnFree(site.urn, null);
    const info = this.stmts.insert.run({ ...siteColumns(site), demo: opts.demo ? 1 : 0, now: this.now() });
    return this.get(Number(info.lastInsertRowid));
  }

  /** Adds many sites in one transaction: all or nothing. */
  createMany(sites: readonly SiteFields[], opts: { demo?: boolean } = {}): Site[] {
    return this.db.transaction(() => sites.map((s) => this.create(s, opts)))();
  }

  update(id: number, site: SiteFields): Site {
    const existing = this.get(id);
    if (existing.demo) throw new AppFailure('conflict', SITE_ERRORS.demoEdit);
    if (existing.archivedAt) throw new AppFailure('conflict', SITE_ERRORS.archivedEdit(existing.name));
    this.assertUrnFree(site.urn, id);
    this.stmts.update.run({ ...siteColumns(site), id, now: this.now() });
    return this.get(id);
  }

  /** The demo simulator listens on new ports each run; only demo sites may move like this. */
  repointDemo(urn: number, host: string, port: number): void {
    this.db.prepare('UPDATE sites SET host = ?, port = ? WHERE urn = ? AND demo = 1').run(host, port, urn);
  }

  /**
   * Takes a site out of the fleet but keeps the row, so its history, incidents and audit
   * entries still name it and it can be restored. Returns the site as it was.
   */
  archive(id: number, by: string): Site {
    const site = this.get(id);
    if (site.archivedAt) throw new AppFailure('conflict', SITE_ERRORS.alreadyArchived(site.name));
    this.stmts.archive.run({ id, at: this.now(), by });
    return site;
  }

  restore(id: number): Site {
    const site = this.get(id);
    if (!site.archivedAt) throw new AppFailure('conflict', SITE_ERRORS.notArchived(site.name));
    // A converted school's server now answers for its new URN: restoring the old one would poll it twice.
    const successor = this.stmts.successor.get(id);
    if (successor) throw new AppFailure('conflict', SITE_ERRORS.converted(site.name, successor));
    this.stmts.restore.run({ id, at: this.now() });
    return this.get(id);
  }

  /** Demo sites are the simulator's, not the authority's: they go for good, history and all. */
  deleteDemo(id: number): void {
    if (!this.get(id).demo) throw new AppFailure('conflict', SITE_ERRORS.demoOnly);
    this.stmts.deleteDemo.run(id);
  }

  private assertUrnFree(urn: number, exceptId: number | null): void {
    const other = this.stmts.byUrn.get(urn);
    if (!other || other.id === exceptId) return;
    const message = urnTakenMessage(urn, other);
    throw new AppFailure('conflict', message, { urn: message });
  }

  private now(): string {
    return new Date(this.clock.now()).toISOString();
  }
}
