// Desktop: the preload's named methods on window.b2b, one per channel (see
// shared/desktop-bridge.ts). Every call resolves with a Result, even when IPC itself fails.
import { methodName, type Channel } from '../../../shared/contract.ts';
import type { DesktopBridge } from '../../../shared/desktop-bridge.ts';
import { fail } from '../../../shared/result.ts';
import type { Transport } from './transport.ts';

type LooseMethod = (req: unknown) => Promise<unknown>;

function findBridge(): DesktopBridge | null {
  return (globalThis as unknown as { b2b?: DesktopBridge }).b2b ?? null;
}

/** The desktop preload exposes window.b2b; without it we are in browser mode. */
export function hasDesktopBridge(): boolean {
  return findBridge() !== null;
}

export class DesktopTransport implements Transport {
  private readonly bridge: DesktopBridge | null;

  constructor(bridge: DesktopBridge | null = findBridge()) {
    this.bridge = bridge;
  }

  async invoke(channel: Channel, payload: unknown): Promise<unknown> {
    const method: unknown = this.bridge?.[methodName(channel)];
    if (typeof method !== 'function') return fail('unknown_channel', `The desktop bridge has no method for ${channel}`);
    try {
      return await (method as LooseMethod)(payload);
    } catch (err) {
      // ipcRenderer.invoke rejects only when IPC itself broke (no handler, a payload that
      // cannot be cloned); the client above still gets a Result.
      return fail('unavailable', `The console could not be reached: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  subscribe(listener: (name: string, payload: unknown) => void): () => void {
    return this.bridge?.onEvent(listener) ?? (() => undefined);
  }
}
