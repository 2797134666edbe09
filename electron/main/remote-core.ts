// A team server (a collector, electron/server/collector.ts) standing in for the desktop's own
// core: the same id-matched requests and pushed events as CoreHost, over the WebSocket that
// browser mode uses, so the renderer cannot tell the two apart. It reconnects with backoff;
// requests wait for a connection up to their timeout, and a request already sent when the
// link drops is answered at once, since its fate is unknown.
import { WebSocket, type RawData } from 'ws';
import { CoreMessageSchema, WS_OPERATOR_PARAM } from '../../shared/core-messages.ts';
import { fail, type Result } from '../../shared/result.ts';
import type { TeamAddress } from '../../shared/team-server.ts';
import type { HostLogger } from './core-process.ts';

export type LinkState = 'connecting' | 'open' | 'closed';

export interface RemoteCoreOptions {
  address: TeamAddress;
  token: string;
  /** Who the audit trail names for this console's requests. */
  operator: string;
  onEvent: (name: string, payload: unknown) => void;
  onState?: (state: LinkState, error: string | null) => void;
  log: HostLogger;
  requestTimeoutMs?: number;
  firstBackoffMs?: number;
  maxBackoffMs?: number;
}

interface Pending {
  frame: string;
  sent: boolean;
  timer: ReturnType<typeof setTimeout>;
  resolve: (result: Result<unknown>) => void;
}

/** A fleet snapshot of thousands of sites is a few MB; a server sending more than this is refused. */
const MAX_MESSAGE_BYTES = 256 * 1024 * 1024;
const HANDSHAKE_TIMEOUT_MS = 10_000;

export class RemoteCore {
  readonly #o: Required<Omit<RemoteCoreOptions, 'onState'>> & Pick<RemoteCoreOptions, 'onState'>;
  #ws: WebSocket | null = null;
  #state: LinkState = 'closed';
  #error: string | null = null;
  #nextId = 1;
  readonly #pending = new Map<number, Pending>();
  #retryMs: number;
  #retryTimer: ReturnType<typeof setTimeout> | null = null;
  #stopped = false;
  readonly #settled = new Set<(error: string | null) => void>();

  constructor(options: RemoteCoreOptions) {
    this.#o = { requestTimeoutMs: 30_000, firstBackoffMs: 250, maxBackoffMs: 10_000, ...options };
    this.#retryMs = this.#o.firstBackoffMs;
  }

  get state(): LinkState {
    return this.#state;
  }

  /** Why the link is down, or null. */
  get error(): string | null {
    return this.#error;
  }

  get origin(): string {
    return this.#o.address.origin;
  }

  start(): void {
    if (this.#stopped || this.#ws) return;
    this.#connect();
  }

  /** Resolves with null once a connection opens, or with why the next attempt failed. */
  attempt(): Promise<string | null> {
    if (this.#state === 'open') return Promise.resolve(null);
    return new Promise((resolve) => this.#settled.add(resolve));
  }

  request(channel: string, payload: unknown): Promise<Result<unknown>> {
    if (this.#stopped) return Promise.resolve(fail('unavailable', 'The console is not connected to a team server'));
    // Down after a failed attempt: say so now (the window shows the lost link) rather than wait out the timeout.
    if (this.#state !== 'open' && this.#error !== null) return Promise.resolve(fail('unavailable', this.#downMessage()));
    return new Promise((resolve) => {
      const id = this.#nextId++;
      const timer = setTimeout(() => {
        this.#pending.delete(id);
        resolve(fail('unavailable', this.#state === 'open' ? `The team server did not answer within ${Math.round(this.#o.requestTimeoutMs / 1000)} s` : this.#downMessage()));
      }, this.#o.requestTimeoutMs);
      const entry: Pending = { frame: JSON.stringify({ type: 'request', id, channel, payload }), sent: false, timer, resolve };
      this.#pending.set(id, entry);
      if (this.#state === 'open') this.#send(entry);
    });
  }

  stop(): Promise<void> {
    this.#stopped = true;
    if (this.#retryTimer) clearTimeout(this.#retryTimer);
    this.#retryTimer = null;
    this.#answerAll(() => true, 'The console has left the team server');
    const ws = this.#ws;
    this.#ws = null;
    this.#setState('closed', null);
    if (!ws || ws.readyState === WebSocket.CLOSED) return Promise.resolve();
    return new Promise((resolve) => {
      ws.once('close', () => resolve());
      ws.terminate();
    });
  }

  #connect(): void {
    const url = new URL(this.#o.address.socketUrl);
    url.searchParams.set(WS_OPERATOR_PARAM, this.#o.operator);
    url.searchParams.set('token', this.#o.token);
    this.#setState('connecting', this.#error);
    const ws = new WebSocket(url, {
      // The collector accepts only its own origin (DNS rebinding guard): we are its console.
      origin: this.#o.address.origin,
      perMessageDeflate: false,
      maxPayload: MAX_MESSAGE_BYTES,
      handshakeTimeout: HANDSHAKE_TIMEOUT_MS,
      followRedirects: false,
    });
    this.#ws = ws;
    let failure: string | null = null;
    ws.on('upgrade', (res) => res.socket.setNoDelay(true));
    ws.on('open', () => {
      this.#retryMs = this.#o.firstBackoffMs;
      this.#setState('open', null);
      this.#o.log.info('connected to the team server', { origin: this.#o.address.origin });
      for (const entry of this.#pending.values()) if (!entry.sent) this.#send(entry);
    });
    ws.on('unexpected-response', (_req, res) => {
      failure = res.statusCode === 403 ? 'The team server refused this console: check the access token (the collector’s console-token file)' : `The team server refused the connection (HTTP ${res.statusCode ?? '?'})`;
      res.resume();
      ws.terminate();
    });
    ws.on('error', (err: Error & { code?: string }) => {
      failure ??= err.code === 'ECONNREFUSED' ? `Nothing answers at ${this.#o.address.origin}: is the collector running, and the SSH tunnel open?` : `Could not reach the team server: ${err.message}`;
    });
    ws.on('message', (raw: RawData) => this.#receive(raw));
    ws.on('close', (code) => {
      if (this.#ws !== ws) return;
      this.#ws = null;
      const was = this.#state;
      const why = failure ?? (was === 'open' ? `The connection to the team server closed (code ${code})` : 'The team server closed the connection');
      // A request on the wire may or may not have been carried out: say so now rather than let it wait.
      this.#answerAll((e) => e.sent, 'The connection to the team server was lost before it answered: the request may or may not have been carried out; check the audit log');
      if (was === 'open') this.#o.log.warn('lost the team server', { origin: this.#o.address.origin, code });
      this.#setState('closed', why);
      if (this.#stopped) return;
      this.#retryTimer = setTimeout(() => {
        this.#retryTimer = null;
        if (!this.#stopped) this.#connect();
      }, this.#retryMs);
      this.#retryMs = Math.min(this.#retryMs * 2, this.#o.maxBackoffMs);
    });
  }

  #receive(raw: RawData): void {
    let parsed: unknown;
    try {
      parsed = JSON.parse(Buffer.isBuffer(raw) ? raw.toString('utf8') : Buffer.concat(raw as Buffer[]).toString('utf8'));
    } catch {
      this.#o.log.warn('ignored a frame from the team server that is not JSON');
      return;
    }
    const msg = CoreMessageSchema.safeParse(parsed);
    if (!msg.success) {
      this.#o.log.warn('ignored a malformed message from the team server');
      return;
    }
    const m = msg.data;
    if (m.type === 'response') {
      const entry = this.#pending.get(m.id);
      if (!entry) return; // Timed out already.
      this.#pending.delete(m.id);
      clearTimeout(entry.timer);
      entry.resolve(m.result);
    } else if (m.type === 'event') {
      this.#o.onEvent(m.name, m.payload);
    }
  }

  #send(entry: Pending): void {
    entry.sent = true;
    this.#ws?.send(entry.frame);
  }

  #answerAll(which: (e: Pending) => boolean, message: string): void {
    for (const [id, entry] of this.#pending) {
      if (!which(entry)) continue;
      clearTimeout(entry.timer);
      this.#pending.delete(id);
      entry.resolve(fail('unavailable', message));
    }
  }

  #downMessage(): string {
    return `Not connected to the team server at ${this.#o.address.origin}${this.#error ? `: ${this.#error}` : ''}`;
  }

  #setState(state: LinkState, error: string | null): void {
    const changed = state !== this.#state || error !== this.#error;
    this.#state = state;
    this.#error = error;
    if (state !== 'connecting') for (const settle of this.#drainSettled()) settle(state === 'open' ? null : (error ?? 'The console left the team server'));
    if (changed) this.#o.onState?.(state, error);
  }

  #drainSettled(): ((error: string | null) => void)[] {
    const all = [...this.#settled];
    this.#settled.clear();
    return all;
  }
}
