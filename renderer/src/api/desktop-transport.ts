// Desktop: the preload's named methods on window.b2b, one per channel.
import { methodName, type Channel } from '../../../shared/contract.ts';
import type { Transport } from './transport.ts';

type BridgeMethod = (payload: unknown) => Promise<unknown>;
interface LooseBridge {
  onEvent(listener: (name: string, payload: unknown) => void): () => void;
}

function bridge(): (LooseBridge & Record<string, unknown>) | null {
  const b = (window as unknown as { b2b?: LooseBridge & Record<string, unknown> }).b2b;
  return b ?? null;
}

export function hasDesktopBridge(): boolean {
  return bridge() !== null;
}

export class DesktopTransport implements Transport {
  invoke(channel: Channel, payload: unknown): Promise<unknown> {
    const method = bridge()?.[methodName(channel)];
    if (typeof method !== 'function') return Promise.resolve({ ok: false, error: { code: 'unknown_channel', message: `The desktop bridge has no ${channel}` } });
    return (method as BridgeMethod)(payload);
  }
  subscribe(listener: (name: string, payload: unknown) => void): () => void {
    return bridge()?.onEvent(listener) ?? (() => undefined);
  }
}
