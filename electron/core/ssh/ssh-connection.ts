// One SSH connection to one school host. An instance is one TCP connection for its
// whole life: connect() once, exec() any number of times (channels are multiplexed),
// close() or lose it ('close' says why). Reconnecting means a new instance, so a pool
// never has to reason about half-reset state.
// Before ssh2 loads: see ssh2-crypto.ts.
import './ssh2-crypto.ts';
import { EventEmitter } from 'node:events';
// The default export (not named imports) so tests can observe the socket options.
import net from 'node:net';
import ssh2, { type Client as SshClient, type ParsedKey, type PublicKeyAuthMethod } from 'ssh2';
import { MAX_OUTPUT_BYTES } from '../../../shared/protocol/v1.ts';
import { abortFailure, classifyConnectError, failure, type SshFailure } from './failures.ts';
import { checkHostKey, hostKeyFingerprint, type HostKeyCheck } from './fingerprint.ts';
import { execOnChannel, type ExecResult } from './exec-channel.ts';

export type { ExecResult } from './exec-channel.ts';

// ssh2 is CommonJS and Node's ESM loader sees only some of its names: take them from the default export.
const { Client, utils: sshUtils } = ssh2;

export interface SshTarget {
  host: string;
  port: number;
  username: string;
}

/** Secrets: kept in a private field, never logged, never part of an error message. */
export interface SshCredentials {
  privateKey: string | Buffer;
  passphrase?: string;
}

export interface SshTimeouts {
  /** TCP connect + the server's identification; then, again, SSH handshake + authentication. */
  connectMs: number;
  /** Default per exec, from request to exit status. */
  execMs: number;
}

export interface SshConnectionOptions {
  target: SshTarget;
  credentials: SshCredentials;
  /** `SHA256:…` as approved by a person, or null when no key has been approved yet. */
  pinnedFingerprint: string | null;
  timeouts?: Partial<SshTimeouts>;
  keepalive?: { intervalMs: number; countMax: number };
  maxOutputBytes?: number;
}

export const DEFAULT_TIMEOUTS: SshTimeouts = { connectMs: 10_000, execMs: 30_000 };
export const DEFAULT_KEEPALIVE = { intervalMs: 15_000, countMax: 3 };
const CLOSE_GRACE_MS = 2_000;

type Failed = { ok: false; failure: SshFailure };
export type ConnectResult = { ok: true; fingerprint: string } | Failed;
export type DialResult = { ok: true } | Failed;

export interface ExecCallOptions {
  stdin?: string | null;
  timeoutMs?: number;
  maxOutputBytes?: number;
  signal?: AbortSignal;
}

type State = 'idle' | 'dialing' | 'dialed' | 'connecting' | 'open' | 'closed';

// Decrypting a key (bcrypt KDF) is slow; a pool hands every site the same credentials object.
const parsedKeys = new WeakMap<SshCredentials, ParsedKey>();

function parsedKey(credentials: SshCredentials): ParsedKey | null {
  const cached = parsedKeys.get(credentials);
  if (cached !== undefined) return cached;
  const parsed = sshUtils.parseKey(credentials.privateKey, credentials.passphrase);
  if (parsed instanceof Error) return null;
  parsedKeys.set(credentials, parsed);
  return parsed;
}
interface ConnectionEvents {
  /** Once, when the connection is gone: null if close() asked for it, else why. */
  close: [reason: SshFailure | null];
}

export class SshConnection extends EventEmitter<ConnectionEvents> {
  readonly target: SshTarget;
  readonly #credentials: SshCredentials;
  readonly #pinned: string | null;
  readonly #timeouts: SshTimeouts;
  readonly #keepalive: { intervalMs: number; countMax: number };
  readonly #maxOutputBytes: number;
  #state: State = 'idle';
  #client: SshClient | null = null;
  #fingerprint: string | null = null;
  #closeReason: SshFailure | null = null;
  #cancelConnect: ((reason: SshFailure) => void) | null = null;
  #dialing: Promise<DialResult> | null = null;
  #sock: net.Socket | null = null;
  #sockError: SshFailure | null = null;

  constructor(options: SshConnectionOptions) {
    super();
    this.target = { ...options.target };
    this.#credentials = options.credentials;
    this.#pinned = options.pinnedFingerprint;
    this.#timeouts = { ...DEFAULT_TIMEOUTS, ...options.timeouts };
    this.#keepalive = options.keepalive ?? DEFAULT_KEEPALIVE;
    this.#maxOutputBytes = options.maxOutputBytes ?? MAX_OUTPUT_BYTES;
  }

  get isOpen(): boolean {
    return this.#state === 'open';
  }

  /** The open ssh2 client: bench:poll execs on it bare, to measure a poll against its transport. Never for polling. */
  get sshClient(): SshClient | null {
    return this.#state === 'open' ? this.#client : null;
  }

  /** The host key the server presented, once the handshake got that far. */
  get hostFingerprint(): string | null {
    return this.#fingerprint;
  }

  /**
   * Opens the TCP connection and waits for the server's first bytes (its SSH
   * identification), within connectMs. This costs next to no CPU, so a pool can dial
   * many sites at once and spend its limited handshakes on sites known to answer: a
   * black-holed host then waits out its timeout alongside the rest, not after them.
   * connect() dials first when this has not been called. Safe to call twice.
   */
  dial(signal?: AbortSignal): Promise<DialResult> {
    if (this.#dialing) return this.#dialing;
    if (this.#state !== 'idle') return Promise.resolve({ ok: false, failure: failure('not-connected', `connection is ${this.#state}`) });
    if (signal?.aborted) {
      this.#state = 'closed';
      return Promise.resolve({ ok: false, failure: abortFailure(signal) });
    }
    // A key we cannot read is our problem, not the host's: fail before opening a socket.
    if (parsedKey(this.#credentials) === null) {
      this.#state = 'closed';
      return Promise.resolve({ ok: false, failure: failure('credentials-invalid', 'the private key could not be read (wrong passphrase or unsupported format)') });
    }
    this.#state = 'dialing';
    let tcpUp = false;
    const timedOut = (): SshFailure => {
      const what = tcpUp ? 'the host accepted the TCP connection but sent no SSH identification' : 'the TCP connection did not complete';
      return failure('connect-timeout', `${what} within ${this.#timeouts.connectMs} ms`);
    };
    this.#dialing = this.#stage<{ ok: true }>(signal, 'dialed', timedOut, (finish) => {
      const { host, port } = this.target;
      let sock: net.Socket;
      try {
        // TCP_NODELAY: without it every exec waits on Nagle + delayed ACK (~40 ms).
        sock = net.connect({ host, port, noDelay: true });
      } catch (err) {
        // net throws synchronously on a malformed port or host.
        finish({ ok: false, failure: failure('unreachable', `cannot connect to ${host}:${port}: ${err instanceof Error ? err.message : String(err)}`) });
        return;
      }
      this.#sock = sock;
      const onClose = (): void => finish({ ok: false, failure: this.#sockError ?? failure('connection-reset', 'the host closed the connection before identifying itself') });
      sock.once('connect', () => {
        tcpUp = true;
      });
      // For the socket's whole life: an error while it waits for a handshake slot must not throw.
      sock.on('error', (err: Error) => {
        this.#sockError ??= classifyConnectError(err);
      });
      sock.once('close', onClose);
      sock.once('data', (chunk: Buffer) => {
        // Put the bytes back for ssh2, and hold the rest until it reads them.
        sock.off('close', onClose);
        sock.pause();
        sock.unshift(chunk);
        finish({ ok: true });
      });
    });
    return this.#dialing;
  }

  /** The SSH handshake and login, within connectMs of starting them (dials first if needed). */
  async connect(signal?: AbortSignal): Promise<ConnectResult> {
    if (this.#state === 'idle') {
      const dialed = await this.dial(signal);
      if (!dialed.ok) return dialed;
    }
    if (this.#state !== 'dialed') return { ok: false, failure: failure('not-connected', 'connect() may be called once per connection') };
    const sock = this.#sock;
    const parsed = parsedKey(this.#credentials);
    if (sock === null || parsed === null) return { ok: false, failure: failure('not-connected', 'the connection was not dialed') };
    if (signal?.aborted) {
      this.#shutdown(abortFailure(signal));
      return { ok: false, failure: abortFailure(signal) };
    }
    // The host may have hung up while we waited for a handshake slot.
    if (sock.destroyed) {
      const reason = this.#sockError ?? failure('connection-reset', 'the host closed the connection before the handshake');
      this.#shutdown(reason);
      return { ok: false, failure: reason };
    }
    this.#state = 'connecting';
    const timedOut = (): SshFailure => failure('connect-timeout', `the SSH handshake and login did not complete within ${this.#timeouts.connectMs} ms`);
    return this.#stage<{ ok: true; fingerprint: string }>(signal, 'open', timedOut, (finish, settled) => {
      const { username } = this.target;
      const client = new Client();
      this.#client = client;
      let hostKey: HostKeyCheck | null = null;

      client.on('ready', () => finish({ ok: true, fingerprint: this.#fingerprint ?? '' }));
      client.on('error', (err: Error) => {
        if (!settled()) return finish({ ok: false, failure: this.#hostKeyFailure(hostKey) ?? classifyConnectError(err) });
        // After the handshake the only errors are the connection dying; 'close' follows.
        this.#closeReason ??= classifyConnectError(err);
      });
      client.on('close', () => {
        if (!settled()) finish({ ok: false, failure: this.#hostKeyFailure(hostKey) ?? failure('connection-reset', 'the host closed the connection during the handshake') });
        this.#shutdown(this.#closeReason ?? failure('connection-reset', 'the host closed the connection'));
      });

      // The key parsed above, so an encrypted key is decrypted once per credentials, not per connection.
      const publicKeyAuth: PublicKeyAuthMethod = { type: 'publickey', username, key: parsed };
      // The socket is connected and holds the server's identification: ssh2 starts at once and reads it.
      client.connect({
        sock,
        username,
        authHandler: [publicKeyAuth],
        // No hostHash: ssh2 then hands us the raw key blob, which we fingerprint as OpenSSH does.
        hostVerifier: (key: Buffer): boolean => {
          this.#fingerprint = hostKeyFingerprint(key);
          hostKey = checkHostKey(this.#pinned, this.#fingerprint);
          // Refusing here ends the key exchange: no auth, no command reaches the host.
          return hostKey.kind === 'match';
        },
        // Our own timer covers the handshake + auth.
        readyTimeout: 0,
        keepaliveInterval: this.#keepalive.intervalMs,
        keepaliveCountMax: this.#keepalive.countMax,
      });
    });
  }

  exec(command: string, options: ExecCallOptions = {}): Promise<ExecResult> {
    const client = this.#client;
    if (this.#state !== 'open' || client === null) {
      return Promise.resolve({ ok: false, failure: failure('not-connected', `connection is ${this.#state}`) });
    }
    return execOnChannel(client, command, {
      stdin: options.stdin ?? null,
      timeoutMs: options.timeoutMs ?? this.#timeouts.execMs,
      maxOutputBytes: options.maxOutputBytes ?? this.#maxOutputBytes,
      signal: options.signal,
    });
  }

  /** Ends the connection; pending execs fail with channel-closed. Safe to call twice. */
  close(): void {
    const cancel = this.#cancelConnect;
    this.#closeReason = null;
    this.#shutdown(null);
    // A connect() still in progress learns why it ended, rather than seeing a reset.
    cancel?.(failure('aborted', 'the connection was closed by the caller'));
  }

  /**
   * One stage of connecting (dialing, or the handshake and login): settles once, on its
   * own outcome, its deadline (connectMs), the caller's signal or close(). A failure
   * closes the connection; success moves it to `okState`.
   */
  #stage<Ok extends { ok: true }>(
    signal: AbortSignal | undefined,
    okState: State,
    timedOut: () => SshFailure,
    start: (finish: (result: Ok | Failed) => void, settled: () => boolean) => void,
  ): Promise<Ok | Failed> {
    return new Promise((resolve) => {
      let settled = false;
      const finish = (result: Ok | Failed): void => {
        if (settled) return;
        settled = true;
        this.#cancelConnect = null;
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        if (result.ok) this.#state = okState;
        else this.#shutdown(result.failure);
        resolve(result);
      };
      const onAbort = (): void => finish({ ok: false, failure: abortFailure(signal as AbortSignal) });
      this.#cancelConnect = (reason) => finish({ ok: false, failure: reason });
      const timer = setTimeout(() => finish({ ok: false, failure: timedOut() }), this.#timeouts.connectMs);
      signal?.addEventListener('abort', onAbort, { once: true });
      start(finish, () => settled);
    });
  }

  #hostKeyFailure(check: HostKeyCheck | null): SshFailure | null {
    if (check?.kind === 'unknown') {
      return { kind: 'hostkey-unknown', message: `first connection: host key ${check.actual} awaits approval`, actual: check.actual };
    }
    if (check?.kind === 'changed') {
      return { kind: 'hostkey-changed', message: `host key changed: expected ${check.expected}, got ${check.actual}`, expected: check.expected, actual: check.actual };
    }
    return null;
  }

  #shutdown(reason: SshFailure | null): void {
    if (this.#state === 'closed') return;
    this.#state = 'closed';
    const client = this.#client;
    if (client !== null && reason === null) {
      client.end();
      // end() says goodbye politely; the timer releases the socket if the host never closes its side.
      setTimeout(() => client.destroy(), CLOSE_GRACE_MS).unref();
    } else if (client !== null) {
      client.destroy();
    } else {
      // Dialed (or dialing) but never handed to ssh2.
      this.#sock?.destroy();
    }
    this.emit('close', reason);
  }
}
