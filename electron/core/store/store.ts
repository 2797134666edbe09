// The console's store as the rest of the core sees it: one area per concern, and the
// transactions that span them. Only store/ knows which database is underneath:
// domain code imports its types from here, never from store/sqlite/ or store/postgres/.
import type { AuditRepo } from './sqlite/audit-repo.ts';
import type { ConfigRepo } from './sqlite/config-repo.ts';
import type { CredentialsRepo } from './sqlite/credentials-repo.ts';
import type { HistoryRepo } from './sqlite/history-repo.ts';
import type { HostKeyRepo } from './sqlite/host-key-repo.ts';
import type { IncidentQueries } from './sqlite/incident-queries.ts';
import type { IncidentRepo } from './sqlite/incident-repo.ts';
import type { InventoryRepo } from './sqlite/inventory-repo.ts';
import type { JournalRepo } from './sqlite/journal-repo.ts';
import type { KeyRotationRepo } from './sqlite/key-rotation-repo.ts';
import type { PollStateRepo } from './sqlite/poll-state-repo.ts';
import type { RegisterRepo } from './sqlite/register-repo.ts';
import type { RolloutRepo } from './sqlite/rollout-repo.ts';
import type { SettingsRepo } from './sqlite/settings-repo.ts';
import type { SiteLinksRepo } from './sqlite/site-links-repo.ts';
import type { SitesRepo } from './sqlite/sites-repo.ts';
import type { TtrReports } from './sqlite/ttr-report.ts';

export type { AuditRepo, ConfigRepo, CredentialsRepo, HistoryRepo, HostKeyRepo, IncidentQueries, IncidentRepo, InventoryRepo, JournalRepo, KeyRotationRepo, PollStateRepo, RegisterRepo, RolloutRepo, SettingsRepo, SiteLinksRepo, SitesRepo, TtrReports };
export type { AuditRow, NewAuditEntry } from './sqlite/audit-repo.ts';
export type { LiveConfig } from './sqlite/config-repo.ts';
export type { CredentialRow } from './sqlite/credentials-repo.ts';
export type { SiteWrite, PollFacts } from './sqlite/inventory-repo.ts';
export type { NewAction, Settlement } from './sqlite/journal-repo.ts';
export type { RotationRun } from './sqlite/key-rotation-repo.ts';
export { HOST_KEY_FORGOTTEN, type SitePoll, type SiteState } from './sqlite/poll-state-repo.ts';
export type { NewRolloutSite, RolloutPatch, RolloutTarget, SitePatch } from './sqlite/rollout-repo.ts';
export type { CarryOver, SiteLinkRow } from './sqlite/site-links-repo.ts';

/** Every area of the store. Inside a transaction the same areas act within it. */
export interface StoreAreas {
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
}

export interface Store extends StoreAreas {
  readonly backend: 'sqlite' | 'postgres';
  /**
   * Runs `work` in one transaction: all of its writes, or none. Nested calls join the
   * outer transaction. Use the areas it is given, so every backend can bind them to it.
   */
  withTransaction<T>(work: (tx: StoreAreas) => T): T;
  close(): void;
}
