// The host inventory through the core's channels, on a real SQLite file: export, import
// preview and apply (audited, idempotent, re-checked), bulk edit, and host-key pins.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../../electron/core/core.ts';
import { ManualClock } from '../../../shared/clock.ts';
import type { BulkPreview, InventoryApplied, InventoryPreview } from '../../../shared/inventory.ts';
import type { Site } from '../../../shared/site.ts';
import { deriveEd25519 } from '../../../sim/host-keys.ts';
import { useTempDir } from '../../helpers/temp-dir.ts';

const tempDir = useTempDir();
const ALICE = { actor: 'alice' };
const PIN = `SHA256:${'A'.repeat(43)}`;
const school = (urn: number, name: string, host: string) => ({ urn, name, host, port: 22, user: 'b2b', tags: ['north'], area: 'North' });

describe('inventory handlers', () => {
  let core: Core;
  let sites: Site[];
  const clock = new ManualClock(Date.UTC(2026, 11, 3, 9, 0));
  beforeEach(async () => {
    core = await createCore({ dataDir: tempDir(), mode: 'browser', version: 'test', clock, startPolling: false });
    await core.context.credentials.save('default', { privateKey: deriveEd25519(1, 'default').privateKey });
    await core.context.credentials.save('north-key', { privateKey: deriveEd25519(1, 'north').privateKey });
    sites = [];
    for (const s of [school(100001, 'Ashdown Primary', 'ashdown.schools.example'), school(100002, 'Birchwood Academy', '10.1.0.2'), school(100003, 'Cedar Infants', 'cedar.schools.example')]) {
      sites.push(await ok<Site>('sites.create', { site: s }, ALICE));
    }
    const [a] = sites;
    if (!a) throw new Error('no site');
    await core.context.pollState.approveHostKey(a.id, PIN, clock.now(), 'alice');
  });
  afterEach(() => core.close());

  async function ok<T>(channel: string, payload: unknown, context?: { actor: string }): Promise<T> {
    const r = await core.request(channel, payload, context);
    if (!r.ok) throw new Error(`${channel}: ${r.error.message}`);
    return r.data as T;
  }
  const upload = async (text: string): Promise<string> => {
    const bytes = Buffer.from(text, 'utf8');
    const { id } = await ok<{ id: string }>('files.begin', { name: 'inventory.csv', size: bytes.length });
    if (bytes.length) await ok('files.chunk', { id, offset: 0, data: bytes.toString('base64') });
    return id;
  };
  const seenOf = (p: InventoryPreview) => p.rows.flatMap((r) => (r.kind === 'change' ? [{ siteId: r.change.siteId, version: r.change.version }] : []));
  const inventoryAudit = async () => (await core.context.audit.recent()).filter((e) => e.detail.source !== undefined);
  const byUrn = async (urn: number) => (await ok<Site[]>('sites.list', {})).find((s) => s.urn === urn);

  it('exports a CSV that imports back with no changes', async () => {
    const { text, filename } = await ok<{ text: string; filename: string }>('inventory.export', {});
    expect(filename).toBe('host-inventory-2026-12-03.csv');
    expect(text.split('\r\n')[0]).toBe('URN,name,host,port,user,credential,tags,area');
    expect(text).toContain('100002,Birchwood Academy,10.1.0.2,22,b2b,default,north,North\r\n');
    const preview = await ok<InventoryPreview>('inventory.preview', { uploadId: await upload(text) });
    expect(preview).toMatchObject({ changed: 0, unchanged: 3, invalid: 0 });
  });

  it('applies the valid rows of a file with a bad one, one audit entry per changed site, and a second apply changes nothing', async () => {
    const csv = 'URN,host,port,credential,tags\n100001,ashdown-new.schools.example,,,\n100002,,2222,north-key,north|pilot\n100003,,99999,,\n123456,x.example,,,\n';
    const uploadId = await upload(csv);
    const preview = await ok<InventoryPreview>('inventory.preview', { uploadId });
    expect(preview).toMatchObject({ changed: 2, unchanged: 0, invalid: 2 });
    expect(preview.rows.filter((r) => r.kind === 'invalid')).toEqual([
      { kind: 'invalid', line: 4, urn: 100003, reason: 'port: Port must be between 1 and 65535' },
      { kind: 'invalid', line: 5, urn: 123456, reason: 'URN 123456 is not in the register: import it from GIAS or add it first' },
    ]);
    const changed: number[][] = [];
    const off = core.onEvent((name, payload) => {
      if (name === 'sites.changed') changed.push((payload as { ids: number[] }).ids);
    });
    const applied = await ok<InventoryApplied>('inventory.apply', { uploadId, seen: seenOf(preview) }, { actor: 'bob' });
    off();
    expect(applied).toEqual({ applied: 2, stale: [] });
    expect(changed).toEqual([[sites[0]?.id, sites[1]?.id]]);
    expect(await byUrn(100001)).toMatchObject({ host: 'ashdown-new.schools.example', port: 22 });
    expect(await byUrn(100002)).toMatchObject({ host: '10.1.0.2', port: 2222, tags: ['north', 'pilot'] });
    expect(await byUrn(100003)).toMatchObject({ port: 22 });
    const [a, b] = sites;
    if (!a || !b) throw new Error('no site');
    expect((await core.context.pollState.poll(b.id)).credentialId).toBe(await core.context.credentials.idOf('north-key'));
    // The pin belonged to the old host: the new one must present its key for approval.
    expect(await core.context.pollState.poll(a.id)).toMatchObject({ hostkeyApproved: null, hostkeyPending: null });
    expect((await inventoryAudit()).map((e) => ({ actor: e.actor, siteId: e.siteId, detail: e.detail })).reverse()).toEqual([
      {
        actor: 'bob',
        siteId: a.id,
        detail: {
          source: 'inventory import',
          changes: { host: { before: 'ashdown.schools.example', after: 'ashdown-new.schools.example' } },
          hostKey: 'forgotten: the new address must present its key for approval',
        },
      },
      {
        actor: 'bob',
        siteId: b.id,
        detail: { source: 'inventory import', changes: { port: { before: '22', after: '2222' }, credential: { before: 'default', after: 'north-key' }, tags: { before: 'north', after: 'north; pilot' } } },
      },
    ]);
    expect(await core.context.auditTrail.verify()).toMatchObject({ ok: true, firstBad: null });

    // The upload is used up; the same file again previews as unchanged and applies nothing.
    expect((await core.request('inventory.preview', { uploadId })).ok).toBe(false);
    const again = await upload(csv);
    const second = await ok<InventoryPreview>('inventory.preview', { uploadId: again });
    expect(second).toMatchObject({ changed: 0, unchanged: 2, invalid: 2 });
    expect(await ok('inventory.apply', { uploadId: again, seen: seenOf(preview) }, { actor: 'bob' })).toEqual({ applied: 0, stale: [] });
    expect(await inventoryAudit()).toHaveLength(2);
  });

  it('leaves a site edited between preview and apply alone and says so', async () => {
    const uploadId = await upload('URN,user\n100001,agent\n100002,agent\n');
    const preview = await ok<InventoryPreview>('inventory.preview', { uploadId });
    const b = sites[1];
    if (!b) throw new Error('no site');
    await ok('sites.update', { id: b.id, site: { ...school(100002, 'Birchwood Academy', '10.1.0.9') } }, ALICE);
    const applied = await ok<InventoryApplied>('inventory.apply', { uploadId, seen: seenOf(preview) }, ALICE);
    expect(applied).toEqual({ applied: 1, stale: [{ siteId: b.id, name: 'Birchwood Academy', reason: 'it was edited since the preview: preview again to see what would change' }] });
    expect(await byUrn(100002)).toMatchObject({ user: 'b2b', host: '10.1.0.9' });
    expect(await byUrn(100001)).toMatchObject({ user: 'agent' });
  });

  it('refuses a file whose columns it does not know, and changes nothing', async () => {
    const r = await core.request('inventory.preview', { uploadId: await upload('URN,hots\n100001,x.example\n') });
    expect(r).toMatchObject({ ok: false, error: { code: 'validation', message: expect.stringContaining('Unknown column "hots"') as unknown } });
    expect(await ok<Site[]>('sites.list', {})).toEqual(sites);
    expect(await inventoryAudit()).toEqual([]);
  });

  it('bulk-edits a selection in one transaction with an audit entry per changed site', async () => {
    const ids = sites.map((s) => s.id);
    const edit = { siteIds: ids, credential: 'north-key', area: 'East', addTags: ['pilot'], removeTags: ['north'] };
    const preview = await ok<BulkPreview>('inventory.bulkPreview', { edit });
    expect(preview.changes).toHaveLength(3);
    const applied = await ok<InventoryApplied>('inventory.bulkApply', { edit, seen: preview.changes.map((c) => ({ siteId: c.siteId, version: c.version })) }, ALICE);
    expect(applied).toEqual({ applied: 3, stale: [] });
    for (const s of await ok<Site[]>('sites.list', {})) expect(s).toMatchObject({ area: 'East', tags: ['pilot'] });
    expect((await inventoryAudit()).map((e) => e.detail.source)).toEqual(['bulk edit', 'bulk edit', 'bulk edit']);
    // Only the address moves a pin: this edit kept it.
    expect((await core.context.pollState.poll(ids[0] ?? 0)).hostkeyApproved).toBe(PIN);
    const unknown = await core.request('inventory.bulkPreview', { edit: { siteIds: ids, credential: 'nobody' } });
    expect(unknown).toMatchObject({ ok: false, error: { code: 'validation', fields: { credential: expect.stringContaining('nobody') as unknown } } });
  });
});
