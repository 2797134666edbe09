// What the core's handlers and services share: the world, injected.
import type { Clock } from '../../shared/clock.ts';
import type { ActionService, ActionTimings } from './actions/action-service.ts';
import type { AuditTrail } from './audit/audit-trail.ts';
import type { ConfigService } from './config/config-service.ts';
import type { RolloutService, RolloutTimings } from './config/rollout-service.ts';
import type { DemoFleet } from './demo/demo-fleet.ts';
import type { EventBus } from './events.ts';
import type { Uploads } from './files/uploads.ts';
import type { HostKeyService } from './host-keys/host-key-service.ts';
import type { KeyRotationService, RotationTimings } from './keys/key-rotation-service.ts';
import type { IncidentHandling } from './incidents/incident-handling.ts';
import type { IncidentTracker } from './incidents/incident-tracker.ts';
import type { Logger } from './log.ts';
import type { LeaseKeeper, LeaseTimings } from './poller/lease-keeper.ts';
import type { PollService, PollServiceOptions } from './poller/poll-service.ts';
import type { CredentialStore } from './secrets/credential-store.ts';
import type { SecretCipher } from './secrets/secret-cipher.ts';
import type { SettingsService } from './settings/settings-service.ts';
import type { Store } from './store/store.ts';

export interface CoreOptions {
  /** Folder for the database, logs and keys (the app's userData on the desktop). */
  dataDir: string;
  mode: 'desktop' | 'browser';
  version: string;
  clock?: Clock;
  /** Echo logs to stderr as well as the file. */
  echoLogs?: boolean;
  /** Protects stored credentials; defaults to a key file in dataDir. */
  cipher?: SecretCipher;
  /** Start polling at once (default true). Tests may start it themselves. */
  startPolling?: boolean;
  poller?: PollServiceOptions;
  actions?: Partial<ActionTimings>;
  rollouts?: Partial<RolloutTimings>;
  keyRotations?: Partial<RotationTimings>;
  /** A shared PostgreSQL store instead of the SQLite file (a collector, or a console pointed at one's database). */
  store?: { postgres: string };
  /** This process as one of several collectors sharing the store's fleet (PostgreSQL only). */
  collector?: { id?: string; name?: string; listen?: string; leases?: Partial<LeaseTimings> };
}

export interface CoreContext {
  options: CoreOptions;
  /** Every area of the store, and its transactions. The shortcuts below are areas of it. */
  store: Store;
  clock: Clock;
  log: Logger;
  events: EventBus;
  sites: Store['sites'];
  /** Settings in memory; set() stores them. */
  settings: SettingsService;
  pollState: Store['pollState'];
  history: Store['history'];
  audit: Store['audit'];
  credentials: CredentialStore;
  incidents: IncidentTracker;
  incidentQueries: Store['incidentQueries'];
  incidentHandling: IncidentHandling;
  poller: PollService;
  journal: Store['journal'];
  actions: ActionService;
  auditTrail: AuditTrail;
  demo: DemoFleet;
  config: ConfigService;
  rollouts: RolloutService;
  uploads: Uploads;
  hostKeys: HostKeyService;
  keyRotations: KeyRotationService;
  /** This collector's share of the fleet; null when this process polls every site. */
  leases: LeaseKeeper | null;
}
