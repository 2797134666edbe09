// The embedded store: one SQLite file, one connection, every area's prepared statements.
// What one person on one machine uses; a team shares a PostgreSQL store instead.
import type { Clock } from '../../../../shared/clock.ts';
import type { Async, Store, StoreAreas } from '../store.ts';
import { AuditRepo } from './audit-repo.ts';
import { ConfigRepo } from './config-repo.ts';
import { CredentialsRepo } from './credentials-repo.ts';
import { openDatabase, type Db } from './db.ts';
import { Gate } from './gate.ts';
import { HistoryRepo } from './history-repo.ts';
import type { HistoryOptions } from '../history-types.ts';
import { HostKeyRepo } from './host-key-repo.ts';
import { IncidentQueries } from './incident-queries.ts';
import { IncidentRepo } from './incident-repo.ts';
import { InventoryRepo } from './inventory-repo.ts';
import { JournalRepo } from './journal-repo.ts';
import { KeyRotationRepo } from './key-rotation-repo.ts';
import type { Migration } from './migrations/index.ts';
import { PollStateRepo } from './poll-state-repo.ts';
import { RegisterRepo } from './register-repo.ts';
import { RolloutRepo } from './rollout-repo.ts';
import { SettingsRepo } from './settings-repo.ts';
import { SiteLinksRepo } from './site-links-repo.ts';
import { SitesRepo } from './sites-repo.ts';
import { TtrReports } from './ttr-report.ts';

export interface SqliteStoreOptions {
  clock: Clock;
  /** A stored setting that no longer parses: the default is used and this is told. */
  onBadSetting?: (key: string, message: string) => void;
  /** History retention; by default what the stored settings say. */
  history?: Partial<HistoryOptions>;
  migrations?: readonly Migration[];
}

/** A synchronous repo's methods, as every backend offers them: each returns a promise. */
function asyncArea<T extends object>(repo: T, gate: Gate): Async<T> {
  const area: Record<string, unknown> = {};
  for (let proto: object | null = Object.getPrototypeOf(repo) as object | null; proto && proto !== Object.prototype; proto = Object.getPrototypeOf(proto) as object | null) {
    for (const key of Object.getOwnPropertyNames(proto)) {
      const method: unknown = Reflect.get(repo, key);
      if (key === 'constructor' || key in area || typeof method !== 'function') continue;
      area[key] = (...args: unknown[]) => gate.run(() => Reflect.apply(method, repo, args) as unknown);
    }
  }
  return area as Async<T>;
}

export class SqliteStore implements Store {
  readonly backend = 'sqlite';
  readonly leases = null;
  readonly changes = null;
  readonly sites: Async<SitesRepo>;
  readonly settings: Async<SettingsRepo>;
  readonly pollState: Async<PollStateRepo>;
  readonly history: Async<HistoryRepo>;
  readonly audit: Async<AuditRepo>;
  readonly credentials: Async<CredentialsRepo>;
  readonly incidents: Async<IncidentRepo>;
  readonly incidentQueries: Async<IncidentQueries>;
  readonly ttr: Async<TtrReports>;
  readonly journal: Async<JournalRepo>;
  readonly config: Async<ConfigRepo>;
  readonly rollouts: Async<RolloutRepo>;
  readonly keyRotations: Async<KeyRotationRepo>;
  readonly hostKeys: Async<HostKeyRepo>;
  readonly register: Async<RegisterRepo>;
  readonly inventory: Async<InventoryRepo>;
  readonly siteLinks: Async<SiteLinksRepo>;
  readonly #db: Db;
  readonly #gate = new Gate();
  #savepoints = 0;

  /** Opens (creating and migrating) the file; a newer or edited schema throws a MigrationError. */
  constructor(file: string, o: SqliteStoreOptions) {
    const db = openDatabase(file, o.migrations);
    this.#db = db;
    const area = <T extends object>(repo: T) => asyncArea(repo, this.#gate);
    const sites = new SitesRepo(db, o.clock);
    const settings = new SettingsRepo(db, o.onBadSetting);
    const pollState = new PollStateRepo(db);
    const audit = new AuditRepo(db);
    const retention = settings.get('retention');
    this.sites = area(sites);
    this.settings = area(settings);
    this.pollState = area(pollState);
    this.history = area(new HistoryRepo(db, o.clock, { rawRetentionMs: retention.rawHours * 3_600_000, hourlyRetentionMs: retention.hourlyDays * 86_400_000, ...o.history }));
    this.audit = area(audit);
    this.credentials = area(new CredentialsRepo(db));
    this.incidents = area(new IncidentRepo(db));
    this.incidentQueries = area(new IncidentQueries(db));
    this.ttr = area(new TtrReports(db));
    this.journal = area(new JournalRepo(db));
    this.config = area(new ConfigRepo(db));
    this.rollouts = area(new RolloutRepo(db));
    this.keyRotations = area(new KeyRotationRepo(db));
    this.hostKeys = area(new HostKeyRepo(db, audit));
    this.register = area(new RegisterRepo(db, o.clock));
    this.inventory = area(new InventoryRepo(db, sites, audit, pollState));
    this.siteLinks = area(new SiteLinksRepo(db));
  }

  /** IMMEDIATE: the write lock is taken at the start, so what was read is what is written. */
  async withTransaction<T>(work: (tx: StoreAreas) => T | Promise<T>): Promise<T> {
    if (this.#gate.mine) return this.#savepoint(work);
    return this.#gate.hold(async () => {
      this.#db.exec('BEGIN IMMEDIATE');
      try {
        const result = await work(this);
        this.#db.exec('COMMIT');
        return result;
      } catch (err) {
        if (this.#db.inTransaction) this.#db.exec('ROLLBACK');
        throw err;
      }
    });
  }

  /** A transaction inside a transaction: its own savepoint, so its failure undoes only its part. */
  async #savepoint<T>(work: (tx: StoreAreas) => T | Promise<T>): Promise<T> {
    const name = `nested_${++this.#savepoints}`;
    this.#db.exec(`SAVEPOINT ${name}`);
    try {
      const result = await work(this);
      this.#db.exec(`RELEASE ${name}`);
      return result;
    } catch (err) {
      this.#db.exec(`ROLLBACK TO ${name}; RELEASE ${name}`);
      throw err;
    } finally {
      this.#savepoints--;
    }
  }

  async close(): Promise<void> {
    await this.#gate.hold(() => Promise.resolve(this.#db.close()));
  }
}
