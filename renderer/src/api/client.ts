// The typed API the React code uses. Every answer is checked against the contract
// on arrival, so a bad payload becomes a clear error instead of a broken view.
import { z } from 'zod';
import { channels, events, isEventName, type Channel, type EventName, type EventOf, type RequestOf, type ResponseOf } from '../../../shared/contract.ts';
import { AppErrorSchema, type Result } from '../../../shared/result.ts';
import type { Transport } from './transport.ts';

const Envelope = z.union([z.object({ ok: z.literal(true), data: z.unknown() }), z.object({ ok: z.literal(false), error: AppErrorSchema })]);

export class ApiClient {
  private readonly transport: Transport;
  constructor(transport: Transport) {
    this.transport = transport;
  }

  async call<C extends Channel>(channel: C, request: RequestOf<C>): Promise<Result<ResponseOf<C>>> {
    const raw = await this.transport.invoke(channel, request);
    const env = Envelope.safeParse(raw);
    if (!env.success) return { ok: false, error: { code: 'internal', message: `Malformed answer to ${channel}` } };
    if (!env.data.ok) return env.data;
    const data = channels[channel].response.safeParse(env.data.data);
    if (!data.success) return { ok: false, error: { code: 'internal', message: `Unexpected answer to ${channel}: ${data.error.issues[0]?.message ?? ''}` } };
    return { ok: true, data: data.data as ResponseOf<C> };
  }

  /** Like call, but throws the error's message: for places where failure is exceptional. */
  async get<C extends Channel>(channel: C, request: RequestOf<C>): Promise<ResponseOf<C>> {
    const r = await this.call(channel, request);
    if (!r.ok) throw new Error(r.error.message);
    return r.data;
  }

  on<E extends EventName>(name: E, listener: (payload: EventOf<E>) => void): () => void {
    return this.transport.subscribe((n, payload) => {
      if (n !== name || !isEventName(n)) return;
      const parsed = events[name].safeParse(payload);
      if (parsed.success) listener(parsed.data as EventOf<E>);
    });
  }

  /** Connection state changes of the transport (browser mode reconnects). */
  onConnection(listener: (state: 'open' | 'closed') => void): () => void {
    return this.transport.subscribe((n, payload) => {
      if (n === 'connection') listener((payload as { state: 'open' | 'closed' }).state);
    });
  }
}
