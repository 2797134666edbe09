// The siteLinks area's contract on both backends: the register as a conversion sees it, and a
// carry-over that moves a school's reach, pin, config, latest state, template and override to
// its successor, archives the predecessor and records the link: all of it, or nothing.
import { afterAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../shared/clock.ts';
import { AppFailure } from '../../../shared/result.ts';
import { SiteInputSchema } from '../../../shared/site.ts';
import type { AgentConfig } from '../../../shared/protocol/v1.ts';
import type { GiasNewSite } from '../../../electron/core/register/gias-plan.ts';
import type { CarryOver } from '../../../electron/core/store/store.ts';
import type { OpenedStore } from '../../helpers/store-backends.ts';
import { storeBackends } from '../../helpers/store-backends.ts';

const CONFIRMED = Date.UTC(2026, 9, 4, 0, 30);
const gias = (urn: number): GiasNewSite => ({
  urn, laestab: '9994002', name: 'Birchwood Academy Trust School', type: 'Academy converter', typeGroup: 'Academies', phase: 'Secondary', pupils: 900, trust: 'Oak',
  postcode: 'WM4 2AB', street: null, town: null, giasStatus: 'Open', latitude: null, longitude: null, locationSource: null, area: 'WM4',
});
const input = (urn: number, over: Record<string, unknown> = {}) => SiteInputSchema.parse({ urn, name: `School ${urn}`, host: '127.0.0.1', port: 2222, user: 'b2b', tags: ['wifi', 'secondary'], area: 'North', notes: 'Bursar\u2019s office', ...over });
const carry = (predecessorId: number, successor: CarryOver['successor'], over: Partial<CarryOver['reach']> = {}): CarryOver => ({
  predecessorId,
  successor,
  reach: { host: '127.0.0.1', port: 2222, user: 'b2b', area: 'North', tags: ['wifi', 'secondary'], notes: 'Bursar\u2019s office', ...over },
  link: { predecessorUrn: 141043, successorUrn: 141885, convertedOn: '2026-10-01', evidence: 'links file', confirmedBy: 'alice', confirmedAt: CONFIRMED },
});

async function failure(p: Promise<unknown>): Promise<AppFailure> {
  const err = await p.then(() => null, (e: unknown) => e);
  expect(err).toBeInstanceOf(AppFailure);
  return err as AppFailure;
}

/** A predecessor with everything a conversion carries: credential, pin (and a refusal), config, latest state, template, override. */
async function predecessor(store: OpenedStore): Promise<number> {
  const { sites, credentials, pollState } = store.areas;
  const id = (await sites.create(input(141043))).id;
  await credentials.put({ name: 'fleet-key', cipher: 'c', privateKey: Buffer.from([1]), passphrase: null, publicKey: null, createdAt: 'x' });
  await pollState.setPollSettings(id, { intervalS: 300, credentialId: await credentials.idOf('fleet-key'), alertsMuted: true });
  await pollState.approveHostKey(id, 'SHA256:pin', 1000, 'alice');
  await pollState.putConfig(id, 'h1', { logLevel: 'warn' } as unknown as AgentConfig, 2000);
  await store.raw(`INSERT INTO site_latest (site_id, ts, verdict, raw_verdict, since, reasons, first_ts) VALUES (?, 5000, 'healthy', 'healthy', 4000, '[]', 10)`, [id]);
  await store.raw("INSERT INTO config_assignments (site_id, template, assigned_by, assigned_at) VALUES (?, 'Brackenfield', 'alice', 7)", [id]);
  await store.raw("INSERT INTO config_overrides (scope, key, fields_json, author, note, updated_at) VALUES ('site', ?, '{\"logLevel\":\"debug\"}', 'alice', 'fault', 8)", [String(id)]);
  return id;
}

describe.each(storeBackends({ afterAll }))('siteLinks on $name', (backend) => {
  const run = (name: string, fn: (store: OpenedStore) => Promise<void>) =>
    it.skipIf(backend.unavailable !== null)(name, async () => {
      const store = await backend.open(new ManualClock(CONFIRMED));
      try {
        await fn(store);
      } finally {
        await store.close();
      }
    });

  run('lists every real site, archived too, with what a conversion would carry', async (store) => {
    const pred = await predecessor(store);
    const plain = (await store.areas.sites.create(input(100002, { host: null, user: null, tags: [], area: null, notes: '' }))).id;
    await store.areas.sites.archive(plain, 'sam');
    await store.areas.sites.createMany([input(100003)], { demo: true });
    expect(await store.areas.siteLinks.registerEntries()).toEqual([
      { siteId: pred, urn: 141043, laestab: null, name: 'School 141043', host: '127.0.0.1', port: 2222, user: 'b2b', archived: false, area: 'North', tags: ['wifi', 'secondary'], notes: 'Bursar\u2019s office', credential: 'fleet-key', hostKeyPinned: true, template: 'Brackenfield', hasOverride: true },
      { siteId: plain, urn: 100002, laestab: null, name: 'School 100002', host: null, port: 2222, user: null, archived: true, area: null, tags: [], notes: '', credential: null, hostKeyPinned: false, template: null, hasOverride: false },
    ]);
    expect(await store.areas.siteLinks.links()).toEqual([]);
  });

  run('carries a school over to a successor it registers, and links them', async (store) => {
    const { siteLinks, sites, pollState } = store.areas;
    const pred = await predecessor(store);
    const succ = await siteLinks.apply(carry(pred, { kind: 'create', site: gias(141885) }));
    const iso = new Date(CONFIRMED).toISOString();
    expect(await sites.get(succ)).toMatchObject({ urn: 141885, name: 'Birchwood Academy Trust School', host: '127.0.0.1', port: 2222, user: 'b2b', area: 'North', tags: ['wifi', 'secondary'], notes: 'Bursar\u2019s office', createdAt: iso, updatedAt: iso, archivedAt: null });
    expect(await sites.get(pred)).toMatchObject({ archivedAt: iso, archivedBy: 'alice' });
    expect(await pollState.poll(succ)).toMatchObject({ intervalS: 300, alertsMuted: true, hostkeyApproved: 'SHA256:pin', credentialId: (await pollState.poll(pred)).credentialId });
    expect(await pollState.config(succ)).toEqual({ hash: 'h1', config: { logLevel: 'warn' } });
    expect(await pollState.state(succ)).toMatchObject({ polledAt: 5000, changedAt: 4000, damp: { effective: 'healthy' } });
    expect(await store.raw('SELECT site_id, template FROM config_assignments')).toEqual([{ site_id: succ, template: 'Brackenfield' }]);
    expect(await store.raw('SELECT key, fields_json FROM config_overrides')).toEqual([{ key: String(succ), fields_json: '{"logLevel":"debug"}' }]);
    expect(await siteLinks.links()).toEqual([{ predecessorId: pred, successorId: succ, predecessorUrn: 141043, successorUrn: 141885, convertedOn: '2026-10-01', confirmedAt: CONFIRMED }]);
    expect((await failure(sites.restore(pred))).appError).toMatchObject({ code: 'conflict', message: 'School 141043 became URN 141885 (Birchwood Academy Trust School) in an academy conversion; its history is part of that site\'s' });
  });

  run('fills a successor already waiting for its host, keeping its own notes, tags, area and latest state; a refusal on it goes', async (store) => {
    const { siteLinks, sites, pollState, register } = store.areas;
    const pred = await predecessor(store);
    const ids = await register.applyGias([gias(141885)], []);
    const succ = ids.get(141885) ?? 0;
    await store.raw("UPDATE sites SET notes = 'Head: Mrs Patel', tags = '[\"trust\",\"wifi\"]' WHERE id = ?", [succ]);
    await store.raw("INSERT INTO site_poll (site_id, hostkey_rejected, hostkey_rejected_by) VALUES (?, 'SHA256:bad', 'sam')", [succ]);
    await store.raw(`INSERT INTO site_latest (site_id, ts, verdict, raw_verdict, since, reasons) VALUES (?, 9000, 'unknown', 'unknown', 9000, '[]')`, [succ]);
    expect(await siteLinks.apply(carry(pred, { kind: 'fill', siteId: succ }, { area: null }))).toBe(succ);
    expect(await sites.get(succ)).toMatchObject({ host: '127.0.0.1', area: 'WM4', tags: ['wifi', 'secondary', 'trust'], notes: 'Bursar\u2019s office\n\nHead: Mrs Patel' });
    expect(await pollState.poll(succ)).toMatchObject({ hostkeyApproved: 'SHA256:pin', hostkeyRejected: null });
    expect((await pollState.state(succ))?.polledAt).toBe(9000);
  });

  run('refuses, changing nothing, when the successor has a host now or the predecessor was removed', async (store) => {
    const { siteLinks, sites } = store.areas;
    const pred = await predecessor(store);
    const taken = (await sites.create(input(141885))).id;
    expect((await failure(siteLinks.apply(carry(pred, { kind: 'fill', siteId: taken })))).appError).toEqual({ code: 'conflict', message: 'URN 141885 changed since the preview (it has a host now, or was removed): look again' });
    await sites.archive(pred, 'sam');
    expect((await failure(siteLinks.apply(carry(pred, { kind: 'create', site: gias(141886) })))).appError).toEqual({ code: 'conflict', message: 'URN 141043 was removed since the preview: look again' });
    expect((await sites.list()).map((s) => s.urn)).toEqual([141885]);
    expect(await store.raw('SELECT site_id FROM config_assignments')).toEqual([{ site_id: pred }]);
    expect(await siteLinks.links()).toEqual([]);
  });

  run('a failed transaction leaves nothing behind', async (store) => {
    const pred = await predecessor(store);
    await expect(
      store.withTransaction(async (tx) => {
        await tx.siteLinks.apply(carry(pred, { kind: 'create', site: gias(141885) }));
        throw new Error('half way');
      }),
    ).rejects.toThrow('half way');
    expect((await store.areas.sites.list()).map((s) => s.id)).toEqual([pred]);
    expect(await store.areas.siteLinks.links()).toEqual([]);
    expect(await store.raw('SELECT key FROM config_overrides')).toEqual([{ key: String(pred) }]);
  });
});
