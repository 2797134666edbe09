import { describe, expect, it } from 'vitest';
import { planBulkEdit } from '../../../electron/core/inventory/bulk-plan.ts';
import { decideChange, versionOf, type SiteFacts } from '../../../electron/core/inventory/site-change.ts';
import { BulkEditSchema, type BulkEditInput } from '../../../shared/inventory.ts';

const facts = (id: number, over: Partial<SiteFacts['site']> = {}, rest: Partial<Omit<SiteFacts, 'site'>> = {}): SiteFacts => ({
  site: { id, urn: 100000 + id, name: `School ${id}`, host: `s${id}.example`, port: 22, user: 'b2b', tags: ['north'], area: 'North', demo: false, archivedAt: null, ...over },
  credential: 'default',
  hostKeyKnown: true,
  ...rest,
});
const sites = (...f: SiteFacts[]) => new Map(f.map((x) => [x.site.id, x]));
const edit = (e: BulkEditInput) => BulkEditSchema.parse(e);

describe('planBulkEdit', () => {
  it('sets fields and tags on every selected site and counts the ones it leaves as they are', () => {
    const plan = planBulkEdit(edit({ siteIds: [1, 2, 3], user: 'agent', addTags: ['pilot'], removeTags: ['north'] }), sites(facts(1), facts(2, { user: 'agent', tags: ['pilot'] }), facts(3, { tags: ['north', 'east'] })));
    expect(plan.unchanged).toBe(1);
    expect(plan.changes).toEqual([
      expect.objectContaining({ siteId: 1, changes: [{ field: 'user', before: 'b2b', after: 'agent' }, { field: 'tags', before: 'north', after: 'pilot' }], forgetsHostKey: false }),
      expect.objectContaining({ siteId: 3, changes: [{ field: 'user', before: 'b2b', after: 'agent' }, { field: 'tags', before: 'north; east', after: 'east; pilot' }] }),
    ]);
    expect(plan.after.get(3)).toMatchObject({ user: 'agent', tags: ['east', 'pilot'] });
  });

  it('adds a tag once, and a tag both added and removed ends up removed', () => {
    const plan = planBulkEdit(edit({ siteIds: [1, 1], addTags: ['north', 'x', 'x'], removeTags: ['x'] }), sites(facts(1)));
    expect(plan.changes).toEqual([]);
    expect(plan.unchanged).toBe(1);
  });

  it('changing the port forgets a pinned host key; a credential or user change keeps it', () => {
    const port = planBulkEdit(edit({ siteIds: [1, 2], port: 2222 }), sites(facts(1), facts(2, {}, { hostKeyKnown: false })));
    expect(port.changes.map((c) => [c.siteId, c.forgetsHostKey])).toEqual([
      [1, true],
      [2, false],
    ]);
    const cred = planBulkEdit(edit({ siteIds: [1], credential: 'north-key', user: 'other' }), sites(facts(1)));
    expect(cred.changes[0]).toMatchObject({ forgetsHostKey: false, changes: [{ field: 'user' }, { field: 'credential', before: 'default', after: 'north-key' }] });
  });

  it('skips demo, removed and vanished sites with the reason', () => {
    const plan = planBulkEdit(edit({ siteIds: [1, 2, 9], area: 'West' }), sites(facts(1, { demo: true }), facts(2, { archivedAt: '2026-01-01T00:00:00Z' })));
    expect(plan.skipped.map((s) => [s.siteId, s.reason])).toEqual([
      [1, 'School 1 is a demo site: it comes from the simulator and cannot be edited'],
      [2, 'School 2 was removed from the fleet: restore it first'],
      [9, 'no longer in the register'],
    ]);
    expect(plan.changes).toEqual([]);
  });

  it('refuses a bad user, port or tag in the edit itself', () => {
    expect(BulkEditSchema.safeParse({ siteIds: [1], user: '-oProxyCommand=x' }).success).toBe(false);
    expect(BulkEditSchema.safeParse({ siteIds: [1], port: 0 }).success).toBe(false);
    expect(BulkEditSchema.safeParse({ siteIds: [1], addTags: ['<b>'] }).success).toBe(false);
    expect(BulkEditSchema.safeParse({ siteIds: [] }).success).toBe(false);
  });
});

describe('decideChange and versionOf', () => {
  it('a host change forgets the pin only when there is one; the version moves with any edit', () => {
    expect(decideChange(facts(1), { host: 'other.example' })?.change.forgetsHostKey).toBe(true);
    expect(decideChange(facts(1, {}, { hostKeyKnown: false }), { host: 'other.example' })?.change.forgetsHostKey).toBe(false);
    expect(decideChange(facts(1), { host: 's1.example', port: 22 })).toBeNull();
    expect(versionOf(facts(1))).toBe(versionOf(facts(1)));
    expect(versionOf(facts(1))).not.toBe(versionOf(facts(1, { area: 'South' })));
    expect(versionOf(facts(1))).not.toBe(versionOf(facts(1, {}, { credential: 'north-key' })));
  });
});
