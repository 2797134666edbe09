// The poller: every site on its own schedule, results batched into one transaction,
// changes pushed to the UI. It owns the connection pool and the scheduler.
import type { Clock } from '../../../shared/clock.ts';
import { SchoolCalendar } from '../../../shared/health/calendar.ts';
import type { FleetSnapshot, SiteStatus } from '../../../shared/fleet.ts';
import type { AgentRequest, AgentStatus } from '../../../shared/protocol/v1.ts';
import { AppFailure } from '../../../shared/result.ts';
import { isSetUp, type SetUpSite } from '../../../shared/site.ts';
import type { EventBus } from '../events.ts';
import type { IncidentTracker } from '../incidents/incident-tracker.ts';
import type { Logger } from '../log.ts';
import type { CredentialStore } from '../secrets/credential-store.ts';
import type { SettingsService } from '../settings/settings-service.ts';
import type { Store } from '../store/store.ts';
import type { VerbOutcome } from '../ssh/agent-client.ts';
import type { SshTimeouts } from '../ssh/ssh-connection.ts';
import { ConnectionPool, type PoolLimits } from './connection-pool.ts';
import { LeaseLimiter } from './limiter.ts';
import { PollScheduler, type Timers } from './poll-scheduler.ts';
import { FleetView } from './fleet-view.ts';
import { ResultWriter } from './result-writer.ts';
import { SiteConnector, type Connected } from './site-connector.ts';
import { pollSite, type PollResult } from './site-poller.ts';
import { siteStatus } from './site-status.ts';

export interface PollServiceDeps {
  store: Store;
  clock: Clock;
  log: Logger;
  events: EventBus;
  settings: SettingsService;
  credentials: CredentialStore;
  incidents: IncidentTracker;
}

export interface PollServiceOptions {
  timeouts?: SshTimeouts;
  overallMs?: number;
  limits?: Partial<PoolLimits>;
  /** Polls under way at once (default 512, each leased for 2 s; twice as many counting expired leases). */
  maxPollsInFlight?: number;
  /** Results are written at most this often (one transaction per batch). */
  flushMs?: number;
  timers?: Timers;
  random?: () => number;
  /** Told of every poll as it ends (metrics, benchmarks). */
  onPolled?: (result: PollResult) => void;
}

/** Which sites this process may poll: all of them on its own, its leased share as a collector. */
export interface Ownership {
  owns(siteId: number): boolean;
}

const EVERY_SITE: Ownership = { owns: () => true };

export class PollService {
  readonly #d: PollServiceDeps;
  readonly #pool: ConnectionPool;
  readonly #connector: SiteConnector;
  readonly #scheduler: PollScheduler;
  readonly #writer: ResultWriter;
  readonly #timeouts: SshTimeouts;
  readonly #overallMs: number;
  readonly #flushMs: number;
  #sites = new Map<number, SetUpSite>();
  /**
   * The register, poll settings and maintenance as last read: a poll, a status or a snapshot
   * reads memory, not rows. The register's changes arrive as sites.changed (syncSites()).
   */
  readonly #view: FleetView;
  #syncing: Promise<void> = Promise.resolve();
  #writing: Promise<void> = Promise.resolve();
  #pending: PollResult[] = [];
  #flushTimer: ReturnType<typeof setTimeout> | null = null;
  #stopped = false;
  #releaseTimer: ReturnType<typeof setInterval> | null = null;
  #calendar: SchoolCalendar;
  /**
   * Polls under way at once. "Poll all now" on 5,000 sites would otherwise start 5,000 at
   * once and hold all their buffers together; a lease so a hung site gives its place back.
   */
  readonly #inFlight: LeaseLimiter;
  readonly #onPolled: ((result: PollResult) => void) | undefined;
  readonly #listeners = new Set<(result: PollResult) => void>();
  readonly #batchListeners = new Set<(results: readonly PollResult[]) => void>();
  #ownership: Ownership = EVERY_SITE;

  constructor(deps: PollServiceDeps, options: PollServiceOptions = {}) {
    this.#d = deps;
    this.#view = new FleetView(deps.store);
    this.#timeouts = options.timeouts ?? { connectMs: 10_000, execMs: 20_000 };
    this.#overallMs = options.overallMs ?? this.#timeouts.connectMs + 2 * this.#timeouts.execMs + 5_000;
    this.#flushMs = options.flushMs ?? 100;
    this.#onPolled = options.onPolled;
    const inFlight = options.maxPollsInFlight ?? 512;
    this.#inFlight = new LeaseLimiter(inFlight, 2_000, 2 * inFlight);
    this.#pool = new ConnectionPool(options.limits);
    this.#calendar = this.#loadCalendar();
    this.#connector = new SiteConnector({
      store: deps.store,
      credentials: deps.credentials,
      pool: this.#pool,
      view: this.#view,
      timeouts: this.#timeouts,
      polling: (id) => this.#sites.get(id),
      stopped: () => this.#stopped,
    });
    this.#writer = new ResultWriter({
      store: deps.store,
      incidents: deps.incidents,
      dampingPolls: () => deps.settings.get('dampingPolls'),
      alertsMuted: (id) => this.#view.poll(id).alertsMuted,
      intervalMs: (id) => this.intervalMs(id),
    });
    this.#scheduler = new PollScheduler({
      poll: (id) => {
        // A poll that must queue has its site dialed meanwhile (see ConnectionPool.predial).
        // Best effort: if it fails, the poll meets the same problem and reports it.
        if (this.#inFlight.full) this.#connector.predial(id).catch(() => undefined);
        return this.#inFlight.run(() => this.#pollOne(id));
      },
      intervalMs: (id) => this.intervalMs(id),
      ...(options.timers ? { timers: options.timers } : {}),
      ...(options.random ? { random: options.random } : {}),
      onError: (id, err) => deps.log.error('poll failed unexpectedly', { siteId: id, err }),
    });
  }

  get paused(): boolean {
    return this.#scheduler.paused;
  }

  /** Reads the register and every site's last state: what status() and snapshot() answer from. */
  async load(): Promise<void> {
    await this.#writer.load();
    this.#syncing = this.#syncing.then(() => this.#sync({ follow: false }));
    await this.#syncing;
  }

  /** Starts every set-up site's schedule (after load()). */
  async start(): Promise<void> {
    await this.syncSites();
    // Held individual alerts must fire even when no poll happens to land.
    this.#releaseTimer = setInterval(() => void this.#releaseDue(), 15_000);
    this.#releaseTimer.unref();
  }

  /** The register (or a site's poll settings, or maintenance) changed: read it again and follow it. */
  syncSites(): Promise<void> {
    this.#syncing = this.#syncing.then(() => this.#sync({ follow: true })).catch((err: unknown) => this.#d.log.error('could not read the register', { err }));
    return this.#syncing;
  }

  /** Reads the register; `follow` also starts and stops sites' schedules to match it. */
  async #sync({ follow }: { follow: boolean }): Promise<void> {
    const listed = await this.#view.read(this.#d.clock.now());
    if (!follow || this.#stopped) return;
    // A register site without a host is not set up yet: nothing to poll, no incident to open.
    const current = new Map(listed.filter(isSetUp).filter((s) => this.#ownership.owns(s.id)).map((s) => [s.id, s]));
    for (const id of this.#sites.keys()) if (!current.has(id)) this.#untrack(id);
    for (const site of current.values()) {
      const known = this.#sites.get(site.id);
      if (!known) this.#track(site);
      else if (known.host !== site.host || known.port !== site.port || known.user !== site.user) {
        this.#sites.set(site.id, site);
        this.#pool.drop(site.id);
      } else this.#sites.set(site.id, site);
    }
  }

  /** Sites this process is polling now. */
  get polling(): number {
    return this.#sites.size;
  }

  /** Sites in the register (not removed), as last read. */
  get fleetSize(): number {
    return this.#view.listed.length;
  }

  /** From now on poll only what `ownership` says this process holds (a collector's leases). */
  shareWith(ownership: Ownership): void {
    this.#ownership = ownership;
  }

  /**
   * Sites another process wrote (a collector that held them before, or a change through
   * another collector): their latest state is read again, so status() and snapshots are current.
   */
  async reread(siteIds: readonly number[]): Promise<void> {
    await this.#writer.reload(siteIds);
  }

  reloadSettings(): void {
    this.#calendar = this.#loadCalendar();
  }

  intervalMs(siteId: number): number {
    const own = this.#view.poll(siteId).intervalS;
    if (own) return own * 1000;
    const byTag = this.#d.settings.get('pollIntervalByTagS');
    const tagged = (this.#sites.get(siteId)?.tags ?? []).map((t) => byTag[t]).filter((v): v is number => v !== undefined);
    return (tagged.length ? Math.min(...tagged) : this.#d.settings.get('pollIntervalS')) * 1000;
  }

  /** Whether the site is on the poller's books (in the register, not archived). */
  tracks(siteId: number): boolean {
    return this.#sites.has(siteId);
  }

  /** Polls now and resolves once the results are stored and pushed. */
  async pollNow(ids?: readonly number[]): Promise<number> {
    // A register change being followed (sites just added) is part of "now".
    await this.#syncing;
    const targets = (ids ?? [...this.#sites.keys()]).filter((id) => this.#sites.has(id));
    await this.#scheduler.pollNow(targets);
    await this.flush();
    return targets.length;
  }

  pause(): void {
    this.#scheduler.pause();
    this.#d.events.emit('poller.state', { paused: true });
  }

  resume(): void {
    this.#scheduler.resume();
    this.#d.events.emit('poller.state', { paused: false });
  }

  async approveHostKey(siteId: number, fingerprint: string, by: string): Promise<SiteStatus> {
    const { pollState } = this.#d.store;
    const poll = await pollState.poll(siteId);
    if (poll.hostkeyPending !== fingerprint) {
      throw new AppFailure('conflict', 'That key is not the one the host presented; refresh and check the fingerprint again');
    }
    await pollState.approveHostKey(siteId, fingerprint, this.#d.clock.now(), by);
    await this.#view.rereadPoll(siteId);
    this.#pool.drop(siteId);
    void this.pollNow([siteId]);
    return this.status(siteId);
  }

  /** Sites whose trusted key just changed: connections made under the old pin go, and each is polled afresh. */
  rekeyed(siteIds: readonly number[]): Promise<number> {
    for (const id of siteIds) this.#pool.drop(id);
    return this.pollNow(siteIds);
  }

  /** From memory: the register as last read (archived sites included), and the last poll written. */
  status(siteId: number): SiteStatus {
    const site = this.#sites.get(siteId) ?? this.#view.site(siteId);
    if (!site) throw new AppFailure('not_found', `No site with id ${siteId}`);
    return siteStatus(site.id, this.#writer.state(site.id), this.#view.poll(site.id), this.#view.inMaintenance(site.id, this.#d.clock.now()), isSetUp(site));
  }

  lastAgentStatus(siteId: number): AgentStatus | null {
    const json = this.#writer.state(siteId)?.statusJson;
    return json ? (JSON.parse(json) as AgentStatus) : null;
  }

  /** Waits for a register change being read, so a client told of the change sees it. */
  async snapshot(): Promise<FleetSnapshot> {
    await this.#syncing;
    const now = this.#d.clock.now();
    const sites = [...this.#view.listed];
    const statuses = sites.map((s) => siteStatus(s.id, this.#writer.state(s.id), this.#view.poll(s.id), this.#view.inMaintenance(s.id, now), isSetUp(s)));
    return { sites, statuses, paused: this.paused, generatedAt: now };
  }

  /** Writes every result waiting to be written, in one transaction, and pushes the changes. One write at a time. */
  flush(): Promise<void> {
    if (this.#flushTimer) clearTimeout(this.#flushTimer);
    this.#flushTimer = null;
    this.#writing = this.#writing.then(() => this.#write());
    return this.#writing;
  }

  async #write(): Promise<void> {
    // A lease that ran out meanwhile: another collector may be polling the site now, and its word stands.
    const batch = this.#pending.filter((r) => this.#sites.has(r.siteId) && this.#ownership.owns(r.siteId));
    this.#pending = [];
    if (batch.length === 0) return;
    try {
      const out = await this.#writer.write(batch);
      // A key offered or settled changes what the site's status says about it.
      const keysMoved = batch.filter((r) => r.unpinnedFingerprint || (r.status && r.hostKeyInDoubt)).map((r) => r.siteId);
      for (const id of keysMoved) await this.#view.rereadPoll(id);
      for (const r of batch) for (const l of this.#listeners) l(r);
      for (const l of this.#batchListeners) l(batch);
      if (out.changedSiteIds.length) this.#d.events.emit('fleet.changed', { statuses: out.changedSiteIds.map((id) => this.status(id)) });
      if (out.incidentsChanged) this.#d.events.emit('incidents.changed', {});
      for (const n of out.notifications) this.#d.events.emit('incident.notify', n);
    } catch (err) {
      // A full disk or a locked database: the results are lost, but the poller keeps running
      // and the next poll will write again. The log says why.
      this.#d.log.error('could not store poll results', { err, results: batch.length });
    }
  }

  /** Stops polling; resolves once the last results are written. */
  async stop(): Promise<void> {
    this.#stopped = true;
    this.#scheduler.stop();
    if (this.#releaseTimer) clearInterval(this.#releaseTimer);
    this.#pool.closeAll();
    await this.flush();
  }

  /** Polls under way, slow ones past their lease included. */
  get inFlight(): number {
    return this.#inFlight.holding;
  }

  /** The connections themselves, for tests and benchmarks that look inside. */
  get pool(): ConnectionPool {
    return this.#pool;
  }

  /**
   * A connection to a site's agent for actions (restart, resync, logs …): the same pool,
   * pinned host key, credentials and limits as polls. The caller releases it.
   */
  connect(siteId: number, signal: AbortSignal): Promise<Connected> {
    return this.#connector.connect(siteId, signal);
  }

  /**
   * One verb over a fresh connection with a chosen stored credential, outside the pool: how
   * a key rotation reads a site with its current key and proves a new key really logs in.
   */
  runWith<R extends AgentRequest>(siteId: number, credentialId: number, request: R, overallMs: number): Promise<VerbOutcome<R>> {
    return this.#connector.runWith(siteId, credentialId, request, overallMs);
  }

  /** Drops a site's pooled connection, so the next poll logs in afresh with the site's key as stored now. */
  dropConnection(siteId: number): void {
    this.#pool.drop(siteId);
  }

  /** Told of every poll's result once it is stored (actions waiting for a site, verification). */
  onResult(listener: (result: PollResult) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Told of each stored batch at once: a listener that needs the store asks once per batch, not per site. */
  onResults(listener: (results: readonly PollResult[]) => void): () => void {
    this.#batchListeners.add(listener);
    return () => this.#batchListeners.delete(listener);
  }

  #track(site: SetUpSite): void {
    this.#sites.set(site.id, site);
    this.#scheduler.add(site.id);
  }

  #untrack(id: number): void {
    this.#connector.forget(id);
    this.#scheduler.remove(id);
    this.#pool.drop(id);
    this.#sites.delete(id);
    this.#writer.forget(id);
  }

  async #pollOne(siteId: number): Promise<{ transportFailures: number }> {
    if (!this.#ownership.owns(siteId)) return { transportFailures: 0 };
    const target = await this.#connector.pollTarget(siteId, this.#d.clock.now());
    if (!target) return { transportFailures: 0 };
    const result = await pollSite(this.#pool, target, { now: () => this.#d.clock.now(), calendar: this.#calendar, timeouts: this.#timeouts, overallMs: this.#overallMs });
    this.#onPolled?.(result);
    if (result.newConfig) this.#connector.learnConfig(siteId, result.newConfig);
    this.#pending.push(result);
    this.#flushTimer ??= setTimeout(() => void this.flush(), this.#flushMs);
    const failures = (this.#writer.state(siteId)?.failures ?? 0) + (result.transportFailure ? 1 : 0);
    return { transportFailures: result.transportFailure ? failures : 0 };
  }

  async #releaseDue(): Promise<void> {
    try {
      for (const n of await this.#d.incidents.releaseDue(this.#d.clock.now())) this.#d.events.emit('incident.notify', n);
    } catch (err) {
      this.#d.log.error('could not release held alerts', { err });
    }
  }

  #loadCalendar(): SchoolCalendar {
    return new SchoolCalendar({ terms: this.#d.settings.get('terms'), closures: this.#d.settings.get('closures') });
  }
}
