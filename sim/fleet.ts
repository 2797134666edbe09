// The fleet: N simulated schools on loopback, their models, the clock they share, the
// client key the console uses, and the control surface tests and the demo drive.
import { isIP } from 'node:net';
import { z } from 'zod';
import type { ServiceState } from '../shared/protocol/v1.ts';
import { execAgent, type ExecResult } from './agent.ts';
import { changedConfig, type ConfigChange } from './config-change.ts';
import { FaultInputSchema, planFaults, type FaultInput, type FaultName, type VerdictCategory } from './faults.ts';
import { generateSchools, MAX_SITES } from './generate.ts';
import { deriveEd25519, type Ed25519Key } from './host-keys.ts';
import { makeProfile, type SchoolIdentity } from './profile.ts';
import { SchoolModel, type ActiveFaultView } from './school.ts';
import { SimClock } from './sim-clock.ts';
import { AuthorizedKeys } from './authorized-keys.ts';
import { SiteServer, type CommandSeen } from './ssh-server.ts';
import { serviceAt } from './status.ts';
import { endpointLive } from './transfers.ts';
import { startControlApi, type ControlApi } from './control-api.ts';

export interface FleetOptions {
  /** How many schools to generate (default 120, at most 5,000). Ignored when `schools` is given. */
  sites?: number;
  /** Schools to host instead of generated ones (e.g. from a GIAS extract). */
  schools?: readonly SchoolIdentity[];
  /** Everything (schools, keys, faults, transfers) follows from the seed. Default 1. */
  seed?: string | number;
  /** Share of sites that start with a fault, 0..1. Default 0.2. */
  faultRate?: number;
  /** Relative weights of each fault among faulty sites; 0 turns one off. */
  faultWeights?: Partial<Record<FaultName, number>>;
  /** Sim time at start (default: now). */
  start?: number | Date;
  /** Sim ms per real ms (default 1; 0 freezes the clock). */
  speed?: number;
  /** Loopback address to listen on (default 127.0.0.1). */
  host?: string;
  /** First port: school i listens on portBase + i. Default 0: the OS picks a free port per school. */
  portBase?: number;
  /** Control API port (0 = random, the default); false for none. */
  controlPort?: number | false;
  /** Extra client public keys (OpenSSH lines) let in besides the fleet's own client key. */
  authorizedKeys?: readonly string[];
  /** Default delay for slow-banner faults, real ms (default 5,000). */
  slowBannerMs?: number;
  /** Chance a healthy scheduled transfer fails once with TIMEOUT (default 0.01). */
  transientFailureRate?: number;
  /** Told of every command any school's server runs (a test checking that no site is polled by two collectors). */
  onCommand?: (urn: number, command: CommandSeen) => void;
}

export interface SiteDescriptor extends SchoolIdentity {
  host: string;
  port: number;
  user: string;
  /** The host key the site normally serves, as an OpenSSH public key line (for pinning). */
  hostKey: string;
  /** "SHA256:…" as OpenSSH prints it. */
  hostKeyFingerprint: string;
}

export interface SiteTruth {
  urn: number;
  name: string;
  host: string;
  port: number;
  user: string;
  /** The fingerprint the site would offer right now (differs from the pinned one after host-key-changed). */
  hostKeyFingerprint: string;
  pinnedFingerprint: string;
  /** What a correct console should conclude about this site now. */
  expected: VerdictCategory;
  faults: ActiveFaultView[];
  service: ServiceState;
  /** The hash of the config in force (what `status` and `config get` report). */
  configHash: string;
  /** The hash of the config `config rollback` would restore, or null when there is no backup. */
  backupHash: string | null;
  /** Whether the config in force points at one of the site's live endpoints (transfers can get through). */
  endpointLive: boolean;
  /** Successful `config apply`s per config hash applied, and successful rollbacks. */
  configApplies: Record<string, number>;
  configRollbacks: number;
  /** Fingerprints of the keys that log in as the agent account right now (`auth` verbs change them). */
  authorizedKeys: string[];
}

export interface ClockState {
  now: string;
  speed: number;
}

export interface FleetControl {
  truth(): SiteTruth[];
  truthOf(urn: number): SiteTruth;
  inject(urn: number, fault: FaultInput): Promise<SiteTruth>;
  /** Clears one fault, or every fault (and a bad config) when no name is given. */
  clear(urn: number, name?: FaultName): Promise<SiteTruth>;
  /**
   * Someone edits the config file on the school server: the given top-level fields replace the
   * current ones (`enabled: null` removes it). A new config version, no backup (only `config
   * apply` makes one). Throws ConfigChangeError (naming the field) when the result is invalid.
   */
  changeConfig(urn: number, fields: ConfigChange): Promise<SiteTruth>;
  clock(): ClockState;
  setClock(change: { time?: number | Date | string; speed?: number }): Promise<ClockState>;
  /** Runs an agent command in-process, without SSH (transport faults do not apply). */
  exec(urn: number, line: string, stdin?: string): ExecResult;
}

export interface ClientKey {
  privateKey: string;
  publicKey: string;
  fingerprint: string;
}

export interface Fleet {
  readonly seed: string | number;
  readonly sites: readonly SiteDescriptor[];
  readonly clientKey: ClientKey;
  readonly clock: SimClock;
  readonly control: FleetControl;
  /** http://127.0.0.1:PORT of the control API, or null when it is off. */
  readonly controlUrl: string | null;
  close(): Promise<void>;
}

export class UnknownSiteError extends Error {
  constructor(urn: number) {
    super(`no simulated site with URN ${urn}`);
    this.name = 'UnknownSiteError';
  }
}

interface Site {
  descriptor: SiteDescriptor;
  school: SchoolModel;
  server: SiteServer;
  rebuilt: () => Ed25519Key;
  keys: AuthorizedKeys;
}

const LOOPBACK = /^(127\.\d{1,3}\.\d{1,3}\.\d{1,3}|::1|localhost)$/;
const START_BATCH = 250;

export async function startFleet(options: FleetOptions = {}): Promise<Fleet> {
  const seed = options.seed ?? 1;
  const host = options.host ?? '127.0.0.1';
  if (!LOOPBACK.test(host) || (isIP(host) === 0 && host !== 'localhost')) throw new Error(`the simulator listens on loopback only, not ${host}`);
  const schools = options.schools ? [...options.schools] : generateSchools(options.sites ?? 120, seed);
  if (schools.length === 0 || schools.length > MAX_SITES) throw new RangeError(`a fleet has 1..${MAX_SITES} schools, not ${schools.length}`);
  const urns = new Set(schools.map((s) => s.urn));
  if (urns.size !== schools.length) throw new Error('schools must have distinct URNs');
  const portBase = options.portBase ?? 0;
  if (portBase !== 0 && (portBase < 1024 || portBase + schools.length - 1 > 65535)) throw new RangeError('port base must leave room for every school below 65536');

  const clock = new SimClock({ start: options.start ?? Date.now(), speed: options.speed ?? 1 });
  const start = clock.now();
  const client = deriveEd25519(seed, 'client', 'b2b-console@fleet-sim');
  const initialKeys = [client.publicKey, ...(options.authorizedKeys ?? [])];
  const plan = planFaults([...urns], { seed, rate: options.faultRate ?? 0.2, weights: options.faultWeights ?? {}, start });
  const slowBannerMs = options.slowBannerMs ?? 5000;
  const transientFailureRate = options.transientFailureRate ?? 0.01;

  const sites = new Map<number, Site>();
  schools.forEach((identity, i) => {
    const school = new SchoolModel(makeProfile(seed, identity, start), { seed, transientFailureRate });
    const initial = plan.get(identity.urn);
    if (initial) school.inject(initial, start);
    const hostKey = deriveEd25519(seed, `host:${identity.urn}`, `b2b-${identity.urn}@fleet-sim`);
    let rebuiltKey: Ed25519Key | null = null;
    const rebuilt = (): Ed25519Key => (rebuiltKey ??= deriveEd25519(seed, `host:${identity.urn}:rebuilt`, `b2b-${identity.urn}@fleet-sim`));
    const user = `b2b-${identity.urn}`;
    // Each school has its own set: a rotation changes one school at a time.
    const authorized = new AuthorizedKeys(initialKeys);
    const server = new SiteServer({ host, port: portBase === 0 ? 0 : portBase + i, user, school, hostKey, rebuiltHostKey: rebuilt, authorized, clock, slowBannerMs, ...(options.onCommand ? { onCommand: (c: CommandSeen) => options.onCommand?.(identity.urn, c) } : {}) });
    const descriptor: SiteDescriptor = { ...identity, host, port: 0, user, hostKey: hostKey.publicKey, hostKeyFingerprint: hostKey.fingerprint };
    sites.set(identity.urn, { descriptor, school, server, rebuilt, keys: authorized });
  });

  const all = [...sites.values()];
  try {
    for (let i = 0; i < all.length; i += START_BATCH) {
      await Promise.all(all.slice(i, i + START_BATCH).map((s) => s.server.start()));
    }
  } catch (err) {
    await Promise.all(all.map((s) => s.server.close()));
    throw new Error(`could not open the fleet's ports: ${(err as Error).message}`, { cause: err });
  }
  for (const s of all) s.descriptor.port = s.server.port;

  const siteOf = (urn: number): Site => {
    const s = sites.get(urn);
    if (!s) throw new UnknownSiteError(urn);
    return s;
  };
  const truthOf = (s: Site): SiteTruth => {
    const now = clock.now();
    const rebuilt = s.school.faultAt('host-key-changed', now) !== null;
    const version = s.school.versionAt(now);
    return {
      urn: s.descriptor.urn,
      name: s.descriptor.name,
      host,
      port: s.descriptor.port,
      user: s.descriptor.user,
      hostKeyFingerprint: rebuilt ? s.rebuilt().fingerprint : s.descriptor.hostKeyFingerprint,
      pinnedFingerprint: s.descriptor.hostKeyFingerprint,
      expected: s.school.category(now),
      faults: s.school.activeFaults(now),
      service: serviceAt(s.school, now).state,
      configHash: version.hash,
      backupHash: s.school.backup()?.hash ?? null,
      endpointLive: endpointLive(s.school, version.config),
      configApplies: { ...s.school.configApplies },
      configRollbacks: s.school.configRollbacks,
      authorizedKeys: s.keys.list().map((k) => k.fingerprint),
    };
  };
  const clockState = (): ClockState => ({ now: new Date(clock.now()).toISOString(), speed: clock.speed });

  const control: FleetControl = {
    truth: () => all.map(truthOf),
    truthOf: (urn) => truthOf(siteOf(urn)),
    async inject(urn, fault) {
      const s = siteOf(urn);
      s.school.inject(FaultInputSchema.parse(fault), clock.now());
      await s.server.sync();
      return truthOf(s);
    },
    async clear(urn, name) {
      const s = siteOf(urn);
      s.school.clear(name, clock.now());
      await s.server.sync();
      return truthOf(s);
    },
    async changeConfig(urn, fields) {
      const s = siteOf(urn);
      s.school.editLocally(changedConfig(s.school.current().config, fields), clock.now());
      await s.server.sync();
      return truthOf(s);
    },
    clock: clockState,
    async setClock(change) {
      if (change.speed !== undefined) clock.setSpeed(change.speed);
      if (change.time !== undefined) {
        const t = typeof change.time === 'string' ? Date.parse(z.iso.datetime({ offset: true }).parse(change.time)) : typeof change.time === 'number' ? change.time : change.time.getTime();
        clock.set(t);
      }
      // A jump in time can switch a host-off fault on or off.
      await Promise.all(all.filter((s) => s.school.faultIntervals().some((f) => f.name === 'host-off')).map((s) => s.server.sync()));
      return clockState();
    },
    exec: (urn, line, stdin) => {
      const s = siteOf(urn);
      return execAgent(s.school, line, stdin ?? null, clock.now(), { keys: s.keys, session: null });
    },
  };

  let api: ControlApi | null = null;
  if (options.controlPort !== false) {
    try {
      api = await startControlApi(control, { host, port: options.controlPort ?? 0, sites: all.length });
    } catch (err) {
      await Promise.all(all.map((s) => s.server.close()));
      throw err;
    }
  }

  let closed: Promise<void> | null = null;
  return {
    seed,
    sites: all.map((s) => s.descriptor),
    clientKey: { privateKey: client.privateKey, publicKey: client.publicKey, fingerprint: client.fingerprint },
    clock,
    control,
    controlUrl: api?.url ?? null,
    close() {
      closed ??= (async () => {
        await api?.close();
        await Promise.all(all.map((s) => s.server.close()));
      })();
      return closed;
    },
  };
}
