import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../../electron/core/store/db.ts';
import { SitesRepo } from '../../../electron/core/store/sites-repo.ts';
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

  it('creates, reads, updates and removes a site', () => {
    const created = repo.create(input(141885, 'Birchwood Academy'));
    expect(created).toMatchObject({ urn: 141885, name: 'Birchwood Academy', port: 22, tags: ['north'], demo: false, createdAt: '2026-11-20T08:00:00.000Z' });
    clock.advance(60_000);
    const updated = repo.update(created.id, { ...input(141885, 'Birchwood Academy (Upper)'), port: 2222 });
    expect(updated).toMatchObject({ name: 'Birchwood Academy (Upper)', port: 2222, updatedAt: '2026-11-20T08:01:00.000Z', createdAt: created.createdAt });
    expect(repo.list().map((s) => s.urn)).toEqual([141885]);
    repo.remove(created.id);
    expect(repo.list()).toEqual([]);
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

  it('says which id is missing', () => {
    expect(() => repo.get(999)).toThrow('No site with id 999');
    expect(() => repo.remove(999)).toThrow('No site with id 999');
  });
});
