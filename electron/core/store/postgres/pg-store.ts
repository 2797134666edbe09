// The shared store: one PostgreSQL database that several collectors (and the consoles
// connected to them) use at once. Its areas are the same as SQLite's; it adds the leases that
// share the fleet out and the change feed that tells each collector what another wrote.
import type { Clock } from '../../../../shared/clock.ts';
import type { HistoryOptions } from '../history-types.ts';
import type { OnBadSetting } from '../settings-values.ts';
import type { Store, StoreAreas } from '../store.ts';
import { PG_AREAS } from './areas.ts';
import { PgChangeFeed } from './change-feed.ts';
import { openPostgres } from './connect.ts';
import { StoreConfigError } from './errors.ts';
import { PgLeaseRepo } from './lease-repo.ts';
import { PgDb } from './pg-db.ts';

export interface PgStoreOptions {
  clock: Clock;
  onBadSetting?: OnBadSetting;
  history?: Partial<HistoryOptions>;
  /** Told when the change feed's connection fails (it reconnects by itself). */
  onFeedError?: (err: unknown) => void;
}

const AREA_NAMES: readonly (keyof StoreAreas)[] = [
  'sites', 'settings', 'pollState', 'history', 'audit', 'credentials', 'incidents', 'incidentQueries', 'ttr',
  'journal', 'config', 'rollouts', 'keyRotations', 'hostKeys', 'register', 'inventory', 'siteLinks',
];

/** Opens, checks and migrates the database, then builds every area; a StoreConfigError says what is wrong. */
export async function openPgStore(url: string, o: PgStoreOptions): Promise<Store> {
  const pool = await openPostgres(url);
  const db = new PgDb(pool);
  const built: { -readonly [K in keyof StoreAreas]?: StoreAreas[K] } = {};
  for (const [key, factory] of Object.entries(PG_AREAS) as [keyof StoreAreas, (db: PgDb, o: PgStoreOptions, b: Partial<StoreAreas>) => never][]) {
    built[key] = factory(db, o, built);
  }
  const missing = AREA_NAMES.filter((k) => !built[k]);
  if (missing.length > 0) {
    await pool.end();
    throw new StoreConfigError(`This build cannot run on PostgreSQL yet: no ${missing.join(', ')}.`);
  }
  const areas = built as StoreAreas;
  const changes = new PgChangeFeed(pool, o.onFeedError ?? (() => undefined));
  return {
    ...areas,
    backend: 'postgres',
    leases: new PgLeaseRepo(pool),
    changes,
    withTransaction: (work) => db.transaction(() => Promise.resolve(work(areas))),
    close: async () => {
      changes.close();
      await pool.end();
    },
  };
}
