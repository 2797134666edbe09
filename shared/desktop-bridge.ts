// What the desktop preload exposes to the renderer as `window.b2b`: one named method per
// channel of the contract (never a generic invoke) and a way to hear pushed events.
// The preload checks its object against this type with `satisfies`.
import type { Channel, MethodName, RequestOf, ResponseOf } from './contract.ts';
import type { Result } from './result.ts';

export type BridgeMethods = {
  [C in Channel as MethodName<C>]: (req: RequestOf<C>) => Promise<Result<ResponseOf<C>>>;
};

/** Main has checked `name` against the contract's events and `payload` against its schema. */
export type BridgeEventListener = (name: string, payload: unknown) => void;

export type DesktopBridge = BridgeMethods & {
  /** Listens to pushes from the core; returns the function that stops listening. */
  onEvent(listener: BridgeEventListener): () => void;
};

/** The one IPC channel main uses to push contract events to a window: send(EVENT_CHANNEL, name, payload). */
export const EVENT_CHANNEL = 'b2b:event';

/** The key the preload exposes the bridge under: `window.b2b`. */
export const BRIDGE_KEY = 'b2b';
