import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../../electron/core/store/sqlite/db.ts';
import { SitesRepo } from '../../../electron/core/store/sqlite/sites-repo.ts';
import { ManualClock } from '../../../shared/clock.ts';
import { AppFailure } from '../../../shared/result.ts';
import { SiteInputSchema } from '../../../shared/site.ts';
import { useTempDir } from '../../helpers/temp-dir.ts';

const tempDir = useTempDir();
const input = (urn: number, name = `School ${urn}`) => SiteInputSchema.parse({ urn, name, host: '127.0.0.1', user: 'b2b', tags: ['north', 'north'], typeGroup: 'Academies' });

describe('SitesRepo', () => {
  let db: Db;
  let repo: SitesRepo;
  const clock = new ManualClock(Date.UTC(2026, 10, 20, 8, 0));
  beforeEach(() => {
    db = openDatabase(path.join(tempDir(), 'c.sqlite'));
    repo = new SitesRepo(db, clock);
    return () => db.close();
  });

  it('creates, reads, updates and archives a site', () => {
    const created = repo.create(input(141885, 'Birchwood Academy'));
    expect(created).toMatchObject({ urn: 141885, name: 'Birchwood Academy', port: 22, tags: ['north'], demo: false, createdAt: '2026-11-20T08:00:00.000Z' });
    clock.advance(60_000);
    const updated = repo.update(created.id, { ...input(141885, 'Birchwood Academy (Upper)'), port: 2222 });
    expect(updated).toMatchObject({ name: 'Birchwood Academy (Upper)', port: 2222, updatedAt: '2026-11-20T08:01:00.000Z', createdAt: created.createdAt });
    expect(repo.list().map((s) => s.urn)).toEqual([141885]);
    clock.advance(60_000);
    repo.archive(created.id, 'sam');
    expect(repo.list()).toEqual([]);
    expect(repo.listArchived()).toMatchObject([{ id: created.id, archivedAt: '2026-11-20T08:02:00.000Z', archivedBy: 'sam' }]);
    expect(repo.get(created.id).name).toBe('Birchwood Academy (Upper)');
  });

  it('never reuses an id, even after the highest one is removed', () => {
    const first = repo.create(input(100001));
    const highest = repo.create(input(100002));
    repo.archive(highest.id, 'sam');
    expect(repo.create(input(100003)).id).toBeGreaterThan(highest.id);
    // Demo sites are the one kind deleted outright; their ids are not handed out again either.
    const [demo] = repo.createMany([input(100004)], { demo: true });
    repo.deleteDemo(demo?.id ?? 0);
    expect(repo.create(input(100005)).id).toBeGreaterThan(demo?.id ?? Infinity);
    expect(first.id).toBeLessThan(highest.id);
  });

  it('restores an archived site into the fleet, and refuses edits while archived', () => {
    const site = repo.create(input(141885, 'Birchwood Academy'));
    repo.archive(site.id, 'sam');
    expect(() => repo.update(site.id, input(141885, 'Renamed'))).toThrow(/restore it before editing/);
    expect(() => repo.archive(site.id, 'sam')).toThrow(/already been removed/);
    expect(repo.restore(site.id)).toMatchObject({ id: site.id, archivedAt: null, archivedBy: null });
    expect(repo.list().map((s) => s.id)).toEqual([site.id]);
    expect(repo.listArchived()).toEqual([]);
    expect(() => repo.restore(site.id)).toThrow(/is not removed/);
  });

  it('refuses to re-add an archived URN, saying at the urn field that it can be restored', () => {
    const site = repo.create(input(141885, 'Birchwood Academy'));
    repo.archive(site.id, 'sam');
    try {
      repo.create(input(141885, 'Birchwood again'));
      expect.unreachable();
    } catch (err) {
      expect((err as AppFailure).appError).toMatchObject({ code: 'conflict', fields: { urn: 'URN 141885 belongs to Birchwood Academy, which was removed: restore it from Removed sites' } });
    }
    expect(repo.listArchived()).toHaveLength(1);
  });

  it('refuses a duplicate URN, naming the school that holds it, at the urn field', () => {
    repo.create(input(141885, 'Birchwood Academy'));
    try {
      repo.create(input(141885, 'Someone else'));
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(AppFailure);
      expect((err as AppFailure).appError).toMatchObject({ code: 'conflict', fields: { urn: expect.stringContaining('Birchwood Academy') as unknown } });
    }
    const other = repo.create(input(141886));
    expect(() => repo.update(other.id, input(141885))).toThrow(/already registered/);
  });

  it('adds many sites all or nothing', () => {
    expect(() => repo.createMany([input(100001), input(100002), input(100001)])).toThrow(/already registered/);
    expect(repo.list()).toEqual([]);
    expect(repo.createMany([input(100001), input(100002)])).toHaveLength(2);
  });

  it('keeps demo sites apart and read-only', () => {
    const [demo] = repo.createMany([input(100003)], { demo: true });
    expect(demo?.demo).toBe(true);
    expect(repo.count(true)).toBe(1);
    expect(repo.count(false)).toBe(0);
    expect(() => repo.update(demo?.id ?? 0, input(100003))).toThrow(/Demo sites/);
  });

  it('keeps notes, and marks a position a person moves as theirs (manual)', () => {
    const created = repo.create({ ...input(141005), notes: 'Ring first' });
    expect(created).toMatchObject({ notes: 'Ring first', locationSource: null, host: '127.0.0.1', postcode: null, giasStatus: null });
    db.prepare("UPDATE sites SET latitude = 52.5, longitude = -2, location_source = 'gias' WHERE id = ?").run(created.id);
    expect(repo.update(created.id, { ...input(141005), latitude: 52.5, longitude: -2 }).locationSource).toBe('gias');
    expect(repo.update(created.id, { ...input(141005), latitude: 52.6, longitude: -2 }).locationSource).toBe('manual');
    expect(repo.update(created.id, { ...input(141005), latitude: null, longitude: null }).locationSource).toBeNull();
  });

  it('says which id is missing', () => {
    expect(() => repo.get(999)).toThrow('No site with id 999');
    expect(() => repo.archive(999, 'sam')).toThrow('No site with id 999');
    expect(() => repo.restore(999)).toThrow('No site with id 999');
  });
});
