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

/** What saving a PDF came to: where it was written, or null when the person cancelled. */
export interface PrintPdfResult {
  path: string | null;
}

export type DesktopBridge = BridgeMethods & {
  /** Listens to pushes from the core; returns the function that stops listening. */
  onEvent(listener: BridgeEventListener): () => void;
  /** Renders the window to PDF in main (not the core) and saves it. Optional: browser mode has none. */
  printToPdf?: () => Promise<Result<PrintPdfResult>>;
};

/** The main-process-only channel behind printToPdf; it never reaches the core. */
export const PRINT_PDF_CHANNEL = 'app:print-pdf';

/** The one IPC channel main uses to push contract events to a window: send(EVENT_CHANNEL, name, payload). */
export const EVENT_CHANNEL = 'b2b:event';

/** The key the preload exposes the bridge under: `window.b2b`. */
export const BRIDGE_KEY = 'b2b';
