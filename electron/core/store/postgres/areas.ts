// The PostgreSQL store's areas, one line each, built in this order (a later area may use an
// earlier one, as inventory writes audit entries through the audit area).
import type { Clock } from '../../../../shared/clock.ts';
import type { HistoryOptions } from '../history-types.ts';
import type { StoreAreas } from '../store.ts';
import { PgAuditRepo } from './audit-repo.ts';
import { PgHostKeyRepo } from './host-key-repo.ts';
import { PgInventoryRepo } from './inventory-repo.ts';
import type { PgDb } from './pg-db.ts';
import { PgCredentialsRepo } from './credentials-repo.ts';
import { PgPollStateRepo } from './poll-state-repo.ts';
import { PgRegisterRepo } from './register-repo.ts';
import { PgConfigRepo } from './config-repo.ts';
import { PgIncidentQueries } from './incident-queries.ts';
import { PgIncidentRepo } from './incident-repo.ts';
import { PgKeyRotationRepo } from './key-rotation-repo.ts';
import { PgJournalRepo } from './journal-repo.ts';
import { PgRolloutRepo } from './rollout-repo.ts';
import { PgSettingsRepo } from './settings-repo.ts';
import { PgSiteLinksRepo } from './site-links-repo.ts';
import { PgSitesRepo } from './sites-repo.ts';
import { PgHistoryRepo } from './history-repo.ts';
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
  sites: (db, o) => new PgSitesRepo(db, o.clock),
  credentials: (db) => new PgCredentialsRepo(db),
  pollState: (db) => new PgPollStateRepo(db),
  register: (db, o) => new PgRegisterRepo(db, o.clock),
  siteLinks: (db) => new PgSiteLinksRepo(db),
  audit: (db) => new PgAuditRepo(db),
  // After the areas they write through: sites, pollState, audit.
  inventory: (db, _o, built) => new PgInventoryRepo(db, built),
  hostKeys: (db, _o, built) => new PgHostKeyRepo(db, built),
  incidents: (db) => new PgIncidentRepo(db),
  incidentQueries: (db) => new PgIncidentQueries(db),
  journal: (db) => new PgJournalRepo(db),
  config: (db) => new PgConfigRepo(db),
  rollouts: (db) => new PgRolloutRepo(db),
  keyRotations: (db) => new PgKeyRotationRepo(db),
  ttr: (db) => new PgTtrRepo(db),
  history: (db, o, built) => new PgHistoryRepo(db, o.clock, o.history, built.settings),
};
