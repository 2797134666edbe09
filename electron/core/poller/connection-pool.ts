// One persistent SSH connection per site, reused across polls and actions. A
// connection whose target, key pin or credentials change is replaced; one that drops
// is forgotten and made again on next use. Handshakes and execs are limited globally.
import { createHash } from 'node:crypto';
import { SshConnection, type ConnectResult, type ExecCallOptions, type ExecResult, type SshConnectionOptions } from '../ssh/ssh-connection.ts';
import type { CommandRunner } from '../ssh/agent-client.ts';
import { LeaseLimiter } from './limiter.ts';

export interface PoolLimits {
  /** Handshakes in flight at once (CPU-heavy key exchange). */
  maxHandshakes: number;
  /** Commands in flight at once across all sites. */
  maxExecs: number;
  /** A slot is given back after this long even if its holder is still waiting on a slow site. */
  leaseMs: number;
  /**
   * Connections kept open at most. Each costs ~60 KB here and keepalive traffic at the school;
   * beyond this the least recently used idle ones are closed and remade on their next poll.
   */
  maxOpen: number;
}

export const DEFAULT_POOL_LIMITS: PoolLimits = { maxHandshakes: 48, maxExecs: 256, leaseMs: 1_500, maxOpen: 2_500 };

interface Entry {
  signature: string;
  conn: SshConnection;
  ready: Promise<ConnectResult>;
  /** Commands in flight: an entry in use is never evicted. */
  busy: number;
}

export type Acquired = { ok: true; runner: CommandRunner; fingerprint: string; /** An already-open connection, which the host may have dropped since. */ reused: boolean } | Extract<ConnectResult, { ok: false }>;

export class ConnectionPool {
  readonly #entries = new Map<number, Entry>();
  readonly #handshakes: LeaseLimiter;
  readonly #execs: LeaseLimiter;
  readonly #maxOpen: number;

  constructor(limits: Partial<PoolLimits> = {}) {
    const l = { ...DEFAULT_POOL_LIMITS, ...limits };
    this.#maxOpen = l.maxOpen;
    this.#handshakes = new LeaseLimiter(l.maxHandshakes, l.leaseMs);
    this.#execs = new LeaseLimiter(l.maxExecs, l.leaseMs);
  }

  get size(): number {
    return this.#entries.size;
  }

  /** An open connection to the site, made (or remade) if needed. */
  async acquire(siteId: number, options: SshConnectionOptions, signal?: AbortSignal): Promise<Acquired> {
    const signature = signatureOf(options);
    let entry = this.#entries.get(siteId);
    if (entry && entry.signature !== signature) {
      this.drop(siteId);
      entry = undefined;
    }
    const reused = entry !== undefined;
    if (entry) {
      // Map order is recency order: most recently used last.
      this.#entries.delete(siteId);
      this.#entries.set(siteId, entry);
    } else {
      this.#evictIdle();
      const conn = new SshConnection(options);
      const ready = this.#handshakes.run(() => conn.connect(signal));
      const created: Entry = { signature, conn, ready, busy: 0 };
      entry = created;
      this.#entries.set(siteId, created);
      conn.once('close', () => {
        if (this.#entries.get(siteId) === created) this.#entries.delete(siteId);
      });
    }
    const result = await entry.ready;
    if (!result.ok) {
      this.drop(siteId);
      return result;
    }
    const held = entry;
    const runner: CommandRunner = {
      exec: async (command: string, opts?: ExecCallOptions): Promise<ExecResult> => {
        held.busy++;
        try {
          return await this.#execs.run(() => held.conn.exec(command, opts));
        } finally {
          held.busy--;
        }
      },
    };
    return { ok: true, runner, fingerprint: result.fingerprint, reused };
  }

  #evictIdle(): void {
    if (this.#entries.size < this.#maxOpen) return;
    for (const [id, e] of this.#entries) {
      if (this.#entries.size < this.#maxOpen) break;
      if (e.busy === 0 && e.conn.isOpen) this.drop(id);
    }
  }

  drop(siteId: number): void {
    const entry = this.#entries.get(siteId);
    if (!entry) return;
    this.#entries.delete(siteId);
    entry.conn.close();
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
