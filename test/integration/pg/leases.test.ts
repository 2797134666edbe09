// Collectors sharing one fleet through site leases, against a real PostgreSQL cluster.
import type pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openPostgres } from '../../../electron/core/store/postgres/connect.ts';
import { LeaseError, PgLeaseRepo, type ClaimResult } from '../../../electron/core/store/postgres/lease-repo.ts';
import { pgUnavailableReason, startPg, type PgCluster } from '../../helpers/pg-cluster.ts';

const reason = pgUnavailableReason();
if (reason !== null) console.log(`leases.test.ts skipped: ${reason}`);

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** n set-up sites, plus one archived and one waiting for its host: neither needs polling. */
async function seedSites(pool: pg.Pool, n: number): Promise<number[]> {
  await pool.query(
    `INSERT INTO sites (urn, name, host, "user", created_at, updated_at)
     SELECT 100000 + g, 'School ' || g, '127.0.0.1', 'b2b', 't', 't' FROM generate_series(1, $1::integer) g`,
    [n],
  );
  await pool.query(`INSERT INTO sites (urn, name, host, "user", created_at, updated_at, archived_at, archived_by) VALUES (900001, 'Closed', 'h', 'u', 't', 't', 't', 'sam')`);
  await pool.query(`INSERT INTO sites (urn, name, created_at, updated_at) VALUES (900002, 'Not set up', 't', 't')`);
  const { rows } = await pool.query<{ id: number }>('SELECT id FROM sites WHERE archived_at IS NULL AND host IS NOT NULL ORDER BY id');
  return rows.map((r) => r.id);
}

const ids = (r: { leases: { siteId: number }[] }): number[] => r.leases.map((l) => l.siteId);

function expectPartition(parts: number[][], all: number[]): void {
  const seen = new Map<number, number>();
  parts.forEach((p, who) => {
    for (const id of p) {
      expect(seen.has(id), `site ${id} is held by collectors ${seen.get(id)} and ${who}`).toBe(false);
      seen.set(id, who);
    }
  });
  expect([...seen.keys()].sort((a, b) => a - b)).toEqual(all);
}

describe.skipIf(reason !== null)('site leases on PostgreSQL', () => {
  let cluster: PgCluster;
  let pool: pg.Pool;
  let n = 0;
  beforeAll(async () => {
    cluster = await startPg();
  });
  afterAll(async () => {
    await cluster?.stop();
  });
  afterEach(async () => {
    await pool?.end();
  });

  async function fleet(sites: number): Promise<{ repo: PgLeaseRepo; all: number[] }> {
    pool = await openPostgres(await cluster.createDatabase(`leases_${++n}`), { max: 12 });
    return { repo: new PgLeaseRepo(pool), all: await seedSites(pool, sites) };
  }

  it('two collectors claiming at once split the fleet with no site in both', async () => {
    const { repo, all } = await fleet(40);
    for (let round = 0; round < 6; round++) {
      await Promise.all(['a', 'b'].map((id) => repo.register({ id, name: `host-${id}` })));
      const [a, b] = await Promise.all([repo.claim('a', 60_000), repo.claim('b', 60_000)]);
      // What each believes it took must not overlap, whatever the interleaving.
      expect(a.taken.filter((id) => b.taken.includes(id))).toEqual([]);
      expect(a.share).toBe(20);
      // A claim that lost a race for a row gets it on its next round.
      const [a2, b2] = await Promise.all([repo.claim('a', 60_000), repo.claim('b', 60_000)]);
      expectPartition([ids(a2), ids(b2)], all);
      expect([ids(a2).length, ids(b2).length]).toEqual([20, 20]);
      await Promise.all([repo.release('a'), repo.release('b')]);
    }
  });

  it('a collector that stops heartbeating loses its sites to the other once its leases expire, not before', async () => {
    const { repo, all } = await fleet(20);
    const ttl = 1_500;
    await repo.register({ id: 'a', name: 'a' });
    await repo.register({ id: 'b', name: 'b' });
    const a = await repo.claim('a', ttl);
    const b = await repo.claim('b', ttl);
    expectPartition([ids(a), ids(b)], all);
    // a goes quiet; b keeps beating and claiming.
    const early = await repo.claim('b', ttl);
    expect(early.taken).toEqual([]);
    await sleep(ttl / 2);
    expect((await repo.heartbeat('b', ttl)).leases).toHaveLength(10);
    expect((await repo.owned('a')).map((l) => l.siteId)).toEqual(ids(a));
    await sleep(ttl / 2 + 200);
    const later = await repo.claim('b', ttl);
    expect(later.taken).toEqual(ids(a));
    expect(ids(later)).toEqual(all);
    expect(await repo.owned('a')).toEqual([]);
    // a comes back: its old leases are b's now, and heartbeating does not take them back.
    expect((await repo.heartbeat('a', ttl)).leases).toEqual([]);
  });

  it('release hands the sites back at once', async () => {
    const { repo, all } = await fleet(12);
    await repo.register({ id: 'a', name: 'a' });
    await repo.register({ id: 'b', name: 'b' });
    const a = await repo.claim('a', 600_000);
    await repo.claim('b', 600_000);
    const released = await repo.release('a');
    expect(released.released).toEqual(ids(a));
    const b = await repo.claim('b', 600_000);
    expect(b.share).toBe(12);
    expect(ids(b)).toEqual(all);
    await expect(repo.claim('a', 600_000)).rejects.toThrow(LeaseError);
  });

  it('a third collector joining gets its fair share as the others hand back their surplus', async () => {
    const { repo, all } = await fleet(30);
    for (const id of ['a', 'b']) await repo.register({ id, name: id });
    await repo.claim('a', 600_000);
    await repo.claim('b', 600_000);
    await repo.register({ id: 'c', name: 'c' });
    expect((await repo.claim('c', 600_000)).taken).toEqual([]);
    const a = await repo.claim('a', 600_000);
    const b = await repo.claim('b', 600_000);
    expect([a.handedBack.length, b.handedBack.length]).toEqual([5, 5]);
    const c = await repo.claim('c', 600_000);
    expect(c.taken).toHaveLength(10);
    expectPartition([ids(a), ids(b), ids(c)], all);
    // Archiving a site takes it out of its holder's leases at the next claim.
    const gone = ids(c)[0];
    await pool.query(`UPDATE sites SET archived_at = 't', archived_by = 'sam' WHERE id = $1`, [gone]);
    expect((await repo.claim('c', 600_000)).handedBack).toEqual([gone]);
  });

  it('never lets two collectors believe they hold the same site at the same moment', async () => {
    const { repo } = await fleet(40);
    const ttl = 400;
    const names = ['a', 'b', 'c'];
    // Per site, the spells each collector believed it held it: [from, to) on the database's clock.
    const spells = new Map<number, { who: string; from: number; to: number }[]>();
    const believe = (who: string, at: number, leases: { siteId: number; expiresAt: number }[]): void => {
      for (const l of leases) spells.set(l.siteId, [...(spells.get(l.siteId) ?? []), { who, from: at, to: l.expiresAt }]);
    };
    const giveUp = (who: string, at: number, sites: number[]): void => {
      for (const id of sites) for (const s of spells.get(id) ?? []) if (s.who === who && s.to > at) s.to = at;
    };
    const run = async (who: string, seed: number): Promise<void> => {
      let x = seed;
      const rand = (): number => (x = (x * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648;
      await repo.register({ id: who, name: who });
      const end = Date.now() + 4_000;
      while (Date.now() < end) {
        const r = rand();
        if (r < 0.08) {
          const out = await repo.release(who);
          giveUp(who, out.at, out.released);
          await repo.register({ id: who, name: who });
        } else if (r < 0.16) {
          await sleep(ttl + 100); // a stall: its leases lapse
        } else if (r < 0.35) {
          const hb = await repo.heartbeat(who, ttl);
          believe(who, hb.at, hb.leases);
        } else {
          const c: ClaimResult = await repo.claim(who, ttl);
          giveUp(who, c.at, c.handedBack);
          believe(who, c.at, c.leases);
        }
        await sleep(rand() * 60);
      }
    };
    await Promise.all(names.map((who, i) => run(who, i + 1)));
    for (const [site, list] of spells) {
      for (const s of list) {
        for (const t of list) {
          if (s.who !== t.who && s.from < t.to && t.from < s.to) {
            throw new Error(`site ${site}: ${s.who} held it ${s.from}..${s.to} while ${t.who} held it ${t.from}..${t.to}`);
          }
        }
      }
    }
    // The run must have moved sites between collectors, or it proved nothing.
    const moved = [...spells.values()].filter((list) => new Set(list.map((s) => s.who)).size > 1).length;
    expect(moved).toBeGreaterThan(10);
  });

  it('refuses bad input with a clear error', async () => {
    const { repo } = await fleet(1);
    await expect(repo.claim('nobody', 1_000)).rejects.toThrow(/not registered/);
    await expect(repo.register({ id: '', name: 'x' })).rejects.toThrow(LeaseError);
    await repo.register({ id: 'a', name: 'a' });
    await expect(repo.claim('a', 0)).rejects.toThrow(/ttl/);
    await expect(repo.heartbeat('a', 1.5)).rejects.toThrow(/ttl/);
  });
});
