// The journal's and audit trail's pages must stay index reads at 100,000 entries and more
// (bench:actions measures them): these pin their query plans.
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../../electron/core/store/sqlite/db.ts';
import { journalPageSql, type JournalFilter } from '../../../electron/core/store/sqlite/journal-repo.ts';

const db = openDatabase(':memory:');
const plan = (sql: string, args: unknown[]) => (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...args) as { detail: string }[]).map((r) => r.detail);

describe('journal page plans', () => {
  const cases: [string, JournalFilter, RegExp][] = [
    ['newest', { limit: 100 }, /USING INDEX actions_created/],
    ['one site', { siteId: 3, limit: 100 }, /SEARCH actions USING INDEX actions_site \(site_id=\?\)/],
    ['a time range', { from: 1, to: 2, limit: 100 }, /SEARCH actions USING INDEX actions_created \(created_at>\? AND created_at<\?\)/],
    ['older page', { beforeId: 5, limit: 100 }, /SEARCH actions USING INDEX actions_created \(created_at<\?\)/],
    ['a site and kind, older page', { siteId: 3, kind: 'restart', beforeId: 5, limit: 100 }, /USING INDEX actions_site/],
  ];
  it.each(cases)('%s reads an index in order, with no sort', (_name, filter, uses) => {
    const { sql, args } = journalPageSql(filter);
    const p = plan(sql, args);
    expect(p.join(' | ')).toMatch(uses);
    expect(p.some((d) => d.includes('TEMP B-TREE'))).toBe(false);
  });
});

describe('audit page plans', () => {
  it.each([
    ['actor', 'SELECT * FROM audit_log WHERE actor = ? ORDER BY id DESC LIMIT ?', /audit_log_actor/],
    ['action', 'SELECT * FROM audit_log WHERE action = ? ORDER BY id DESC LIMIT ?', /audit_log_action/],
    ['site', 'SELECT * FROM audit_log WHERE site_id = ? ORDER BY id DESC LIMIT ?', /audit_log_site/],
  ])('by %s reads its index in id order', (_n, sql, uses) => {
    const p = plan(sql, ['x', 10]);
    expect(p.join(' | ')).toMatch(uses);
    expect(p.some((d) => d.includes('TEMP B-TREE'))).toBe(false);
  });
});
