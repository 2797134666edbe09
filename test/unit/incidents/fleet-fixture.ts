// A real database in a temp folder with a fleet of sites, a manual clock and a tracker.
import path from 'node:path';
import { openDatabase, type Db } from '../../../electron/core/store/sqlite/db.ts';
import { SitesRepo } from '../../../electron/core/store/sqlite/sites-repo.ts';
import { SqliteStore } from '../../../electron/core/store/sqlite/sqlite-store.ts';
import { IncidentTracker, type Observation, type TrackerOptions } from '../../../electron/core/incidents/incident-tracker.ts';
import { ManualClock } from '../../../shared/clock.ts';
import type { Reason, Verdict } from '../../../shared/health/verdict.ts';
import { SiteInputSchema, type Site } from '../../../shared/site.ts';

export const START = Date.UTC(2026, 10, 23, 7, 0);
export const MIN = 60_000;

export interface Fleet {
  store: SqliteStore;
  /** A second connection to the same file, for looking under the store. */
  db: Db;
  close: () => Promise<void>;
  clock: ManualClock;
  sites: Site[];
  tracker: (options?: Partial<TrackerOptions>) => IncidentTracker;
}

export function openFleet(dir: string, size: number): Fleet {
  const file = path.join(dir, 'console.sqlite');
  const clock = new ManualClock(START);
  const store = new SqliteStore(file, { clock });
  const db = openDatabase(file);
  const areas = ['North', 'South', 'East'];
  const sites = new SitesRepo(db, clock).createMany(
    Array.from({ length: size }, (_, i) =>
      SiteInputSchema.parse({ urn: 100001 + i, name: `School ${i + 1}`, host: '127.0.0.1', user: 'b2b', area: areas[i % areas.length], phase: i % 2 ? 'Primary' : 'Secondary' }),
    ),
  );
  return {
    store,
    db,
    close: () => {
      db.close();
      return store.close();
    },
    clock,
    sites,
    tracker: (options) => new IncidentTracker(store, clock, { fleetSize: () => size, ...options }),
  };
}

export const endpointDown: Reason[] = [
  { code: 'endpoint-unreachable', severity: 'bad', message: 'The LA endpoint https://b2b.la.example/ is unreachable: ECONNREFUSED' },
  { code: 'dataset-overdue', severity: 'warn', message: 'One scheduled attendance transfer is late', dataset: 'attendance' },
];
export const serviceStopped: Reason[] = [{ code: 'service-stopped', severity: 'bad', message: 'The B2B service is stopped' }];
export const hostTimeout: Reason[] = [{ code: 'timeout', severity: 'bad', message: 'No answer within 10 s' }];

/** A poll result for one site at the clock's time. */
export function obs(fleet: Fleet, site: Site | undefined, current: Verdict, reasons: Reason[] = [], extra: Partial<Observation> = {}): Observation {
  if (!site) throw new Error('no such site in the fixture');
  return { siteId: site.id, at: fleet.clock.now(), previous: null, current, reasons, muted: false, ...extra };
}
