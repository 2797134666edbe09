import net, { type AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConnectionPool } from '../../electron/core/poller/connection-pool.ts';
import { runVerb } from '../../electron/core/ssh/agent-client.ts';
import { startFleet, type Fleet } from '../../sim/index.ts';

describe('ConnectionPool', () => {
  let fleet: Fleet;
  beforeAll(async () => {
    fleet = await startFleet({ sites: 5, seed: 'pool', faultRate: 0, speed: 0, controlPort: false });
  });
  afterAll(async () => fleet.close());

  const optionsFor = (i: number, pinned?: string) => {
    const s = fleet.sites[i];
    if (!s) throw new Error('no site');
    return { target: { host: s.host, port: s.port, username: s.user }, credentials: { privateKey: fleet.clientKey.privateKey }, pinnedFingerprint: pinned ?? s.hostKeyFingerprint };
  };

  it('reuses one connection per site', async () => {
    const pool = new ConnectionPool();
    const a = await pool.acquire(1, optionsFor(0));
    const b = await pool.acquire(1, optionsFor(0));
    expect(a.ok && !a.reused).toBe(true);
    expect(b.ok && b.reused).toBe(true);
    expect(pool.size).toBe(1);
    pool.closeAll();
  });

  it('hands bench:poll an open idle connection only, whose bare ssh2 client really runs the agent', async () => {
    const pool = new ConnectionPool();
    expect(pool.openConnection(1)).toBeNull();
    pool.predial(1, optionsFor(0));
    // Dialed, not logged in: nothing to exec on.
    expect(pool.openConnection(1)).toBeNull();
    const got = await pool.acquire(1, optionsFor(0));
    if (!got.ok) throw new Error(got.failure.message);
    // In use by a poll: not lent out.
    expect(pool.openConnection(1)).toBeNull();
    got.release();
    const client = pool.openConnection(1)?.sshClient;
    if (!client) throw new Error('no open connection');
    const stdout = await new Promise<string>((resolve, reject) => {
      client.exec('b2b-agent status', (err, ch) => {
        if (err) return reject(err);
        const chunks: Buffer[] = [];
        ch.on('data', (c: Buffer) => chunks.push(c));
        ch.on('close', () => resolve(Buffer.concat(chunks).toString('utf8')));
        ch.end();
      });
    });
    expect(JSON.parse(stdout)).toMatchObject({ ok: true, data: { agent: { name: 'b2b-sim-agent' } } });
    pool.closeAll();
    expect(pool.openConnection(1)).toBeNull();
  });

  it('keeps at most maxOpen connections: the first stay, the rest connect per use', async () => {
    const pool = new ConnectionPool({ maxOpen: 3 });
    for (let round = 0; round < 2; round++) {
      for (let i = 0; i < 5; i++) {
        const got = await pool.acquire(i + 1, optionsFor(i));
        if (!got.ok) throw new Error(got.failure.message);
        const out = await runVerb(got.runner, { verb: 'status' });
        got.release();
        expect(out.ok && out.answer.ok).toBe(true);
        // In the second round the kept three are reused; the other two connect afresh.
        if (round === 1) expect(got.reused, `site ${i + 1}`).toBe(i < 3);
      }
      expect(pool.size).toBeLessThanOrEqual(3);
    }
    pool.closeAll();
  });

  it('gives handshake slots only to hosts that answered: a black hole does not hold one while it times out', async () => {
    await fleet.control.inject(fleet.sites[4]?.urn ?? 0, { name: 'black-hole' });
    // One handshake at a time, and leases far longer than the test: only dialing can let the healthy site through.
    const pool = new ConnectionPool({ maxHandshakes: 1, handshakeLeaseMs: 60_000 });
    const order: string[] = [];
    const hole = pool.acquire(5, { ...optionsFor(4), timeouts: { connectMs: 1_500 } }).then((r) => {
      order.push('black hole');
      return r;
    });
    const healthy = pool.acquire(1, optionsFor(0)).then((r) => {
      order.push('healthy');
      return r;
    });
    const [h, b] = await Promise.all([healthy, hole]);
    expect(h.ok).toBe(true);
    expect(b.ok ? 'ok' : b.failure.kind).toBe('connect-timeout');
    expect(order).toEqual(['healthy', 'black hole']);
    pool.closeAll();
    await fleet.control.clear(fleet.sites[4]?.urn ?? 0);
  });

  describe('predial', () => {
    // A host that accepts TCP and never speaks, counting the connections it is offered.
    async function silentHost(): Promise<{ port: number; accepted: () => number; close: () => Promise<void> }> {
      const sockets: net.Socket[] = [];
      const server = net.createServer((s) => sockets.push(s));
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
      return {
        port: (server.address() as AddressInfo).port,
        accepted: () => sockets.length,
        close: async () => {
          for (const s of sockets) s.destroy();
          await new Promise((r) => server.close(r));
        },
      };
    }
    const silentOptions = (port: number) => ({ ...optionsFor(0), target: { host: '127.0.0.1', port, username: 'school' }, timeouts: { connectMs: 300 } });

    it('dials ahead, and the poll that comes later uses that dial: a black hole is not dialed twice', async () => {
      const host = await silentHost();
      const pool = new ConnectionPool();
      expect(pool.predial(9, silentOptions(host.port))).toBe(true);
      expect(pool.predial(9, silentOptions(host.port))).toBe(false);
      expect(pool.predials).toBe(1);
      // The poll comes after the host's timeout has already run out.
      await new Promise((r) => setTimeout(r, 400));
      const got = await pool.acquire(9, silentOptions(host.port));
      expect(got.ok ? 'ok' : got.failure.kind).toBe('connect-timeout');
      expect(host.accepted()).toBe(1);
      expect(pool.predials).toBe(0);
      expect(pool.size).toBe(0);
      await host.close();
    });

    it('hands a healthy predialed site to its poll as a fresh connection', async () => {
      const pool = new ConnectionPool();
      expect(pool.predial(1, optionsFor(0))).toBe(true);
      const got = await pool.acquire(1, optionsFor(0));
      expect(got.ok && !got.reused).toBe(true);
      if (got.ok) expect((await runVerb(got.runner, { verb: 'status' })).ok).toBe(true);
      expect(pool.predials).toBe(0);
      pool.closeAll();
    });

    it('dials again when the predial waited too long, and closes predials nobody asked for', async () => {
      const host = await silentHost();
      const pool = new ConnectionPool({ predialFreshMs: 0 });
      pool.predial(9, silentOptions(host.port));
      await new Promise((r) => setTimeout(r, 20));
      await pool.acquire(9, silentOptions(host.port));
      expect(host.accepted()).toBe(2);
      pool.predial(10, silentOptions(host.port));
      expect(pool.predials).toBe(1);
      pool.closeAll();
      expect(pool.predials).toBe(0);
      expect(pool.size).toBe(0);
      await host.close();
    });

    it('stops at its cap', () => {
      const pool = new ConnectionPool({ maxPredials: 1 });
      expect(pool.predial(1, optionsFor(0))).toBe(true);
      expect(pool.predial(2, optionsFor(1))).toBe(false);
      pool.closeAll();
    });
  });

  it('replaces a connection when the pinned key changes, and refuses a wrong pin', async () => {
    const pool = new ConnectionPool();
    expect((await pool.acquire(1, optionsFor(0))).ok).toBe(true);
    const wrong = await pool.acquire(1, optionsFor(0, `SHA256:${'A'.repeat(43)}`));
    expect(wrong.ok ? 'ok' : wrong.failure.kind).toBe('hostkey-changed');
    expect(pool.size).toBe(0);
    pool.closeAll();
  });
});
