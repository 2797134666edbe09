// Runs the core (dist/electron/core.cjs) in a utilityProcess and relays the contract to it:
// id-matched requests with a timeout, events back, and a restart with backoff if it dies.
// It depends on a structural process interface, not on `electron`, so it is tested in Node.
import { CoreMessageSchema, type HostMessage } from '../../shared/core-messages.ts';
import { fail, type Result } from '../../shared/result.ts';
import { SecretRequestSchema, type SecretRequest, type SecretResult } from './secrets.ts';

/** The part of Electron's UtilityProcess we use. */
export interface CoreProcessLike {
  postMessage(message: unknown): void;
  kill(): boolean;
  on(event: 'message', listener: (message: unknown) => void): unknown;
  on(event: 'exit', listener: (code: number) => void): unknown;
}

export interface HostLogger {
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
}

export interface CoreHostOptions {
  fork: () => CoreProcessLike;
  init: { dataDir: string; version: string; mode: 'desktop' | 'browser' };
  onEvent: (name: string, payload: unknown) => void;
  /** Answers the core's safeStorage requests (see secrets.ts). */
  onSecret?: (req: SecretRequest) => SecretResult;
  log: HostLogger;
  requestTimeoutMs?: number;
  /** First restart delay; it doubles per crash up to maxBackoffMs. */
  initialBackoffMs?: number;
  maxBackoffMs?: number;
  /** A core that stayed up this long resets the backoff. */
  stableAfterMs?: number;
  /** How long stop() waits for a clean shutdown before killing. */
  shutdownGraceMs?: number;
}

export type CoreState = 'idle' | 'starting' | 'ready' | 'restarting' | 'stopping' | 'stopped';

interface Pending {
  channel: string;
  payload: unknown;
  sent: boolean;
  timer: ReturnType<typeof setTimeout>;
  resolve: (result: Result<unknown>) => void;
}

export class CoreHost {
  private readonly opts: Required<Omit<CoreHostOptions, 'onSecret'>> & Pick<CoreHostOptions, 'onSecret'>;
  private child: CoreProcessLike | null = null;
  private currentState: CoreState = 'idle';
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private crashes = 0;
  private readyAt = 0;
  private restartTimer: ReturnType<typeof setTimeout> | null = null;
  private lastFatal: string | null = null;
  private stopped: Promise<void> | null = null;
  private onExited: (() => void) | null = null;

  constructor(options: CoreHostOptions) {
    this.opts = {
      requestTimeoutMs: 30_000,
      initialBackoffMs: 500,
      maxBackoffMs: 30_000,
      stableAfterMs: 60_000,
      shutdownGraceMs: 3_000,
      ...options,
    };
  }

  get state(): CoreState {
    return this.currentState;
  }

  start(): void {
    if (this.currentState !== 'idle' && this.currentState !== 'restarting') return;
    this.currentState = 'starting';
    this.lastFatal = null;
    const child = this.opts.fork();
    this.child = child;
    child.on('message', (message) => this.onMessage(child, message));
    child.on('exit', (code) => this.onExit(child, code));
    this.post({ type: 'init', ...this.opts.init });
  }

  /** Resolves with the core's answer, or `unavailable` when it is down, restarting or silent. */
  request(channel: string, payload: unknown): Promise<Result<unknown>> {
    if (this.currentState === 'stopping' || this.currentState === 'stopped' || this.currentState === 'idle') {
      return Promise.resolve(fail('unavailable', 'The console core is not running'));
    }
    if (this.currentState === 'restarting') {
      return Promise.resolve(fail('unavailable', `The console core is restarting${this.lastFatal ? ` after an error: ${this.lastFatal}` : ''}; try again in a moment`));
    }
    return new Promise((resolve) => {
      const id = this.nextId++;
      const timer = setTimeout(() => {
        this.pending.delete(id);
        this.opts.log.warn('core request timed out', { channel, id });
        resolve(fail('unavailable', `The console core did not answer within ${Math.round(this.opts.requestTimeoutMs / 1000)} s`));
      }, this.opts.requestTimeoutMs);
      const entry: Pending = { channel, payload, sent: false, timer, resolve };
      this.pending.set(id, entry);
      // While the core starts, requests wait for its `ready`.
      if (this.currentState === 'ready') this.send(id, entry);
    });
  }

  /** Asks the core to close its database, then kills it if it does not exit in time. */
  stop(): Promise<void> {
    if (this.stopped) return this.stopped;
    if (this.restartTimer) clearTimeout(this.restartTimer);
    this.restartTimer = null;
    this.failPending('The console is shutting down');
    const child = this.child;
    this.currentState = 'stopping';
    if (!child) {
      this.currentState = 'stopped';
      this.stopped = Promise.resolve();
      return this.stopped;
    }
    this.stopped = new Promise<void>((resolve) => {
      const grace = setTimeout(() => {
        this.opts.log.warn('core did not shut down in time; killing it');
        child.kill();
      }, this.opts.shutdownGraceMs);
      this.onExited = () => {
        clearTimeout(grace);
        resolve();
      };
      this.post({ type: 'shutdown' });
    });
    return this.stopped;
  }

  private send(id: number, entry: Pending): void {
    entry.sent = true;
    if (!this.post({ type: 'request', id, channel: entry.channel, payload: entry.payload })) {
      clearTimeout(entry.timer);
      this.pending.delete(id);
      entry.resolve(fail('unavailable', 'The console core could not be reached'));
    }
  }

  private post(message: HostMessage): boolean {
    try {
      this.child?.postMessage(message);
      return this.child !== null;
    } catch (err) {
      this.opts.log.warn('could not post to the core', { type: message.type, err });
      return false;
    }
  }

  private onMessage(child: CoreProcessLike, raw: unknown): void {
    if (child !== this.child) return; // A late word from a process we already replaced.
    const parsed = CoreMessageSchema.safeParse(raw);
    if (!parsed.success) {
      const secret = SecretRequestSchema.safeParse(raw);
      if (secret.success && this.opts.onSecret) child.postMessage(this.opts.onSecret(secret.data));
      else this.opts.log.warn('ignored a malformed message from the core');
      return;
    }
    const m = parsed.data;
    if (m.type === 'ready') {
      this.currentState = 'ready';
      this.readyAt = Date.now();
      this.opts.log.info('core ready', { restarts: this.crashes });
      for (const [id, entry] of this.pending) if (!entry.sent) this.send(id, entry);
    } else if (m.type === 'fatal') {
      this.lastFatal = m.message;
      this.opts.log.error('core could not start', { message: m.message });
      child.kill(); // onExit answers the waiting requests and schedules the restart.
    } else if (m.type === 'response') {
      const entry = this.pending.get(m.id);
      if (!entry) return; // Timed out already.
      this.pending.delete(m.id);
      clearTimeout(entry.timer);
      entry.resolve(m.result);
    } else {
      this.opts.onEvent(m.name, m.payload);
    }
  }

  private onExit(child: CoreProcessLike, code: number): void {
    if (child !== this.child) return;
    this.child = null;
    if (this.currentState === 'stopping') {
      this.currentState = 'stopped';
      this.opts.log.info('core stopped', { code });
      this.onExited?.();
      return;
    }
    const wasStable = this.readyAt > 0 && Date.now() - this.readyAt >= this.opts.stableAfterMs;
    if (wasStable) this.crashes = 0;
    this.readyAt = 0;
    const delay = Math.min(this.opts.maxBackoffMs, this.opts.initialBackoffMs * 2 ** this.crashes);
    this.crashes++;
    this.currentState = 'restarting';
    this.opts.log.error('core exited; restarting', { code, inMs: delay, crashes: this.crashes, lastFatal: this.lastFatal });
    this.failPending(`The console core stopped${this.lastFatal ? `: ${this.lastFatal}` : ' unexpectedly'}; it is restarting`);
    this.restartTimer = setTimeout(() => {
      this.restartTimer = null;
      this.start();
    }, delay);
  }

  private failPending(message: string): void {
    for (const entry of this.pending.values()) {
      clearTimeout(entry.timer);
      entry.resolve(fail('unavailable', message));
    }
    this.pending.clear();
  }
}
