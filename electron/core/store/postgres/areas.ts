// The PostgreSQL store's areas, one line each, built in this order (a later area may use an
// earlier one, as inventory writes audit entries through the audit area).
import type { Clock } from '../../../../shared/clock.ts';
import type { HistoryOptions } from '../history-types.ts';
import type { StoreAreas } from '../store.ts';
import type { PgDb } from './pg-db.ts';
import { PgHistoryRepo } from './history-repo.ts';
import { PgSettingsRepo } from './settings-repo.ts';
import { PgTtrRepo } from './ttr-repo.ts';

export interface PgAreaOptions {
  clock: Clock;
  onBadSetting?: (key: string, message: string) => void;
  history?: Partial<HistoryOptions>;
}

type Factory<K extends keyof StoreAreas> = (db: PgDb, o: PgAreaOptions, built: Partial<StoreAreas>) => StoreAreas[K];

export const PG_AREAS: { [K in keyof StoreAreas]?: Factory<K> } = {
  // One line per area.
  settings: (db, o) => new PgSettingsRepo(db, o.onBadSetting),
  ttr: (db) => new PgTtrRepo(db),
  history: (db, o, built) => new PgHistoryRepo(db, o.clock, o.history, built.settings),
};
