// Loads the real preload against a stand-in `electron` module and checks what it exposes.
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { channelNames, methodName } from '../../../shared/contract.ts';
import { BRIDGE_KEY, EVENT_CHANNEL, PRINT_PDF_CHANNEL, TEAM_SERVER_GET_CHANNEL, TEAM_SERVER_SET_CHANNEL } from '../../../shared/desktop-bridge.ts';

type Relay = (event: unknown, ...args: unknown[]) => void;
const fake = vi.hoisted(() => ({
  exposed: new Map<string, unknown>(),
  invoke: vi.fn((channel: string, req: unknown) => Promise.resolve({ ok: true, data: { channel, req } })),
  listeners: new Map<string, Set<Relay>>(),
}));

vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (key: string, api: unknown) => fake.exposed.set(key, api) },
  ipcRenderer: {
    invoke: fake.invoke,
    on: (channel: string, l: Relay) => {
      const set = fake.listeners.get(channel) ?? new Set<Relay>();
      set.add(l);
      fake.listeners.set(channel, set);
    },
    removeListener: (channel: string, l: Relay) => fake.listeners.get(channel)?.delete(l),
  },
}));

let api: Record<string, unknown>;
beforeAll(async () => {
  await import('../../../electron/preload/preload.ts');
  api = fake.exposed.get(BRIDGE_KEY) as Record<string, unknown>;
});

describe('preload', () => {
  it('exposes window.b2b with one named method per channel, onEvent, the main-only methods, and nothing generic', () => {
    expect([...fake.exposed.keys()]).toEqual(['b2b']);
    expect(Object.keys(api).sort()).toEqual([...channelNames.map((c) => methodName(c)), 'onEvent', 'printToPdf', 'teamServerGet', 'teamServerSet'].sort());
    expect(api).not.toHaveProperty('invoke');
    expect(api).not.toHaveProperty('send');
  });

  it.each(channelNames)('%s calls ipcRenderer.invoke on its own channel', async (channel) => {
    const method = api[methodName(channel)] as (req: unknown) => Promise<unknown>;
    await expect(method({ probe: channel })).resolves.toEqual({ ok: true, data: { channel, req: { probe: channel } } });
    expect(fake.invoke).toHaveBeenLastCalledWith(channel, { probe: channel });
  });

  it('printToPdf asks main on its own channel, with no arguments', async () => {
    const printToPdf = api['printToPdf'] as () => Promise<unknown>;
    await printToPdf();
    expect(fake.invoke).toHaveBeenLastCalledWith(PRINT_PDF_CHANNEL);
  });

  it('asks main for the team server setting on its own channels, passing only the choice', async () => {
    await (api['teamServerGet'] as () => Promise<unknown>)();
    expect(fake.invoke).toHaveBeenLastCalledWith(TEAM_SERVER_GET_CHANNEL);
    await (api['teamServerSet'] as (c: unknown) => Promise<unknown>)({ mode: 'local' });
    expect(fake.invoke).toHaveBeenLastCalledWith(TEAM_SERVER_SET_CHANNEL, { mode: 'local' });
  });

  it('relays pushed events without the IPC event object, and unsubscribes', () => {
    const onEvent = api['onEvent'] as (l: (name: string, payload: unknown) => void) => () => void;
    const seen: unknown[][] = [];
    const stop = onEvent((...args) => seen.push(args));
    const [relay] = fake.listeners.get(EVENT_CHANNEL) ?? [];
    relay?.({ sender: 'ipc internals' }, 'sites.changed', { ids: [1] });
    relay?.({ sender: 'ipc internals' }, 42, 'not a name');
    expect(seen).toEqual([['sites.changed', { ids: [1] }]]);
    stop();
    expect(fake.listeners.get(EVENT_CHANNEL)?.size).toBe(0);
  });
});
