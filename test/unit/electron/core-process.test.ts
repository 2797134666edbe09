import { EventEmitter } from 'node:events';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CoreHost, type CoreHostOptions, type CoreProcessLike } from '../../../electron/main/core-process.ts';

/** Stands in for a utilityProcess: records what the host posts, lets the test speak for the core. */
class FakeCore extends EventEmitter implements CoreProcessLike {
  readonly posted: Record<string, unknown>[] = [];
  killed = false;
  postMessage(message: unknown): void {
    this.posted.push(message as Record<string, unknown>);
  }
  kill(): boolean {
    this.killed = true;
    return true;
  }
  say(message: unknown): void {
    this.emit('message', message);
  }
  die(code = 1): void {
    this.emit('exit', code);
  }
  requests(): { id: number; channel: string; payload: unknown }[] {
    return this.posted.filter((m) => m['type'] === 'request') as unknown as { id: number; channel: string; payload: unknown }[];
  }
}

function setup(overrides: Partial<CoreHostOptions> = {}) {
  const forks: FakeCore[] = [];
  const onEvent = vi.fn();
  const log = { info: vi.fn(), warn: vi.fn(), error: vi.fn() };
  const host = new CoreHost({
    fork: () => {
      const core = new FakeCore();
      forks.push(core);
      return core;
    },
    init: { dataDir: '/data', version: '1.2.3', mode: 'desktop' },
    onEvent,
    log,
    requestTimeoutMs: 1_000,
    initialBackoffMs: 100,
    maxBackoffMs: 400,
    stableAfterMs: 10_000,
    ...overrides,
  });
  host.start();
  const current = () => {
    const core = forks.at(-1);
    if (!core) throw new Error('no core forked');
    return core;
  };
  return { host, forks, current, onEvent, log };
}

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('CoreHost', () => {
  it('sends init first, holds requests until the core is ready, then matches answers by id', async () => {
    const { host, current } = setup();
    expect(current().posted[0]).toEqual({ type: 'init', dataDir: '/data', version: '1.2.3', mode: 'desktop' });
    const a = host.request('sites.list', {});
    const b = host.request('sites.get', { id: 2 });
    expect(current().requests()).toHaveLength(0);
    current().say({ type: 'ready' });
    const [ra, rb] = current().requests();
    expect(ra).toMatchObject({ channel: 'sites.list' });
    expect(rb).toMatchObject({ channel: 'sites.get', payload: { id: 2 } });
    current().say({ type: 'response', id: rb?.id, result: { ok: true, data: 'b' } });
    current().say({ type: 'response', id: ra?.id, result: { ok: true, data: 'a' } });
    await expect(a).resolves.toEqual({ ok: true, data: 'a' });
    await expect(b).resolves.toEqual({ ok: true, data: 'b' });
  });

  it('answers unavailable when the core does not answer in time, and ignores the late answer', async () => {
    const { host, current } = setup();
    current().say({ type: 'ready' });
    const pending = host.request('sites.list', {});
    vi.advanceTimersByTime(1_000);
    await expect(pending).resolves.toMatchObject({ ok: false, error: { code: 'unavailable', message: expect.stringMatching(/did not answer/) as unknown } });
    current().say({ type: 'response', id: current().requests()[0]?.id, result: { ok: true, data: [] } });
  });

  it('relays events from the core', () => {
    const { current, onEvent } = setup();
    current().say({ type: 'event', name: 'sites.changed', payload: { reason: 'created', ids: [1] } });
    expect(onEvent).toHaveBeenCalledWith('sites.changed', { reason: 'created', ids: [1] });
  });

  it('answers pending requests with unavailable when the core dies, and restarts it with growing backoff', async () => {
    const { host, forks, current } = setup();
    current().say({ type: 'ready' });
    const pending = host.request('sites.list', {});
    current().die(9);
    await expect(pending).resolves.toMatchObject({ ok: false, error: { code: 'unavailable', message: expect.stringMatching(/restarting/) as unknown } });
    expect(host.state).toBe('restarting');
    await expect(host.request('sites.list', {})).resolves.toMatchObject({ ok: false, error: { code: 'unavailable' } });

    vi.advanceTimersByTime(99);
    expect(forks).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(forks).toHaveLength(2);
    expect(current().posted[0]).toMatchObject({ type: 'init' });

    current().die(); // before ready: the next wait doubles
    vi.advanceTimersByTime(199);
    expect(forks).toHaveLength(2);
    vi.advanceTimersByTime(1);
    expect(forks).toHaveLength(3);

    current().die();
    vi.advanceTimersByTime(400);
    current().die();
    vi.advanceTimersByTime(400); // capped at maxBackoffMs
    expect(forks).toHaveLength(5);
  });

  it('resets the backoff after the core has stayed up', () => {
    const { forks, current } = setup();
    current().die();
    vi.advanceTimersByTime(100);
    current().die();
    vi.advanceTimersByTime(200);
    current().say({ type: 'ready' });
    vi.advanceTimersByTime(10_000);
    current().die();
    vi.advanceTimersByTime(100);
    expect(forks).toHaveLength(4);
  });

  it('kills a core that reports a fatal start and passes the reason on', async () => {
    const { host, current } = setup();
    const pending = host.request('sites.list', {});
    const first = current();
    first.say({ type: 'fatal', message: 'database is locked' });
    expect(first.killed).toBe(true);
    first.die();
    await expect(pending).resolves.toMatchObject({ ok: false, error: { message: expect.stringMatching(/database is locked/) as unknown } });
  });

  it('answers the core’s secret requests through onSecret', () => {
    const onSecret = vi.fn((req: { id: number }) => ({ type: 'secret-result' as const, id: req.id, result: { ok: true as const, data: 'c2VjcmV0' } }));
    const { current } = setup({ onSecret });
    current().say({ type: 'secret', id: 5, op: 'encrypt', text: 'hunter2' });
    expect(onSecret).toHaveBeenCalledWith({ type: 'secret', id: 5, op: 'encrypt', text: 'hunter2' });
    expect(current().posted.at(-1)).toEqual({ type: 'secret-result', id: 5, result: { ok: true, data: 'c2VjcmV0' } });
  });

  it('ignores malformed messages and words from a replaced process', () => {
    const { host, forks, current, onEvent, log } = setup();
    current().say('garbage');
    expect(log.warn).toHaveBeenCalled();
    const old = current();
    old.die();
    vi.advanceTimersByTime(100);
    old.say({ type: 'event', name: 'sites.changed', payload: {} });
    old.say({ type: 'ready' });
    expect(onEvent).not.toHaveBeenCalled();
    expect(host.state).toBe('starting');
    expect(forks).toHaveLength(2);
  });

  it('stops cleanly: shutdown, then no restart; kills after the grace period', async () => {
    const { host, forks, current } = setup({ shutdownGraceMs: 500 });
    current().say({ type: 'ready' });
    const pending = host.request('sites.list', {});
    const stopped = host.stop();
    await expect(pending).resolves.toMatchObject({ ok: false, error: { code: 'unavailable' } });
    expect(current().posted.at(-1)).toEqual({ type: 'shutdown' });
    vi.advanceTimersByTime(500);
    expect(current().killed).toBe(true);
    current().die(0);
    await stopped;
    expect(host.state).toBe('stopped');
    vi.advanceTimersByTime(10_000);
    expect(forks).toHaveLength(1);
    await expect(host.request('sites.list', {})).resolves.toMatchObject({ ok: false, error: { code: 'unavailable' } });
  });
});
