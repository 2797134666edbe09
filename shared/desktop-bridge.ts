// What the desktop preload exposes to the renderer as `window.b2b`: one named method per
// channel of the contract (never a generic invoke) and a way to hear pushed events.
// The preload checks its object against this type with `satisfies`.
import type { Channel, MethodName, RequestOf, ResponseOf } from './contract.ts';
import type { Result } from './result.ts';
import type { TeamServerChoice, TeamServerStatus } from './team-server.ts';

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
  /** The desktop's "Connect to a team server" setting, held by main (shared/team-server.ts). Browser mode has none. */
  teamServerGet?: () => Promise<Result<TeamServerStatus>>;
  /** Tries the choice first; on success main switches to it and reloads the windows. */
  teamServerSet?: (choice: TeamServerChoice) => Promise<Result<TeamServerStatus>>;
};

/** The main-process-only channel behind printToPdf; it never reaches the core. */
export const PRINT_PDF_CHANNEL = 'app:print-pdf';

/** Main-process-only channels behind teamServerGet / teamServerSet; they never reach the core. */
export const TEAM_SERVER_GET_CHANNEL = 'app:team-server-get';
export const TEAM_SERVER_SET_CHANNEL = 'app:team-server-set';

/** Pushed on EVENT_CHANNEL when the link to the core or the team server opens or drops (not a contract event). */
export const CONNECTION_EVENT = 'connection';

/** The one IPC channel main uses to push contract events to a window: send(EVENT_CHANNEL, name, payload). */
export const EVENT_CHANNEL = 'b2b:event';

/** The key the preload exposes the bridge under: `window.b2b`. */
export const BRIDGE_KEY = 'b2b';
