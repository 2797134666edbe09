// How the renderer reaches the core: over Electron IPC (desktop) or a WebSocket
// (browser mode). The client above it does not know which.
import type { Channel } from '../../../shared/contract.ts';
import { WS_OPERATOR_PARAM } from '../../../shared/core-messages.ts';

export interface Transport {
  /** Sends a request; resolves with the raw Result the other side answered. */
  invoke(channel: Channel, payload: unknown): Promise<unknown>;
  /** Push events from the core. Returns an unsubscribe function. */
  subscribe(listener: (name: string, payload: unknown) => void): () => void;
}

type Pending = { resolve: (result: unknown) => void; timer: ReturnType<typeof setTimeout> };

const unavailable = (message: string) => ({ ok: false, error: { code: 'unavailable', message } });
const REQUEST_TIMEOUT_MS = 60_000;

/**
 * Browser mode: one WebSocket to the server that served the page, acting for the operator named
 * at the session's start, reconnecting with backoff (and the same name).
 */
export class WebSocketTransport implements Transport {
  private ws: WebSocket | null = null;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly queue: string[] = [];
  private readonly listeners = new Set<(name: string, payload: unknown) => void>();
  private retryMs = 250;
  private readonly base: string;
  private operator: string;

  constructor(operator: string, base = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws`) {
    this.operator = operator;
    this.base = base;
    this.connect();
  }

  /** Acts for someone else from now on: the socket closes and reconnects under the new name. */
  changeOperator(name: string): void {
    this.operator = name;
    this.retryMs = 0;
    this.ws?.close();
  }

  invoke(channel: Channel, payload: unknown): Promise<unknown> {
    const id = this.nextId++;
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        resolve(unavailable(`No answer to ${channel} within ${REQUEST_TIMEOUT_MS / 1000} s`));
      }, REQUEST_TIMEOUT_MS);
      this.pending.set(id, { resolve, timer });
      const frame = JSON.stringify({ type: 'request', id, channel, payload });
      if (this.ws?.readyState === WebSocket.OPEN) this.ws.send(frame);
      else this.queue.push(frame);
    });
  }

  subscribe(listener: (name: string, payload: unknown) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private connect(): void {
    const url = new URL(this.base);
    url.searchParams.set(WS_OPERATOR_PARAM, this.operator);
    const ws = new WebSocket(url);
    this.ws = ws;
    ws.onopen = () => {
      this.retryMs = 250;
      for (const frame of this.queue.splice(0)) ws.send(frame);
      this.emit('connection', { state: 'open' });
    };
    ws.onmessage = (e: MessageEvent<string>) => this.receive(e.data);
    ws.onclose = () => {
      // Requests in flight are lost with the socket: answer them now rather than leave the UI waiting.
      for (const [id, p] of this.pending) {
        clearTimeout(p.timer);
        p.resolve(unavailable('Lost the connection to the console server'));
        this.pending.delete(id);
      }
      this.emit('connection', { state: 'closed' });
      setTimeout(() => this.connect(), this.retryMs);
      this.retryMs = Math.min(Math.max(this.retryMs * 2, 250), 10_000);
    };
  }

  private receive(data: string): void {
    let msg: { type?: unknown; id?: unknown; result?: unknown; name?: unknown; payload?: unknown };
    try {
      msg = JSON.parse(data) as typeof msg;
    } catch {
      return;
    }
    if (msg.type === 'response' && typeof msg.id === 'number') {
      const p = this.pending.get(msg.id);
      if (!p) return;
      clearTimeout(p.timer);
      this.pending.delete(msg.id);
      p.resolve(msg.result);
    } else if (msg.type === 'event' && typeof msg.name === 'string') {
      this.emit(msg.name, msg.payload);
    }
  }

  private emit(name: string, payload: unknown): void {
    for (const l of this.listeners) l(name, payload);
  }
}
