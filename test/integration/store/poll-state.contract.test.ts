// The pollState area's contract on both backends: poll settings, the host-key pin's life
// (first seen, repeat, change, refusal, approval, settling, forgetting), the latest state,
// the agent's config, maintenance windows; and, on PostgreSQL, the per-site reads' plans.
import { afterAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../shared/clock.ts';
import { SiteInputSchema } from '../../../shared/site.ts';
import type { AgentConfig } from '../../../shared/protocol/v1.ts';
import { POLL_STATE_SQL } from '../../../electron/core/store/postgres/poll-state-repo.ts';
import type { OpenedStore } from '../../helpers/store-backends.ts';
import { storeBackends } from '../../helpers/store-backends.ts';

const input = (urn: number) => SiteInputSchema.parse({ urn, name: `School ${urn}`, host: '127.0.0.1', user: 'b2b' });
const config = { schedule: { intervalMin: 15 } } as unknown as AgentConfig;

const backends = storeBackends({ afterAll });

describe.each(backends)('pollState on $name', (backend) => {
  const run = (name: string, fn: (store: OpenedStore, siteId: number) => Promise<void>) =>
    it.skipIf(backend.unavailable !== null)(name, async () => {
      const store = await backend.open(new ManualClock(0));
      try {
        await fn(store, (await store.areas.sites.create(input(100001))).id);
      } finally {
        await store.close();
      }
    });

  run('keeps poll settings, with defaults for a site never set, and forgets a removed credential', async (store, siteId) => {
    const { pollState, credentials } = store.areas;
    const blank = { siteId, intervalS: null, credentialId: null, alertsMuted: false, hostkeyApproved: null, hostkeyPending: null, hostkeySeenAt: null, hostkeyRejected: null };
    expect(await pollState.poll(siteId)).toEqual(blank);
    expect(await pollState.allPoll()).toEqual(new Map());
    await credentials.put({ name: 'default', cipher: 'c', privateKey: Buffer.from([1]), passphrase: null, publicKey: null, createdAt: 'now' });
    const credentialId = (await credentials.idOf('default')) ?? 0;
    await pollState.setPollSettings(siteId, { intervalS: 120, credentialId, alertsMuted: true });
    expect(await pollState.poll(siteId)).toEqual({ ...blank, intervalS: 120, credentialId, alertsMuted: true });
    await pollState.setPollSettings(siteId, { intervalS: null, credentialId, alertsMuted: false });
    expect(await pollState.allPoll()).toEqual(new Map([[siteId, { ...blank, credentialId }]]));
    await credentials.remove(credentialId);
    expect((await pollState.poll(siteId)).credentialId).toBeNull();
    // The schema's limits hold on both: nothing is half written.
    await expect(pollState.setPollSettings(siteId, { intervalS: 5, credentialId: null, alertsMuted: true })).rejects.toThrow();
    await expect(pollState.setPollSettings(99_999, { intervalS: 60, credentialId: null, alertsMuted: false })).rejects.toThrow();
    expect(await pollState.poll(siteId)).toEqual(blank);
  });

  run('records a waiting key, keeps its first sighting, and lets approval, settling and forgetting move it', async ({ areas: { pollState } }, siteId) => {
    await pollState.recordPendingHostKey(siteId, 'SHA256:one', 1000);
    await pollState.recordPendingHostKey(siteId, 'SHA256:one', 2000);
    expect(await pollState.poll(siteId)).toMatchObject({ hostkeyPending: 'SHA256:one', hostkeySeenAt: 1000, hostkeyApproved: null });
    await pollState.recordPendingHostKey(siteId, 'SHA256:two', 3000);
    expect(await pollState.poll(siteId)).toMatchObject({ hostkeyPending: 'SHA256:two', hostkeySeenAt: 3000 });
    await pollState.approveHostKey(siteId, 'SHA256:two', 4000, 'sam');
    expect(await pollState.poll(siteId)).toMatchObject({ hostkeyApproved: 'SHA256:two', hostkeyPending: null, hostkeyRejected: null, hostkeySeenAt: 3000 });
    await pollState.recordPendingHostKey(siteId, 'SHA256:three', 5000);
    await pollState.settleHostKey(siteId);
    expect(await pollState.poll(siteId)).toMatchObject({ hostkeyApproved: 'SHA256:two', hostkeyPending: null });
    await pollState.forgetHostKey(siteId);
    expect(await pollState.poll(siteId)).toMatchObject({ hostkeyApproved: null, hostkeyPending: null, hostkeySeenAt: null, hostkeyRejected: null });
  });

  run('never offers a refused key as waiting again, but offers a different one', async (store, siteId) => {
    const { pollState } = store.areas;
    await pollState.approveHostKey(siteId, 'SHA256:pin', 1000, 'sam');
    await store.raw("UPDATE site_poll SET hostkey_rejected = 'SHA256:bad' WHERE site_id = ?", [siteId]);
    await pollState.recordPendingHostKey(siteId, 'SHA256:bad', 2000);
    expect(await pollState.poll(siteId)).toMatchObject({ hostkeyApproved: 'SHA256:pin', hostkeyPending: null, hostkeyRejected: 'SHA256:bad', hostkeySeenAt: null });
    await pollState.recordPendingHostKey(siteId, 'SHA256:other', 3000);
    expect(await pollState.poll(siteId)).toMatchObject({ hostkeyPending: 'SHA256:other', hostkeyRejected: 'SHA256:bad', hostkeySeenAt: 3000 });
    await pollState.settleHostKey(siteId);
    expect(await pollState.poll(siteId)).toMatchObject({ hostkeyApproved: 'SHA256:pin', hostkeyPending: null, hostkeyRejected: null });
  });

  run('reads the latest state with its JSON columns and nulls', async (store, siteId) => {
    const { pollState } = store.areas;
    expect(await pollState.state(siteId)).toBeNull();
    expect(await pollState.allStates()).toEqual([]);
    await store.raw(
      `INSERT INTO site_latest (site_id, ts, verdict, raw_verdict, since, latency_ms, reasons, candidate, candidate_n, datasets, last_ok_at, failures, status_json, agent_version)
       VALUES (?, 5000, 'lagging', 'failing', 4000, NULL, '[{"code":"x"}]', 'failing', 2, '[]', NULL, 3, NULL, '1.1.0')`,
      [siteId],
    );
    const expected = {
      siteId, damp: { effective: 'lagging', candidate: 'failing', count: 2 }, raw: 'failing', reasons: [{ code: 'x' }], datasets: [],
      polledAt: 5000, changedAt: 4000, lastOkAt: null, latencyMs: null, failures: 3, statusJson: null, agentVersion: '1.1.0',
    };
    expect(await pollState.state(siteId)).toEqual(expected);
    expect(await pollState.allStates()).toEqual([expected]);
  });

  run('keeps the agent config, and the first hash as the one the console knows the site by', async (store, siteId) => {
    const { pollState } = store.areas;
    expect(await pollState.config(siteId)).toBeNull();
    await pollState.putConfig(siteId, 'h1', config, 1000);
    await pollState.putConfig(siteId, 'h2', { ...config, extra: 'é' } as AgentConfig, 2000);
    expect(await pollState.config(siteId)).toEqual({ hash: 'h2', config: { ...config, extra: 'é' } });
    expect(await store.raw('SELECT known_hash, fetched_at FROM site_config WHERE site_id = ?', [siteId])).toEqual([{ known_hash: 'h1', fetched_at: 2000 }]);
  });

  run('knows maintenance windows: the site\'s and the fleet\'s, from their start until (not at) their end', async ({ areas: { pollState, sites } }, siteId) => {
    const other = (await sites.create(input(100002))).id;
    const w = (site: number | null, startsAt: number, endsAt: number) => pollState.addMaintenance({ siteId: site, startsAt, endsAt, reason: 'works', createdBy: 'sam', createdAt: 1 });
    const a = await w(siteId, 1000, 2000);
    const b = await w(null, 5000, 6000);
    await w(other, 500, 800);
    expect(b).toBeGreaterThan(a);
    expect(await pollState.inMaintenance(siteId, 999)).toBe(false);
    expect(await pollState.inMaintenance(siteId, 1000)).toBe(true);
    expect(await pollState.inMaintenance(siteId, 2000)).toBe(false);
    expect(await pollState.inMaintenance(other, 1500)).toBe(false);
    expect(await pollState.inMaintenance(other, 5500)).toBe(true);
    await w(other, 1000, 3000);
    expect(await pollState.maintenanceFrom(900)).toEqual([
      { siteId, startsAt: 1000, endsAt: 2000 },
      { siteId: other, startsAt: 1000, endsAt: 3000 },
      { siteId: null, startsAt: 5000, endsAt: 6000 },
    ]);
    await expect(w(siteId, 10, 10)).rejects.toThrow();
  });

  run('a failed transaction leaves nothing behind', async (store, siteId) => {
    await expect(
      store.withTransaction(async (tx) => {
        await tx.pollState.approveHostKey(siteId, 'SHA256:pin', 1000, 'sam');
        await tx.pollState.putConfig(siteId, 'h1', config, 1000);
        await tx.pollState.addMaintenance({ siteId, startsAt: 1, endsAt: 2, reason: 'r', createdBy: 'sam', createdAt: 1 });
        throw new Error('half way');
      }),
    ).rejects.toThrow('half way');
    expect(await store.areas.pollState.allPoll()).toEqual(new Map());
    expect(await store.areas.pollState.config(siteId)).toBeNull();
    expect(await store.areas.pollState.maintenanceFrom(0)).toEqual([]);
  });
});

// PostgreSQL only: SQLite's plans are its own migrations' tests. The reason it cannot run is printed by storeBackends.
const pg = backends.find((b) => b.name === 'postgres');
describe('pollState query plans on postgres', () => {
  it.skipIf(!pg || pg.unavailable !== null)('plans the per-site reads on their indexes over a large fleet', async () => {
    const store = await (pg as NonNullable<typeof pg>).open(new ManualClock(0));
    try {
      await store.raw(`INSERT INTO sites (urn, name, host, "user", created_at, updated_at) SELECT 100000 + g, 'S' || g, 'h', 'u', 'x', 'x' FROM generate_series(1, 10000) g`);
      await store.raw('INSERT INTO site_poll (site_id) SELECT id FROM sites');
      await store.raw(`INSERT INTO site_latest (site_id, ts, verdict, raw_verdict, since) SELECT id, 1, 'healthy', 'healthy', 1 FROM sites`);
      await store.raw(`INSERT INTO site_config (site_id, hash, config_json, fetched_at) SELECT id, 'h', '{}', 1 FROM sites`);
      await store.raw(`INSERT INTO maintenance_windows (site_id, starts_at, ends_at, reason, created_by, created_at) SELECT id, g, g + 10, 'r', 'x', 1 FROM sites, generate_series(1, 3) g`);
      await store.raw('ANALYZE');
      for (const [sql, values, index] of [
        [POLL_STATE_SQL.poll, [77], 'site_poll_pkey'],
        [POLL_STATE_SQL.state, [77], 'site_latest_pkey'],
        [POLL_STATE_SQL.config, [77], 'site_config_pkey'],
        [POLL_STATE_SQL.inMaintenance, [1_000_000, 77], 'maintenance_windows_active'],
        [POLL_STATE_SQL.maintenanceFrom, [1_000_000], 'maintenance_windows_active'],
      ] as const) {
        const text = JSON.stringify(await store.raw(`EXPLAIN (FORMAT JSON) ${sql.replace(/\$(\d+)/g, (_, n: string) => String(values[Number(n) - 1]))}`));
        expect(text, sql).toContain(`"Index Name":"${index}"`);
        expect(text, sql).not.toContain('"Node Type":"Seq Scan"');
      }
    } finally {
      await store.close();
    }
  });
});
