import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { channelNames, methodName, type Channel } from '../../../shared/contract.ts';
import type { DesktopBridge } from '../../../shared/desktop-bridge.ts';

// The transport is renderer code, type-checked with the DOM by tsconfig.renderer.json. This
// test is type-checked as Node code, so it loads the module by path (tsc does not follow a
// computed specifier into the renderer's files) and states the shape it relies on.
interface TransportLike {
  invoke(channel: Channel, payload: unknown): Promise<unknown>;
  subscribe(listener: (name: string, payload: unknown) => void): () => void;
}
interface DesktopTransportModule {
  DesktopTransport: new (bridge?: DesktopBridge | null) => TransportLike;
  hasDesktopBridge: () => boolean;
}
const MODULE = '../../../renderer/src/api/desktop-transport.ts';
let DesktopTransport: DesktopTransportModule['DesktopTransport'];
let hasDesktopBridge: DesktopTransportModule['hasDesktopBridge'];
beforeAll(async () => {
  ({ DesktopTransport, hasDesktopBridge } = (await import(/* @vite-ignore */ MODULE)) as DesktopTransportModule);
});

function fakeBridge(): { bridge: DesktopBridge; calls: [string, unknown][]; emit: (name: string, payload: unknown) => void } {
  const calls: [string, unknown][] = [];
  const listeners = new Set<(name: string, payload: unknown) => void>();
  const methods = Object.fromEntries(
    channelNames.map((c) => [methodName(c), (req: unknown) => {
      calls.push([c, req]);
      return Promise.resolve({ ok: true, data: c });
    }]),
  );
  const bridge = {
    ...methods,
    onEvent: (l: (name: string, payload: unknown) => void) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
  } as unknown as DesktopBridge;
  return { bridge, calls, emit: (n, p) => listeners.forEach((l) => l(n, p)) };
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('DesktopTransport', () => {
  it('maps each channel to its named bridge method', async () => {
    const { bridge, calls } = fakeBridge();
    const t = new DesktopTransport(bridge);
    for (const channel of channelNames) await expect(t.invoke(channel, { x: 1 })).resolves.toEqual({ ok: true, data: channel });
    expect(calls.map(([c]) => c)).toEqual(channelNames);
  });

  it('always resolves with a Result, even when IPC rejects or the bridge is missing', async () => {
    const { bridge } = fakeBridge();
    const broken = { ...bridge, sitesList: () => Promise.reject(new Error("No handler registered for 'sites.list'")) } as DesktopBridge;
    await expect(new DesktopTransport(broken).invoke('sites.list', {})).resolves.toMatchObject({ ok: false, error: { code: 'unavailable', message: expect.stringMatching(/No handler/) as unknown } });
    await expect(new DesktopTransport(null).invoke('sites.list', {})).resolves.toMatchObject({ ok: false, error: { code: 'unknown_channel' } });
  });

  it('subscribes to pushed events and unsubscribes', () => {
    const { bridge, emit } = fakeBridge();
    const seen: unknown[] = [];
    const stop = new DesktopTransport(bridge).subscribe((name, payload) => seen.push([name, payload]));
    emit('sites.changed', { ids: [2] });
    stop();
    emit('sites.changed', { ids: [3] });
    expect(seen).toEqual([['sites.changed', { ids: [2] }]]);
  });

  it('finds window.b2b when the preload put it there', () => {
    expect(hasDesktopBridge()).toBe(false);
    vi.stubGlobal('b2b', fakeBridge().bridge);
    expect(hasDesktopBridge()).toBe(true);
  });
});
