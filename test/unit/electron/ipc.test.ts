import { describe, expect, it, vi } from 'vitest';
import { channelNames } from '../../../shared/contract.ts';
import { EVENT_CHANNEL } from '../../../shared/desktop-bridge.ts';
import { ok, type Result } from '../../../shared/result.ts';
import { createEventRelay, isTrustedSender, registerIpc, type FrameLike, type InvokeEventLike, type IpcMainLike } from '../../../electron/main/ipc.ts';

type Listener = (event: InvokeEventLike, ...args: unknown[]) => Promise<unknown>;

/** Behaves like ipcMain: a channel without a handler is an error for the caller. */
class FakeIpcMain implements IpcMainLike {
  readonly handlers = new Map<string, Listener>();
  handle(channel: string, listener: Listener): void {
    if (this.handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
    this.handlers.set(channel, listener);
  }
  removeHandler(channel: string): void {
    this.handlers.delete(channel);
  }
  invoke(channel: string, event: InvokeEventLike, payload?: unknown): Promise<unknown> {
    const handler = this.handlers.get(channel);
    if (!handler) return Promise.reject(new Error(`No handler registered for '${channel}'`));
    return handler(event, payload);
  }
}

const OUR_ID = 7;
const topFrame = (url: string): FrameLike => ({ url, parent: null });
const ourEvent = (frame: FrameLike | null = topFrame('app://console/index.html'), senderId = OUR_ID): InvokeEventLike => ({ sender: { id: senderId }, senderFrame: frame });
const validSite = { urn: 123456, name: 'Hillside Primary', host: 'school.example.org', user: 'b2b' };

function setup(answer: Result<unknown> = ok([])) {
  const ipcMain = new FakeIpcMain();
  const relay = vi.fn((_channel: string, _payload: unknown) => Promise.resolve(answer));
  const log = { warn: vi.fn() };
  const unregister = registerIpc(ipcMain, { isOurWebContents: (id) => id === OUR_ID, relay, log });
  return { ipcMain, relay, log, unregister };
}

describe('registerIpc', () => {
  it('registers exactly the contract channels and removes them again', () => {
    const { ipcMain, unregister } = setup();
    expect([...ipcMain.handlers.keys()].sort()).toEqual([...channelNames].sort());
    unregister();
    expect(ipcMain.handlers.size).toBe(0);
  });

  it('relays a good payload to the core and answers its Result', async () => {
    const site = { id: 1 };
    const { ipcMain, relay } = setup(ok(site));
    const answer = await ipcMain.invoke('sites.create', ourEvent(), { site: validSite });
    expect(answer).toEqual({ ok: true, data: site });
    expect(relay).toHaveBeenCalledWith('sites.create', { site: validSite });
  });

  it('treats a missing payload as an empty request', async () => {
    const { ipcMain, relay } = setup();
    await expect(ipcMain.invoke('sites.list', ourEvent())).resolves.toEqual({ ok: true, data: [] });
    expect(relay).toHaveBeenCalledWith('sites.list', {});
  });

  it('refuses a bad payload with a clear message per field, without calling the core', async () => {
    const { ipcMain, relay } = setup();
    const answer = await ipcMain.invoke('sites.create', ourEvent(), { site: { ...validSite, urn: 12, port: 70000 } });
    expect(answer).toMatchObject({
      ok: false,
      error: { code: 'validation', message: 'Invalid request for sites.create: site.urn: URN must be six digits', fields: { 'site.urn': 'URN must be six digits', 'site.port': 'Port must be between 1 and 65535' } },
    });
    expect(relay).not.toHaveBeenCalled();
  });

  it('refuses extra keys on a strict request', async () => {
    const { ipcMain, relay } = setup();
    const answer = await ipcMain.invoke('sites.get', ourEvent(), { id: 3, sql: 'DROP TABLE sites' });
    expect(answer).toMatchObject({ ok: false, error: { code: 'validation' } });
    expect(relay).not.toHaveBeenCalled();
  });

  it.each([
    ['another webContents', ourEvent(undefined, 99)],
    ['a subframe', ourEvent({ url: 'app://console/index.html', parent: topFrame('app://console/index.html') })],
    ['a web page', ourEvent(topFrame('https://evil.example/'))],
    ['a file:// page', ourEvent(topFrame('file:///tmp/index.html'))],
    ['another app:// host', ourEvent(topFrame('app://other/index.html'))],
    ['a destroyed frame', ourEvent(null)],
  ])('refuses a request from %s', async (_what, event) => {
    const { ipcMain, relay, log } = setup();
    await expect(ipcMain.invoke('sites.list', event, {})).resolves.toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(relay).not.toHaveBeenCalled();
    expect(log.warn).toHaveBeenCalled();
  });

  it('has no handler for an unknown channel', async () => {
    const { ipcMain, relay } = setup();
    await expect(ipcMain.invoke('db.exec', ourEvent(), { sql: 'x' })).rejects.toThrow(/No handler registered/);
    await expect(ipcMain.invoke('__proto__', ourEvent(), {})).rejects.toThrow(/No handler registered/);
    expect(relay).not.toHaveBeenCalled();
  });

  it('answers unavailable, not an exception, when the relay throws', async () => {
    const ipcMain = new FakeIpcMain();
    registerIpc(ipcMain, { isOurWebContents: () => true, relay: () => Promise.reject(new Error('port closed')), log: { warn: vi.fn() } });
    await expect(ipcMain.invoke('sites.list', ourEvent(), {})).resolves.toMatchObject({ ok: false, error: { code: 'unavailable' } });
  });
});

describe('isTrustedSender', () => {
  it('accepts only our window top frame on our origin', () => {
    const ours = (id: number) => id === OUR_ID;
    expect(isTrustedSender(ourEvent(), ours)).toBe(true);
    expect(isTrustedSender(ourEvent(topFrame('app://console/settings?x=1#y')), ours)).toBe(true);
    expect(isTrustedSender(ourEvent(topFrame('app://console.evil/index.html')), ours)).toBe(false);
    expect(isTrustedSender(ourEvent(topFrame('not a url')), ours)).toBe(false);
  });
});

describe('createEventRelay', () => {
  const target = (destroyed = false) => ({ isDestroyed: () => destroyed, send: vi.fn() });

  it('sends a contract event to every live window', () => {
    const [a, b, gone] = [target(), target(), target(true)];
    const relay = createEventRelay(() => [a, b, gone], { warn: vi.fn() });
    const payload = { reason: 'created', ids: [4] };
    expect(relay('sites.changed', payload)).toBe(true);
    expect(a.send).toHaveBeenCalledWith(EVENT_CHANNEL, 'sites.changed', payload);
    expect(b.send).toHaveBeenCalledWith(EVENT_CHANNEL, 'sites.changed', payload);
    expect(gone.send).not.toHaveBeenCalled();
  });

  it('drops unknown and malformed events', () => {
    const a = target();
    const log = { warn: vi.fn() };
    const relay = createEventRelay(() => [a], log);
    expect(relay('secrets.dump', {})).toBe(false);
    expect(relay('sites.changed', { reason: 'exploded', ids: 'all' })).toBe(false);
    expect(a.send).not.toHaveBeenCalled();
    expect(log.warn).toHaveBeenCalledTimes(2);
  });
});
