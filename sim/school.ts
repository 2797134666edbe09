// One simulated school: its timeline of faults, configs and actions. Reads (status,
// logs, truth) are computed from that timeline at a sim time; actions append to it,
// as they would change a real server.
import { DATASETS, type AgentConfig, type Dataset } from '../shared/protocol/v1.ts';
import { ConfigChangeError } from './config-change.ts';
import { categoryOf, faultSpan, FaultInputError, type FaultInput, type FaultInterval, type FaultName, type VerdictCategory } from './faults.ts';
import { intFrom } from './prng.ts';
import { configHash, type SchoolProfile } from './profile.ts';
import { endpointLive, failureAt, fullRecordsFor, durationFor, manualEnd, misReachable, serviceDownAt, type ManualTransfer, type SchoolTimeline } from './transfers.ts';

export interface ConfigVersion {
  config: AgentConfig;
  hash: string;
  appliedAt: number;
}

/** Something a person (or the control API) did, kept for the logs verb. */
export interface ActionEvent {
  at: number;
  level: 'info' | 'warn' | 'error';
  msg: string;
}

export interface ActiveFaultView {
  name: FaultName;
  since: string;
  /** When it ends by itself (a host back on at T), or null. */
  until: string | null;
  /** Derived from the site's state rather than injected (a config pointing at a dead endpoint). */
  derived: boolean;
  params: FaultInterval['params'];
}

export interface SchoolOptions {
  seed: string | number;
  transientFailureRate: number;
}

const MAX_HISTORY = 64;
/** A restart clears what a restart clears in life: the process, not the disk or the network. */
const CLEARED_BY_RESTART: readonly FaultName[] = ['crash-loop', 'service-stopped', 'hung-transfer'];

export class SchoolModel implements SchoolTimeline {
  readonly seed: string | number;
  readonly profile: SchoolProfile;
  readonly transientFailureRate: number;
  private faults: FaultInterval[] = [];
  private configs: ConfigVersion[];
  private backupVersion: ConfigVersion | null = null;
  /** Whether any config so far named `enabled`: until one does, every dataset is sent (fast path). */
  private usesEnabled = false;
  private restartTimes: number[] = [];
  readonly manual: ManualTransfer[] = [];
  readonly events: ActionEvent[] = [];
  /** agent-busy: actions refused so far, per fault interval. */
  private readonly refused = new WeakMap<FaultInterval, number>();
  /** Successful config applies per hash applied, and rollbacks: a repeat shows in the truth. */
  readonly configApplies: Record<string, number> = {};
  configRollbacks = 0;

  constructor(profile: SchoolProfile, options: SchoolOptions) {
    this.seed = options.seed;
    this.profile = profile;
    this.transientFailureRate = options.transientFailureRate;
    this.configs = [{ config: profile.defaultConfig, hash: configHash(profile.defaultConfig), appliedAt: profile.installedAt }];
  }

  // ---- timeline queries ------------------------------------------------------

  faultAt(name: FaultName, t: number): FaultInterval | null {
    for (let i = this.faults.length - 1; i >= 0; i--) {
      const f = this.faults[i];
      if (f && f.name === name && f.since <= t && (f.until === null || t < f.until)) return f;
    }
    return null;
  }

  configAt(t: number): AgentConfig {
    return this.versionAt(t).config;
  }

  versionAt(t: number): ConfigVersion {
    for (let i = this.configs.length - 1; i >= 0; i--) {
      const v = this.configs[i];
      if (v && v.appliedAt <= t) return v;
    }
    return this.configs[0] as ConfigVersion;
  }

  current(): ConfigVersion {
    return this.configs[this.configs.length - 1] as ConfigVersion;
  }

  currentConfig(): AgentConfig {
    return this.current().config;
  }

  backup(): ConfigVersion | null {
    return this.backupVersion;
  }

  enabledAt(dataset: Dataset, t: number): boolean {
    if (!this.usesEnabled) return true;
    const enabled = this.versionAt(t).config.enabled;
    return enabled === undefined || enabled.includes(dataset);
  }

  restartsBetween(from: number, to: number): number {
    return this.restartTimes.filter((r) => r > from && r <= to).length;
  }

  lastRestartBefore(t: number): number | null {
    let best: number | null = null;
    for (const r of this.restartTimes) if (r <= t && (best === null || r > best)) best = r;
    return best;
  }

  faultIntervals(): readonly FaultInterval[] {
    return this.faults;
  }

  /** Faults in force at t, injected and derived, for the ground truth. */
  activeFaults(t: number): ActiveFaultView[] {
    const out: ActiveFaultView[] = this.faults
      .filter((f) => f.since <= t && (f.until === null || t < f.until))
      .map((f) => ({ name: f.name, since: new Date(f.since).toISOString(), until: f.until === null ? null : new Date(f.until).toISOString(), derived: false, params: f.params }));
    const v = this.versionAt(t);
    const has = (n: FaultName): boolean => out.some((f) => f.name === n);
    if (!endpointLive(this, v.config) && !has('wrong-endpoint')) {
      out.push({ name: 'wrong-endpoint', since: new Date(v.appliedAt).toISOString(), until: null, derived: true, params: { endpointUrl: v.config.endpointUrl } });
    }
    if (v.config.mis.server !== this.profile.misServer && !has('mis-unreachable')) {
      out.push({ name: 'mis-unreachable', since: new Date(v.appliedAt).toISOString(), until: null, derived: true, params: {} });
    }
    return out;
  }

  category(t: number): VerdictCategory {
    return categoryOf(this.activeFaults(t).map((f) => f.name));
  }

  /** Whether a transfer could run now: the service is up, nothing holds the lock, nothing fails. */
  canSend(t: number): boolean {
    return serviceDownAt(this, t) === null && this.faultAt('hung-transfer', t) === null && failureAt(this, t) === null;
  }

  // ---- faults (control API) -----------------------------------------------

  inject(input: FaultInput, now: number): void {
    const { since, until } = faultSpan(input, now);
    const params = { ...input.params };
    if (input.name === 'wrong-endpoint') {
      if (until !== null) throw new FaultInputError('wrong-endpoint is a config change: clear it rather than give it an end');
      // A missed server move: the config still points at the old server.
      const cur = this.current();
      const config = { ...cur.config, endpointUrl: params.endpointUrl ?? this.profile.staleEndpoint };
      this.backupVersion = cur;
      this.pushConfig(config, Math.max(since, cur.appliedAt));
      this.note(since, 'info', `Configuration changed: endpoint is now ${config.endpointUrl}`);
      return;
    }
    if (input.name === 'agent-protocol-1.0' && [this.current(), this.backupVersion].some((v) => v?.config.enabled !== undefined)) {
      // A 1.0 agent could never have written or loaded such a config.
      throw new FaultInputError('this site\'s config (or its backup) uses enabled (protocol 1.1); remove it before making the agent speak protocol 1.0');
    }
    // Named at injection so the ground truth says which dataset will fail.
    if (input.name === 'resync-partial') params.dataset ??= DATASETS[intFrom(0, DATASETS.length - 1, this.seed, this.profile.identity.urn, 'resync-partial')] ?? 'attendance';
    this.endFaults([input.name], since);
    this.faults.push({ name: input.name, since, until, params });
    if (this.faults.length > MAX_HISTORY) this.faults.splice(0, this.faults.length - MAX_HISTORY);
  }

  /** Ends one fault (or all of them, including a bad config) as if someone fixed it on site. */
  clear(name: FaultName | undefined, now: number): void {
    const names = name === undefined ? [...new Set(this.faults.map((f) => f.name))] : [name];
    this.endFaults(names, now);
    const cur = this.current();
    const fixEndpoint = (name === undefined || name === 'wrong-endpoint') && !endpointLive(this, cur.config);
    const fixMis = (name === undefined || name === 'mis-unreachable') && cur.config.mis.server !== this.profile.misServer;
    if (fixEndpoint || fixMis) {
      const config = {
        ...cur.config,
        endpointUrl: fixEndpoint ? this.profile.defaultConfig.endpointUrl : cur.config.endpointUrl,
        mis: fixMis ? this.profile.defaultConfig.mis : cur.config.mis,
      };
      this.pushConfig(config, now);
    }
    this.kickQueue(now);
  }

  private endFaults(names: readonly FaultName[], at: number): void {
    for (const f of this.faults) if (names.includes(f.name) && f.since <= at && (f.until === null || f.until > at)) f.until = at;
    // A fault that had not begun yet is simply withdrawn.
    this.faults = this.faults.filter((f) => !(names.includes(f.name) && f.since > at));
  }

  // ---- actions (the agent's verbs) ----------------------------------------

  restart(now: number): void {
    const cleared = CLEARED_BY_RESTART.filter((n) => this.faultAt(n, now) !== null);
    this.endFaults(CLEARED_BY_RESTART, now);
    this.restartTimes.push(now);
    if (this.restartTimes.length > MAX_HISTORY) this.restartTimes.shift();
    this.note(now, 'info', `Service restart requested${cleared.length ? ` (was ${cleared.join(', ')})` : ''}`);
    if (this.faultAt('service-wont-start', now)) {
      this.note(now + 1500, 'error', 'Service failed to start: Error 1067: the process terminated unexpectedly (Capita.B2B.Service.exe exited with code 0xE0434352)');
    } else {
      this.note(now + 1500, 'info', `Service started (${this.profile.misProduct} connector, B2B ${this.profile.b2bVersion})`);
    }
    this.kickQueue(now);
  }

  /**
   * Why an action cannot take the agent's lock now (agent-busy), or null. A fault with
   * `refusals` ends once it has refused that many: the other operation has finished.
   */
  lockRefusal(now: number): string | null {
    const busy = this.faultAt('agent-busy', now);
    if (busy === null) return null;
    const count = (this.refused.get(busy) ?? 0) + 1;
    this.refused.set(busy, count);
    if (busy.params.refusals !== undefined && count >= busy.params.refusals) this.endFaults(['agent-busy'], now);
    this.note(now, 'warn', 'Action refused: another operation is in progress');
    return `another operation is in progress (since ${new Date(busy.since).toISOString()}); try again shortly`;
  }

  /** Queues full transfers of the datasets the config enables; returns those it queued. */
  resync(datasets: readonly Dataset[], now: number): Dataset[] {
    const queued = datasets.filter((d) => this.enabledAt(d, now));
    for (const dataset of datasets) {
      if (!queued.includes(dataset)) this.note(now, 'warn', `Full resync of ${dataset} not queued: the configuration does not enable it`);
    }
    for (const dataset of queued) {
      const records = fullRecordsFor(this, dataset);
      this.manual.push({ dataset, queuedAt: now, startAt: null, duration: durationFor(this, dataset, records, now) * 3, records });
      this.note(now, 'info', `Full resync of ${dataset} queued (${records} records)`);
    }
    if (this.manual.length > MAX_HISTORY) this.manual.splice(0, this.manual.length - MAX_HISTORY);
    this.kickQueue(now);
    return queued;
  }

  pendingManual(t: number): number {
    return this.manual.filter((m) => m.queuedAt <= t && (m.startAt === null || t < manualEnd(this, m, m.startAt).end)).reduce((s, m) => s + m.records, 0);
  }

  applyConfig(config: AgentConfig, now: number): { previous: ConfigVersion; next: ConfigVersion } {
    const previous = this.current();
    this.backupVersion = previous;
    const next = this.pushConfig(config, now);
    this.configApplies[next.hash] = (this.configApplies[next.hash] ?? 0) + 1;
    this.note(now, 'info', `Configuration ${next.hash.slice(0, 19)}… applied (backup of ${previous.hash.slice(0, 19)}… kept)`);
    this.noteEnabled(previous.config, next.config, now);
    this.restart(now);
    return { previous, next };
  }

  /**
   * Someone edited the config file on the server by hand. It takes effect at once (as if they
   * restarted the service, which is not recorded as an agent restart), and no backup is made:
   * only `config apply` writes one, so a later rollback still goes to the last applied backup.
   */
  editLocally(config: AgentConfig, now: number): ConfigVersion {
    if (config.enabled !== undefined && this.faultAt('agent-protocol-1.0', now)) {
      throw new ConfigChangeError('enabled', 'this site\'s agent speaks protocol 1.0 and would not load a config with enabled; upgrade it to 1.1 first');
    }
    const previous = this.current();
    const next = this.pushConfig(config, now);
    this.note(now, 'warn', `Configuration file changed on the host, not through the agent: now ${next.hash.slice(0, 19)}… (was ${previous.hash.slice(0, 19)}…; no backup made)`);
    this.noteEnabled(previous.config, next.config, now);
    return next;
  }

  /** Puts the backup back; the replaced config becomes the backup, so a rollback can be undone. */
  rollback(now: number): { restored: ConfigVersion; replaced: ConfigVersion } | null {
    const backup = this.backupVersion;
    if (backup === null) return null;
    const replaced = this.current();
    const restored = this.pushConfig(backup.config, now);
    this.backupVersion = replaced;
    this.configRollbacks++;
    this.note(now, 'warn', `Configuration rolled back to ${restored.hash.slice(0, 19)}…`);
    this.noteEnabled(replaced.config, restored.config, now);
    this.restart(now);
    return { restored, replaced };
  }

  verify(now: number): Array<{ name: string; ok: boolean; detail: string }> {
    const config = this.configAt(now);
    const down = serviceDownAt(this, now);
    const misOk = misReachable(this, config, now);
    const endpointOk = endpointLive(this, config);
    return [
      { name: 'service', ok: down === null, detail: down === null ? 'B2B service is running' : `B2B service is ${down.name === 'crash-loop' ? 'crash-looping' : 'not running'}` },
      { name: 'mis', ok: misOk, detail: misOk ? `connected to ${config.mis.product} on ${config.mis.server}` : `cannot reach ${config.mis.server}` },
      { name: 'endpoint', ok: endpointOk, detail: endpointOk ? `TLS handshake with ${config.endpointUrl} succeeded` : `cannot connect to ${config.endpointUrl}` },
    ];
  }

  private pushConfig(config: AgentConfig, at: number): ConfigVersion {
    if (config.enabled !== undefined) this.usesEnabled = true;
    const version = { config, hash: configHash(config), appliedAt: Math.max(at, this.current().appliedAt) };
    this.configs.push(version);
    if (this.configs.length > MAX_HISTORY) this.configs.splice(0, this.configs.length - MAX_HISTORY);
    return version;
  }

  /** Says so in the log when a config change starts or stops sending a dataset. */
  private noteEnabled(before: AgentConfig, after: AgentConfig, at: number): void {
    const off = (c: AgentConfig): Dataset[] => DATASETS.filter((d) => c.enabled !== undefined && !c.enabled.includes(d));
    const was = off(before);
    const now = off(after);
    if (was.join() === now.join()) return;
    this.note(at, 'info', now.length === 0 ? 'All datasets enabled: every dataset is sent on its schedule' : `Datasets not enabled: ${now.join(', ')}; no transfers of them are scheduled`);
  }

  /** Starts queued full transfers once the site can send again. */
  private kickQueue(now: number): void {
    if (!this.canSend(now)) return;
    for (const m of this.manual) if (m.startAt === null) m.startAt = now;
  }

  private note(at: number, level: ActionEvent['level'], msg: string): void {
    this.events.push({ at, level, msg });
    if (this.events.length > MAX_HISTORY) this.events.shift();
  }
}

export function datasetsOf(arg: Dataset | 'all'): readonly Dataset[] {
  return arg === 'all' ? DATASETS : [arg];
}
