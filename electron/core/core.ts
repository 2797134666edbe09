// The core's entry point: the same module runs in Electron's utilityProcess on the
// desktop and in the server process in browser mode. It never imports `electron`.
import crypto from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { systemClock } from '../../shared/clock.ts';
import type { EventName } from '../../shared/contract.ts';
import type { Result } from '../../shared/result.ts';
import type { CoreContext, CoreOptions } from './context.ts';
import { createDispatcher, type Handlers } from './dispatch.ts';
import { EventBus } from './events.ts';
import { ActionService } from './actions/action-service.ts';
import { actionWorld } from './actions/action-world.ts';
import { actionHandlers } from './handlers/actions.ts';
import { auditHandlers } from './handlers/audit.ts';
import { configHandlers } from './handlers/config.ts';
import { rolloutHandlers } from './handlers/rollouts.ts';
import { inventoryHandlers } from './handlers/inventory.ts';
import { keyRotationHandlers } from './handlers/key-rotation.ts';
import { KeyRotationService } from './keys/key-rotation-service.ts';
import { rotationWorld } from './keys/rotation-world.ts';
import { fileHandlers } from './handlers/files.ts';
import { calendarHandlers } from './handlers/calendar.ts';
import { conversionHandlers } from './handlers/conversions.ts';
import { hostKeyHandlers } from './handlers/host-keys.ts';
import { HostKeyService } from './host-keys/host-key-service.ts';
import { registerHandlers } from './handlers/register.ts';
import { Uploads } from './files/uploads.ts';
import { ConfigService } from './config/config-service.ts';
import { rolloutWorld, type Team } from './config/rollout-world.ts';
import { RolloutService } from './config/rollout-service.ts';
import { AuditTrail } from './audit/audit-trail.ts';
import { appHandlers } from './handlers/app.ts';
import { credentialHandlers } from './handlers/credentials.ts';
import { fleetHandlers } from './handlers/fleet.ts';
import { incidentHandlers } from './handlers/incidents.ts';
import { sitesHandlers } from './handlers/sites.ts';
import { IncidentHandling } from './incidents/incident-handling.ts';
import { DemoFleet } from './demo/demo-fleet.ts';
import { demoHandlers } from './handlers/demo.ts';
import { reportHandlers } from './handlers/reports.ts';
import { settingsHandlers } from './handlers/settings.ts';
import { IncidentTracker } from './incidents/incident-tracker.ts';
import { createLogger, type Logger } from './log.ts';
import type { RequestContext } from './operator.ts';
import { exposeGc, MemoryTrim } from './memory-trim.ts';
import { COLLECTOR_MAX_OPEN } from './poller/connection-pool.ts';
import { PollService } from './poller/poll-service.ts';
import { CredentialStore } from './secrets/credential-store.ts';
import { KeyFileCipher } from './secrets/secret-cipher.ts';
import { SettingsService } from './settings/settings-service.ts';
import { openPgStore } from './store/postgres/pg-store.ts';
import { SqliteStore } from './store/sqlite/sqlite-store.ts';
import type { Leases, Store } from './store/store.ts';
import { relayChanges } from './change-relay.ts';
import { LeaseKeeper } from './poller/lease-keeper.ts';

export type { CoreOptions } from './context.ts';

export interface Core {
  /** `context` names the caller; without one the core's OS user is the actor. */
  request(channel: unknown, payload: unknown, context?: RequestContext): Promise<Result<unknown>>;
  onEvent(listener: (name: EventName, payload: unknown) => void): () => void;
  /** The services, for tests and benchmarks that drive the core directly. */
  readonly context: CoreContext;
  close(): Promise<void>;
}

export const DATABASE_FILE = 'console.sqlite';
/** How often the core looks at its memory, and how many polls in flight still count as quiet. */
const TRIM_CHECK_MS = 10_000;
const QUIET_POLLS = 32;

/** Opens the store and wires the services. A failure (e.g. a newer database) rejects with a clear message. */
export function createCore(options: CoreOptions): Promise<Core> {
  return buildCore(options);
}

async function buildCore(options: CoreOptions): Promise<Core> {
  // The core owns its process (utilityProcess, or the browser-mode server). Node serves
  // small Buffers as slices of shared 8 KiB slabs; ssh2 keeps small slices (keys, auth
  // tags, the last packet) for each connection's whole life, so thousands of connections
  // pinned thousands of mostly-free slabs. 1 KiB slabs (pooling below 512 bytes) keep the
  // speed of pooling and pin an eighth as much. Measured at 5,000 sites: 294 -> 267 MB RSS
  // between rounds, external memory 37 -> 27 MB; no pool at all saved the same but cost
  // ~15% more CPU per round.
  Buffer.poolSize = 1024;
  const clock = options.clock ?? systemClock;
  const log = createLogger({ dir: path.join(options.dataDir, 'logs'), name: 'core', echo: options.echoLogs ?? false });
  const onBadSetting = (key: string, message: string) => log.warn('bad stored setting, using the default', { key, message });
  const store: Store = options.store
    ? await openPgStore(options.store.postgres, { clock, onBadSetting, onFeedError: (err) => log.warn('the change feed lost its connection; reconnecting', { err }) })
    : new SqliteStore(path.join(options.dataDir, DATABASE_FILE), { clock, onBadSetting });
  const events = new EventBus();
  const { sites, pollState, history, audit, journal, incidentQueries } = store;
  const settings = await SettingsService.load(store);
  const credentials = new CredentialStore(store.credentials, options.cipher ?? new KeyFileCipher(options.dataDir), clock);
  let fleetSize = 0;
  const correlation = settings.get('correlation');
  const incidents = new IncidentTracker(store, clock, {
    fleetSize: () => fleetSize,
    correlation: { thresholdPct: correlation.percent, minSites: correlation.minSites, windowMs: correlation.windowMin * 60_000 },
  });
  const pollerOptions = store.leases ? { ...options.poller, limits: { maxOpen: COLLECTOR_MAX_OPEN, ...options.poller?.limits } } : options.poller;
  const poller = new PollService({ store, clock, log, events, settings, credentials, incidents }, pollerOptions);
  const incidentHandling = new IncidentHandling(store, clock);
  const leases = store.leases ? shareFleet(store.leases, options, log, () => poller) : null;
  if (leases) poller.shareWith(leases);
  const actions = new ActionService(
    actionWorld({ clock, log, events, sites, pollState, credentials, poller, audit, settings, incidentHandling, incidentQueries, journal, owner: leases?.id ?? 'console', othersAlive: () => leases?.othersAlive() ?? Promise.resolve([]) }),
    options.actions,
  );
  poller.onResults((rs) => actions.onPolls(rs));
  const config = new ConfigService({ clock, events, repo: store.config, sites, audit });
  // With collectors, a site's steps are the lease holder's (it polls and reaches the school) and claimed in the store.
  const team: Team = leases
    ? { owner: leases.id, drives: (siteId) => leases.owns(siteId) && poller.tracks(siteId), othersAlive: () => leases.othersAlive() }
    : { owner: 'console', drives: () => true, othersAlive: () => Promise.resolve([]) };
  const rollouts = new RolloutService(rolloutWorld({ clock, log, events, sites, pollState, credentials, poller, audit, config, repo: store.rollouts, store, settings, team }), options.rollouts);
  poller.onResults((rs) => {
    for (const r of rs) if (r.newConfig) config.liveChanged(r.siteId);
    rollouts.onPolls(rs);
  });
  const keyRotations = new KeyRotationService(rotationWorld({ clock, log, events, sites, pollState, credentials, poller, audit, repo: store.keyRotations, team }), options.keyRotations);
  const demo = new DemoFleet(() => ctx);
  const uploads = new Uploads(options.dataDir, clock);
  const hostKeys = new HostKeyService({ clock, log, events, repo: store.hostKeys, poller, uploads });
  const ctx: CoreContext = { options, store, leases, clock, log, events, sites, settings, pollState, history, audit, credentials, incidents, incidentQueries, incidentHandling, poller, journal, actions, auditTrail: new AuditTrail(audit), demo, config, rollouts, uploads, hostKeys, keyRotations };
  fleetSize = (await sites.list()).length;
  events.on((name) => {
    if (name === 'sites.changed') {
      void poller.syncSites().then(() => {
        fleetSize = poller.fleetSize;
      });
    }
  });

  // One line per area, so that areas added side by side merge cleanly.
  const handlers = {
    ...appHandlers(ctx),
    ...sitesHandlers(ctx),
    ...fleetHandlers(ctx),
    ...incidentHandlers(ctx),
    ...credentialHandlers(ctx),
    ...reportHandlers(ctx),
    ...settingsHandlers(ctx),
    ...demoHandlers(ctx),
    ...actionHandlers(ctx),
    ...auditHandlers(ctx),
    ...configHandlers(ctx),
    ...rolloutHandlers(ctx),
    ...calendarHandlers(ctx),
    ...fileHandlers(ctx),
    ...conversionHandlers(ctx),
    ...inventoryHandlers(ctx),
    ...hostKeyHandlers(ctx),
    ...registerHandlers(ctx),
    ...keyRotationHandlers(ctx),
  } satisfies Handlers;
  const dispatch = createDispatcher(handlers, log);
  await poller.load();
  await actions.recover();
  await rollouts.start();
  const stopRelay = store.changes ? relayChanges({ feed: store.changes, origin: leases?.id ?? 'console', events, poller, settings, log }) : () => undefined;
  if (options.startPolling ?? true) {
    await leases?.start();
    await poller.start();
    demo.resume().catch((err: unknown) => log.error('could not resume the demo fleet', { err }));
  }
  await keyRotations.start();
  const pruneTimer = setInterval(() => {
    history.prune().catch((err: unknown) => log.error('retention failed', { err }));
  }, 3_600_000);
  pruneTimer.unref();
  const trim = new MemoryTrim({ gc: exposeGc(), rss: () => process.memoryUsage.rss(), now: () => Date.now(), busy: () => poller.inFlight > QUIET_POLLS });
  const trimTimer = setInterval(() => {
    const t = trim.check();
    if (t) log.info('memory trimmed', { beforeMb: Math.round(t.beforeBytes / 1_048_576), afterMb: Math.round(t.afterBytes / 1_048_576), pauseMs: Math.round(t.pauseMs) });
  }, TRIM_CHECK_MS);
  trimTimer.unref();
  log.info('core started', { mode: options.mode, version: options.version, dataDir: options.dataDir });

  return {
    request: dispatch,
    onEvent: (listener) => events.on(listener),
    context: ctx,
    close: () => {
      clearInterval(pruneTimer);
      clearInterval(trimTimer);
      // Actions stop taking work first; closing the pool then ends any command in flight,
      // which settles as unknown (the next start judges it by a poll, never re-sends it).
      config.close();
      const actionsClosed = Promise.all([actions.close(), rollouts.close(), keyRotations.close()]);
      stopRelay();
      return Promise.all([actionsClosed, poller.stop()])
        .then(() => demo.close())
        .then(() => leases?.stop())
        .finally(() => store.close())
        .finally(() => {
          log.info('core stopped');
          log.close();
        });
    },
  };
}

/** A collector's share of a shared fleet: sites it gains are read afresh, connections to sites it loses are closed. */
function shareFleet(store: Leases, options: CoreOptions, log: Logger, poller: () => PollService): LeaseKeeper {
  const name = options.collector?.name ?? os.hostname();
  return new LeaseKeeper({
    leases: store,
    collector: { id: options.collector?.id ?? `${name}-${process.pid}-${crypto.randomBytes(3).toString('hex')}`, name, listen: options.collector?.listen ?? null },
    log,
    now: () => performance.now(),
    onChange: ({ gained, lost }) => {
      for (const id of lost) poller().dropConnection(id);
      // A site taken over is polled at once, not at its next turn: its old collector may have died mid-interval.
      void poller()
        .reread(gained)
        .then(() => poller().syncSites())
        .then(() => (gained.length ? poller().pollNow(gained) : 0))
        .catch((err: unknown) => log.error('could not take over sites', { err }));
    },
    ...(options.collector?.leases ? { timings: options.collector.leases } : {}),
  });
}
