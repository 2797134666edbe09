// The embedded store: one SQLite file, one connection, every area's prepared statements.
// What one person on one machine uses; a team shares a PostgreSQL store instead.
import type { Clock } from '../../../../shared/clock.ts';
import type { Store, StoreAreas } from '../store.ts';
import { AuditRepo } from './audit-repo.ts';
import { ConfigRepo } from './config-repo.ts';
import { CredentialsRepo } from './credentials-repo.ts';
import { openDatabase, type Db } from './db.ts';
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

export class SqliteStore implements Store {
  readonly backend = 'sqlite';
  readonly sites: SitesRepo;
  readonly settings: SettingsRepo;
  readonly pollState: PollStateRepo;
  readonly history: HistoryRepo;
  readonly audit: AuditRepo;
  readonly credentials: CredentialsRepo;
  readonly incidents: IncidentRepo;
  readonly incidentQueries: IncidentQueries;
  readonly ttr: TtrReports;
  readonly journal: JournalRepo;
  readonly config: ConfigRepo;
  readonly rollouts: RolloutRepo;
  readonly keyRotations: KeyRotationRepo;
  readonly hostKeys: HostKeyRepo;
  readonly register: RegisterRepo;
  readonly inventory: InventoryRepo;
  readonly siteLinks: SiteLinksRepo;
  readonly #db: Db;

  /** Opens (creating and migrating) the file; a newer or edited schema throws a MigrationError. */
  constructor(file: string, o: SqliteStoreOptions) {
    const db = openDatabase(file, o.migrations);
    this.#db = db;
    this.sites = new SitesRepo(db, o.clock);
    this.settings = new SettingsRepo(db, o.onBadSetting);
    this.pollState = new PollStateRepo(db);
    const retention = this.settings.get('retention');
    this.history = new HistoryRepo(db, o.clock, { rawRetentionMs: retention.rawHours * 3_600_000, hourlyRetentionMs: retention.hourlyDays * 86_400_000, ...o.history });
    this.audit = new AuditRepo(db);
    this.credentials = new CredentialsRepo(db);
    this.incidents = new IncidentRepo(db);
    this.incidentQueries = new IncidentQueries(db);
    this.ttr = new TtrReports(db);
    this.journal = new JournalRepo(db);
    this.config = new ConfigRepo(db);
    this.rollouts = new RolloutRepo(db);
    this.keyRotations = new KeyRotationRepo(db);
    this.hostKeys = new HostKeyRepo(db, this.audit);
    this.register = new RegisterRepo(db, o.clock);
    this.inventory = new InventoryRepo(db, this.sites, this.audit, this.pollState);
    this.siteLinks = new SiteLinksRepo(db);
  }

  /** IMMEDIATE: the write lock is taken at the start, so what was read is what is written. */
  withTransaction<T>(work: (tx: StoreAreas) => T): T {
    return this.#db.transaction(() => work(this)).immediate();
  }

  close(): void {
    this.#db.close();
  }
}
