// The main side of the contract: one `handle` wrapper for every channel. It refuses
// senders other than our own window's main frame, parses the payload with the channel's
// schema, relays it to the core and answers a Result. Pushes from the core are checked
// against the contract's events before any window sees them.
// It depends on small structural interfaces, not on `electron`, so it is tested in Node.
import { channelNames, channels, events, isChannel, isEventName, type Channel } from '../../shared/contract.ts';
import { EVENT_CHANNEL } from '../../shared/desktop-bridge.ts';
import { fail, validationFailure, type Result } from '../../shared/result.ts';
import { isAppUrl } from './security.ts';

export interface FrameLike {
  readonly url: string;
  readonly parent: FrameLike | null;
}

export interface InvokeEventLike {
  readonly sender: { readonly id: number };
  readonly senderFrame: FrameLike | null;
}

/** The part of Electron's ipcMain we use. */
export interface IpcMainLike {
  handle(channel: string, listener: (event: InvokeEventLike, ...args: unknown[]) => Promise<unknown>): void;
  removeHandler(channel: string): void;
}

/** A window's webContents, as far as pushing events goes. */
export interface EventTargetLike {
  isDestroyed(): boolean;
  send(channel: string, ...args: unknown[]): void;
}

export interface WarnLogger {
  warn(msg: string, fields?: Record<string, unknown>): void;
}

export interface IpcDeps {
  /** True for the webContents of a window we created. */
  isOurWebContents: (id: number) => boolean;
  /** Sends a parsed-and-accepted request to the core and resolves with its answer. */
  relay: (channel: Channel, payload: unknown) => Promise<Result<unknown>>;
  log: WarnLogger;
}

/** Our window's top frame, showing one of our pages: nothing else may call the core. */
export function isTrustedSender(event: InvokeEventLike, isOurWebContents: (id: number) => boolean): boolean {
  const frame = event.senderFrame;
  if (!frame || frame.parent !== null) return false;
  return isAppUrl(frame.url) && isOurWebContents(event.sender.id);
}

export function createRequestHandler(deps: IpcDeps) {
  return async function handleRequest(event: InvokeEventLike, channel: unknown, payload: unknown): Promise<Result<unknown>> {
    if (!isTrustedSender(event, deps.isOurWebContents)) {
      deps.log.warn('refused request from a foreign sender', { channel: String(channel).slice(0, 80), url: event.senderFrame?.url.slice(0, 200) ?? null });
      return fail('forbidden', 'This request did not come from the console window');
    }
    if (!isChannel(channel)) {
      deps.log.warn('refused unknown channel', { channel: String(channel).slice(0, 80) });
      return fail('unknown_channel', `Unknown channel "${String(channel).slice(0, 80)}"`);
    }
    const request = payload ?? {};
    const parsed = channels[channel].request.safeParse(request);
    if (!parsed.success) return validationFailure(parsed.error, `request for ${channel}`);
    try {
      // The raw payload goes on: the core parses it again as the authority, and schemas
      // with transforms need not be idempotent.
      return await deps.relay(channel, request);
    } catch (err) {
      deps.log.warn('relay to the core failed', { channel, err });
      return fail('unavailable', 'The console core could not be reached');
    }
  };
}

/** Registers one handler per contract channel; returns a function that removes them. */
export function registerIpc(ipcMain: IpcMainLike, deps: IpcDeps): () => void {
  const handleRequest = createRequestHandler(deps);
  for (const channel of channelNames) {
    ipcMain.handle(channel, (event, payload) => handleRequest(event, channel, payload));
  }
  return () => {
    for (const channel of channelNames) ipcMain.removeHandler(channel);
  };
}

/** Returns the function that pushes a core event to every window, if it matches the contract. */
export function createEventRelay(targets: () => Iterable<EventTargetLike>, log: WarnLogger) {
  return function relayEvent(name: unknown, payload: unknown): boolean {
    if (!isEventName(name)) {
      log.warn('dropped unknown event from the core', { name: String(name).slice(0, 80) });
      return false;
    }
    const parsed = events[name].safeParse(payload);
    if (!parsed.success) {
      log.warn('dropped malformed event from the core', { name, issues: parsed.error.issues.slice(0, 3) });
      return false;
    }
    for (const target of targets()) {
      if (!target.isDestroyed()) target.send(EVENT_CHANNEL, name, parsed.data);
    }
    return true;
  };
}
