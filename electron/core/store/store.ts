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
export { HOST_KEY_FORGOTTEN, type MaintenanceWindow, type SitePoll, type SiteState } from './sqlite/poll-state-repo.ts';
export type { NewRolloutSite, RolloutPatch, RolloutTarget, SiteClaim, SitePatch } from './sqlite/rollout-repo.ts';
export type { CarryOver, SiteLinkRow } from './sqlite/site-links-repo.ts';

/**
 * An area as every backend offers it: each method returns a promise. The SQLite repos are the
 * reference for the methods' shapes; the PostgreSQL ones implement the same Async<> of them.
 */
export type Async<T> = { readonly [K in keyof T as T[K] extends (...args: never[]) => unknown ? K : never]: T[K] extends (...args: infer A) => infer R ? (...args: A) => Promise<Awaited<R>> : never };
/** Every area of the store. Inside a transaction the same areas act within it. */
export interface StoreAreas {
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
}

/** A collector's lease on sites: times are the database's clock (epoch ms). */
export interface Lease {
  siteId: number;
  expiresAt: number;
}

/** Several collectors sharing one fleet: each polls only the sites it holds a lease on. */
export interface Leases {
  register(collector: { id: string; name: string; listen?: string | null }): Promise<void>;
  /** Renews what it holds and takes or hands back sites to its fair share. */
  claim(collectorId: string, ttlMs: number): Promise<{ at: number; taken: number[]; handedBack: number[]; leases: Lease[]; share: number }>;
  /** A clean shutdown: its sites are free at once. */
  release(collectorId: string): Promise<{ at: number; released: number[] }>;
  /** Collectors whose heartbeat is younger than ttl. */
  live(ttlMs: number): Promise<string[]>;
}

/** A change one process made, told to the others sharing the database: a hint to read again, not a queue. */
export interface ChangeHint {
  origin: string;
  event: string;
  ids: number[];
}

export interface ChangeFeed {
  publish(hint: ChangeHint): Promise<void>;
  subscribe(listener: (hint: ChangeHint) => void): () => void;
}

export interface Store extends StoreAreas {
  readonly backend: 'sqlite' | 'postgres';
  /** Null on SQLite: one process owns every site. */
  readonly leases: Leases | null;
  /** Null on SQLite: nobody else writes to the file. */
  readonly changes: ChangeFeed | null;
  /**
   * Runs `work` in one transaction: all of its writes, or none. Nested calls join the
   * outer transaction. Use the areas it is given, so every backend can bind them to it.
   */
  withTransaction<T>(work: (tx: StoreAreas) => T | Promise<T>): Promise<T>;
  close(): Promise<void>;
}
