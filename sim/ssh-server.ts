// One school's SSH endpoint: a loopback listener on the school's own port, handing
// accepted sockets to an ssh2 Server that holds that school's host key. Transport faults
// happen here, before or around SSH: a black hole never speaks, a slow banner waits, a
// powered-off host refuses, a rebuilt host offers a new key, a broken link resets.
// Before ssh2 loads: see ssh2-crypto.ts.
import '../electron/core/ssh/ssh2-crypto.ts';
import { createServer, type Server as NetServer, type Socket } from 'node:net';
import ssh2 from 'ssh2';
import type { AuthContext, Connection, ServerChannel, Session } from 'ssh2';
import type { Clock } from '../shared/clock.ts';
import { MAX_CONFIG_BYTES } from '../shared/protocol/v1.ts';
import { execAgent, wantsStdin } from './agent.ts';
import type { AuthorizedKeys } from './authorized-keys.ts';
import type { Ed25519Key } from './host-keys.ts';
import type { SchoolModel } from './school.ts';

const { Server: SshServer } = ssh2;
type SshServerInstance = InstanceType<typeof SshServer>;

const SESSION_FAULTS = ['black-hole', 'host-key-changed', 'auth-refused'] as const;

export interface SiteServerOptions {
  host: string;
  /** 0 lets the OS choose. */
  port: number;
  user: string;
  school: SchoolModel;
  hostKey: Ed25519Key;
  /** The key after a rebuild (host-key-changed); derived on first use. */
  rebuiltHostKey: () => Ed25519Key;
  /** This school's own keys: `auth add-key` / `remove-key` change who logs in next. */
  authorized: AuthorizedKeys;
  /** The sim clock; its speed says when, in real time, a scheduled power change falls due. */
  clock: Clock & { readonly speed: number };
  slowBannerMs: number;
  /** Told of every command a client runs (tests that check who polled what, and when). */
  onCommand?: (command: CommandSeen) => void;
}

/** One command as the school's server saw it: which connection ran it, and when (real ms). */
export interface CommandSeen {
  line: string;
  /** The client's address and port: one pooled connection of one console or collector. */
  client: string;
  at: number;
}

const IDENT = 'b2b-fleet-sim_1.0';
/** Longest real wait before a power timer looks again (setTimeout's limit is ~24.8 days). */
const MAX_POWER_WAIT_MS = 3_600_000;
const noop = (): void => {};

export class SiteServer {
  private readonly options: SiteServerOptions;
  private readonly listener: NetServer;
  private readonly sockets = new Set<Socket>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private ssh: SshServerInstance | null = null;
  private sshRebuilt: SshServerInstance | null = null;
  private boundPort = 0;
  private listening = false;
  private sessionFaults = '';
  private powerTimer: NodeJS.Timeout | null = null;
  private syncing: Promise<void> = Promise.resolve();
  private closed = false;
  /** The key each connection logged in with, for `auth remove-key`'s in-use refusal. */
  private readonly sessionKeys = new WeakMap<Connection, string>();

  constructor(options: SiteServerOptions) {
    this.options = options;
    this.listener = createServer({ noDelay: true }, (socket) => this.accept(socket));
    this.listener.on('error', noop);
  }

  get port(): number {
    return this.boundPort;
  }

  /** Binds the port (so it is known even while the host is "off"), then matches the host's power state. */
  async start(): Promise<void> {
    await this.listen(this.options.port);
    this.boundPort = (this.listener.address() as { port: number }).port;
    await this.sync();
  }

  /**
   * Opens or closes the port to match the host-off fault at the current sim time, then sets
   * a timer for the next scheduled change. Calls queue, so a timer and a clock jump cannot
   * both open the port.
   */
  sync(): Promise<void> {
    const run = this.syncing.catch(noop).then(() => this.syncNow());
    this.syncing = run;
    return run;
  }

  private async syncNow(): Promise<void> {
    if (this.closed) return;
    const now = this.options.clock.now();
    // A rebuilt server, a firewall change or a revoked key ends the sessions already open,
    // as it would in life; a client holding a persistent connection must notice on reconnect.
    const sessionFaults = SESSION_FAULTS.filter((f) => this.options.school.faultAt(f, now) !== null).join(',');
    if (sessionFaults !== this.sessionFaults) {
      this.sessionFaults = sessionFaults;
      for (const s of this.sockets) s.destroy();
    }
    const off = this.options.school.faultAt('host-off', now) !== null;
    if (off && this.listening) {
      this.listening = false;
      const closed = new Promise<void>((resolve) => this.listener.close(() => resolve()));
      // A host that goes off drops its sessions too; close() waits for them, so drop them first.
      for (const s of this.sockets) s.destroy();
      await closed;
    } else if (!off && !this.listening) {
      await this.listen(this.boundPort);
    }
    this.schedulePower(now);
  }

  /** A host off "until T" (or off "from T") changes by itself when a running clock reaches T. */
  private schedulePower(now: number): void {
    if (this.powerTimer !== null) clearTimeout(this.powerTimer);
    this.powerTimer = null;
    const speed = this.options.clock.speed;
    // A frozen clock only moves by setClock, which syncs every host-off site itself.
    if (speed <= 0) return;
    let next = Number.POSITIVE_INFINITY;
    for (const f of this.options.school.faultIntervals()) {
      if (f.name !== 'host-off') continue;
      for (const edge of [f.since, f.until]) if (edge !== null && edge > now && edge < next) next = edge;
    }
    if (next === Number.POSITIVE_INFINITY) return;
    const wait = Math.min(MAX_POWER_WAIT_MS, Math.ceil((next - now) / speed) + 1);
    this.powerTimer = setTimeout(() => {
      this.powerTimer = null;
      this.sync().catch(noop);
    }, wait);
    this.powerTimer.unref();
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.powerTimer !== null) clearTimeout(this.powerTimer);
    this.powerTimer = null;
    // A sync half way through opening the port would otherwise leave it open.
    await this.syncing.catch(noop);
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    for (const s of this.sockets) s.destroy();
    if (this.listening) {
      this.listening = false;
      await new Promise<void>((resolve) => this.listener.close(() => resolve()));
    }
  }

  private listen(port: number): Promise<void> {
    return new Promise((resolve, reject) => {
      const onError = (err: Error): void => reject(err);
      this.listener.once('error', onError);
      this.listener.listen({ host: this.options.host, port, backlog: 511 }, () => {
        this.listener.off('error', onError);
        this.listening = true;
        resolve();
      });
    });
  }

  private accept(socket: Socket): void {
    socket.setNoDelay(true);
    socket.on('error', noop);
    this.sockets.add(socket);
    socket.once('close', () => this.sockets.delete(socket));
    const { school, clock } = this.options;
    const now = clock.now();
    // Off by the sim clock before its power timer fired: drop the caller, then close the port.
    if (school.faultAt('host-off', now)) {
      socket.destroy();
      this.sync().catch(noop);
      return;
    }
    // Accepts the TCP connection and never says a word: the client must time out.
    if (school.faultAt('black-hole', now)) return;
    const slow = school.faultAt('slow-banner', now);
    const delay = slow ? (slow.params.delayMs ?? this.options.slowBannerMs) : 0;
    const rebuilt = school.faultAt('host-key-changed', now) !== null;
    const hand = (): void => {
      if (!socket.destroyed) this.server(rebuilt).injectSocket(socket);
    };
    if (delay <= 0) {
      hand();
      return;
    }
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      hand();
    }, delay);
    this.timers.add(timer);
  }

  private server(rebuilt: boolean): SshServerInstance {
    const existing = rebuilt ? this.sshRebuilt : this.ssh;
    if (existing) return existing;
    const key = rebuilt ? this.options.rebuiltHostKey() : this.options.hostKey;
    const server = new SshServer({ hostKeys: [key.privateKey], ident: IDENT }, (client, info) => this.onClient(client, this.socketOf(info.port)));
    if (rebuilt) this.sshRebuilt = server;
    else this.ssh = server;
    return server;
  }

  /** ssh2 does not hand us the socket with the connection; the client's port finds it. */
  private socketOf(remotePort: number): Socket | null {
    for (const s of this.sockets) if (s.remotePort === remotePort) return s;
    return null;
  }

  private onClient(client: Connection, socket: Socket | null): void {
    client.on('error', noop);
    client.on('authentication', (ctx) => this.authenticate(ctx, client));
    client.on('ready', () => {
      client.on('session', (accept) => this.onSession(accept(), client, socket));
    });
  }

  private authenticate(ctx: AuthContext, client: Connection): void {
    const { school, clock, user, authorized } = this.options;
    if (ctx.method !== 'publickey' || ctx.username !== user || school.faultAt('auth-refused', clock.now())) {
      ctx.reject(['publickey']);
      return;
    }
    const key = authorized.find(ctx.key.algo, ctx.key.data);
    if (key === null) {
      ctx.reject(['publickey']);
      return;
    }
    // Without a signature the client only asks whether this key would do.
    if (ctx.signature === undefined || ctx.blob === undefined) {
      ctx.accept();
      return;
    }
    // verify() returns an Error (despite its typings) for a malformed signature, so only `true` lets the client in.
    const verified: unknown = key.verify(ctx.blob, ctx.signature, ctx.hashAlgo);
    if (verified === true) {
      this.sessionKeys.set(client, authorized.fingerprintOf(ctx.key.algo, ctx.key.data) ?? '');
      ctx.accept();
    } else ctx.reject(['publickey']);
  }

  private onSession(session: Session, client: Connection, socket: Socket | null): void {
    // The agent account has no shell, no terminal, no file transfer: only the fixed verbs.
    session.on('pty', (_accept, reject) => reject());
    session.on('shell', (_accept, reject) => reject());
    session.on('subsystem', (_accept, reject) => reject());
    session.on('exec', (accept, _reject, info) => {
      const stream = accept();
      if (!wantsStdin(info.command)) {
        this.answer(stream, client, socket, info.command, null);
        return;
      }
      const chunks: Buffer[] = [];
      let size = 0;
      stream.on('data', (chunk: Buffer) => {
        // Keep one byte past the limit so the agent can tell the config was too large.
        if (size <= MAX_CONFIG_BYTES) chunks.push(chunk);
        size += chunk.length;
      });
      stream.once('end', () => this.answer(stream, client, socket, info.command, Buffer.concat(chunks).toString('utf8')));
    });
  }

  private answer(stream: ServerChannel, client: Connection, socket: Socket | null, line: string, stdin: string | null): void {
    const { school, clock } = this.options;
    this.options.onCommand?.({ line, client: socket ? `${socket.remoteAddress ?? '?'}:${socket.remotePort ?? 0}` : 'in-process', at: Date.now() });
    const now = clock.now();
    if (school.faultAt('hung-agent', now)) {
      // The agent takes the command and never answers (stuck on a lock, a dead MIS driver):
      // SSH is fine, the channel stays open until the console gives up and closes it.
      return;
    }
    const result = execAgent(school, line, stdin, now, { keys: this.options.authorized, session: this.sessionKeys.get(client) ?? null });
    if (school.faultAt('reset-mid-command', now)) {
      // Half an answer, then the connection dies under it (a flaky VPN or a firewall timeout).
      stream.write(result.stdout.slice(0, Math.floor(result.stdout.length / 2)));
      setImmediate(() => {
        if (socket && !socket.destroyed) socket.resetAndDestroy();
        else client.end();
      });
      return;
    }
    if (result.stderr) stream.stderr.write(result.stderr);
    stream.write(result.stdout);
    stream.exit(result.exitCode);
    stream.end();
  }
}
