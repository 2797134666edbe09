// One persistent SSH connection per site, reused across polls and actions. A
// connection whose target, key pin or credentials change is replaced; one that drops
// is forgotten and made again on next use. Handshakes and execs are limited globally.
import { createHash } from 'node:crypto';
import { SshConnection, type ConnectResult, type DialResult, type ExecCallOptions, type ExecResult, type SshConnectionOptions } from '../ssh/ssh-connection.ts';
import type { CommandRunner } from '../ssh/agent-client.ts';
import { LeaseLimiter } from './limiter.ts';

export interface PoolLimits {
  /** Handshakes in flight at once (CPU-heavy key exchange). */
  maxHandshakes: number;
  /** Commands in flight at once across all sites. */
  maxExecs: number;
  /**
   * A slot is given back after this long even if its holder is still waiting on a slow
   * site. A healthy handshake needs ~10-30 ms of CPU; a black hole needs none, and must
   * not hold a slot for its whole connect timeout while reconnecting sites queue behind it.
   */
  handshakeLeaseMs: number;
  execLeaseMs: number;
  /**
   * Connections kept open at most. Each costs ~56 KB here (measured: 2,000 open, +112 MB RSS)
   * and keepalive traffic at the school; sites beyond this connect for each poll.
   */
  maxOpen: number;
  /**
   * Connections dialed ahead of their poll at most (a socket each, no CPU): when "poll all"
   * queues thousands of sites, every one is dialed at once, so a black hole's connect
   * timeout runs during the round rather than after its turn comes.
   */
  maxPredials: number;
  /** A predialed connection older than this when its poll comes is dialed again (hosts drop idle logins: OpenSSH after 120 s). */
  predialFreshMs: number;
}

export const DEFAULT_POOL_LIMITS: PoolLimits = { maxHandshakes: 48, maxExecs: 256, handshakeLeaseMs: 250, execLeaseMs: 1_000, maxOpen: 2_000, maxPredials: 8_192, predialFreshMs: 30_000 };

/**
 * A collector keeps every site it may hold open (docs/SCALE.md: at most 5,000 a collector, a
 * server sized for it): past the desktop's 2,000, each poll beyond it paid a handshake, ~10× an exec.
 */
export const COLLECTOR_MAX_OPEN = 5_000;

interface Entry {
  signature: string;
  conn: SshConnection;
  dialed: Promise<DialResult>;
  /** Null while the connection is only dialed ahead (predial) and nobody has asked for it yet. */
  ready: Promise<ConnectResult> | null;
  /** When a predial was made: a dialed socket left waiting too long is not trusted. */
  predialedAt: number | null;
  /** Callers holding it (acquired, not yet released): an entry in use is never closed for the cap. */
  users: number;
}

export type Acquired = { ok: true; runner: CommandRunner; fingerprint: string; /** An already-open connection, which the host may have dropped since. */ reused: boolean; release: () => void } | Extract<ConnectResult, { ok: false }>;

export class ConnectionPool {
  readonly #entries = new Map<number, Entry>();
  readonly #handshakes: LeaseLimiter;
  readonly #execs: LeaseLimiter;
  readonly #maxOpen: number;
  readonly #maxPredials: number;
  readonly #predialFreshMs: number;
  #predials = 0;

  constructor(limits: Partial<PoolLimits> = {}) {
    const l = { ...DEFAULT_POOL_LIMITS, ...limits };
    this.#maxOpen = l.maxOpen;
    this.#maxPredials = l.maxPredials;
    this.#predialFreshMs = l.predialFreshMs;
    // Hard cap well above the soft one: black holes keep counting until their connect timeout.
    this.#handshakes = new LeaseLimiter(l.maxHandshakes, l.handshakeLeaseMs, 640);
    this.#execs = new LeaseLimiter(l.maxExecs, l.execLeaseMs);
  }

  get size(): number {
    return this.#entries.size;
  }

  /** Connections kept open at most (PoolLimits.maxOpen). */
  get maxOpen(): number {
    return this.#maxOpen;
  }

  has(siteId: number): boolean {
    return this.#entries.has(siteId);
  }

  /** Connections dialed ahead and not yet asked for. */
  get predials(): number {
    return this.#predials;
  }

  /**
   * Dials the site ahead of its poll, when it has no connection and the cap allows: the
   * TCP connect and the wait for the server's identification start now; the handshake
   * waits for acquire(). A predial nobody asks for is closed by drop()/closeAll().
   */
  predial(siteId: number, options: SshConnectionOptions): boolean {
    if (this.#entries.has(siteId) || this.#predials >= this.#maxPredials) return false;
    const entry = this.#create(siteId, options);
    entry.predialedAt = performance.now();
    this.#predials++;
    return true;
  }

  /** An open connection to the site, made (or remade) if needed. Call `release()` when done with it. */
  async acquire(siteId: number, options: SshConnectionOptions, signal?: AbortSignal): Promise<Acquired> {
    const signature = signatureOf(options);
    let entry = this.#entries.get(siteId);
    const stale = entry?.ready === null && performance.now() - (entry.predialedAt ?? Infinity) > this.#predialFreshMs;
    if (entry && (entry.signature !== signature || stale)) {
      this.drop(siteId);
      entry = undefined;
    }
    const reused = entry?.ready != null;
    entry ??= this.#create(siteId, options, signal);
    let ready = entry.ready;
    if (ready === null) {
      const { conn, dialed } = entry;
      if (entry.predialedAt !== null) this.#predials--;
      // Dialing costs no CPU and is not limited here (the poller bounds polls in flight);
      // only sites that answered take a handshake slot.
      ready = dialed.then((d) => (d.ok ? this.#handshakes.run(() => conn.connect(signal)) : d));
      entry.ready = ready;
    }
    const held = entry;
    held.users++;
    const result = await ready;
    if (!result.ok) {
      held.users--;
      this.drop(siteId);
      return result;
    }
    let released = false;
    const runner: CommandRunner = { exec: (command: string, opts?: ExecCallOptions): Promise<ExecResult> => this.#execs.run(() => held.conn.exec(command, opts)) };
    const release = () => {
      if (released) return;
      released = true;
      held.users--;
      // Over the cap, the connection just used goes, not the oldest: sites are polled in a
      // cycle, so the one just polled is the one needed last. The first maxOpen sites stay
      // connected and the rest connect per poll, instead of every site missing every round.
      if (held.users === 0 && this.#entries.size - this.#predials > this.#maxOpen && this.#entries.get(siteId) === held) this.drop(siteId);
    };
    return { ok: true, runner, fingerprint: result.fingerprint, reused, release };
  }

  /** The site's connection if it is open and idle now; nothing is made or counted. For measuring (bench:poll). */
  openConnection(siteId: number): SshConnection | null {
    const entry = this.#entries.get(siteId);
    return entry !== undefined && entry.users === 0 && entry.conn.isOpen ? entry.conn : null;
  }

  drop(siteId: number): void {
    const entry = this.#entries.get(siteId);
    if (!entry) return;
    this.#entries.delete(siteId);
    if (entry.ready === null && entry.predialedAt !== null) this.#predials--;
    entry.conn.close();
  }

  #create(siteId: number, options: SshConnectionOptions, signal?: AbortSignal): Entry {
    const conn = new SshConnection(options);
    const created: Entry = { signature: signatureOf(options), conn, dialed: conn.dial(signal), ready: null, predialedAt: null, users: 0 };
    this.#entries.set(siteId, created);
    conn.once('close', () => {
      // A predial that failed stays until its poll comes for the answer, so the poll does not dial again.
      if (created.ready === null) return;
      if (this.#entries.get(siteId) === created) this.#entries.delete(siteId);
    });
    return created;
  }

  closeAll(): void {
    for (const id of [...this.#entries.keys()]) this.drop(id);
  }
}

/** Digests per credentials object: the store hands out the same object for each key, so this hashes once per key. */
const digests = new WeakMap<object, string>();

/** What makes a connection reusable: same place, same key pin, same credentials. */
function signatureOf(o: SshConnectionOptions): string {
  // A digest, so the map holds no secret material.
  let secret = digests.get(o.credentials);
  if (secret === undefined) {
    secret = createHash('sha256').update(o.credentials.privateKey).update('\0').update(o.credentials.passphrase ?? '').digest('base64');
    digests.set(o.credentials, secret);
  }
  return `${o.target.username}@${o.target.host}:${o.target.port}|${o.pinnedFingerprint ?? '-'}|${secret}`;
}
