import { describe, expect, it } from 'vitest';
import { decideKeys, type KeyFacts } from '../../../electron/core/host-keys/decide.ts';

const fp = (c: string) => `SHA256:${c.repeat(43)}`;
const facts = (list: KeyFacts[]) => new Map(list.map((f) => [f.siteId, f]));
const site = (siteId: number, over: Partial<KeyFacts> = {}): KeyFacts => ({ siteId, name: `School ${siteId}`, archived: false, approved: null, pending: fp('a'), ...over });

describe('bulk host-key decisions', () => {
  const world = facts([site(1), site(2, { approved: fp('o'), pending: fp('b') }), site(3, { pending: null }), site(4, { pending: fp('c') }), site(5, { archived: true })]);

  it('approves only keys still waiting with the fingerprint the person saw', () => {
    const d = decideKeys(
      'approve',
      [
        { siteId: 1, fingerprint: fp('a') },
        { siteId: 2, fingerprint: fp('b') },
        { siteId: 3, fingerprint: fp('a') },
        { siteId: 4, fingerprint: fp('a') },
        { siteId: 5, fingerprint: fp('a') },
        { siteId: 9, fingerprint: fp('a') },
      ],
      world,
    );
    expect(d.outcomes.map((o) => [o.siteId, o.outcome])).toEqual([
      [1, 'approved'],
      [2, 'approved'],
      [3, 'not-waiting'],
      [4, 'refused'],
      [5, 'not-waiting'],
      [9, 'not-waiting'],
    ]);
    expect(d.outcomes[3]?.message).toContain(fp('c'));
    expect(d.writes).toEqual([
      { siteId: 1, name: 'School 1', decision: 'approve', fingerprint: fp('a'), kind: 'first-seen', previous: null },
      { siteId: 2, name: 'School 2', decision: 'approve', fingerprint: fp('b'), kind: 'changed', previous: fp('o') },
    ]);
  });

  it('rejects first-seen and changed keys alike, saying the site stays blocked', () => {
    const d = decideKeys('reject', [{ siteId: 1, fingerprint: fp('a') }, { siteId: 2, fingerprint: fp('b') }], world);
    expect(d.outcomes.map((o) => o.outcome)).toEqual(['rejected', 'rejected']);
    expect(d.outcomes[1]?.message).toMatch(/stays blocked/);
    expect(d.writes.map((w) => [w.decision, w.kind])).toEqual([
      ['reject', 'first-seen'],
      ['reject', 'changed'],
    ]);
  });

  it('never approves a revoked key, but may reject it; a site listed twice is decided once', () => {
    const revoked = new Set([fp('a')]);
    const items = [{ siteId: 1, fingerprint: fp('a') }, { siteId: 1, fingerprint: fp('a') }];
    expect(decideKeys('approve', items, world, revoked)).toEqual({ outcomes: [expect.objectContaining({ siteId: 1, outcome: 'revoked' })], writes: [] });
    expect(decideKeys('reject', items, world, revoked).writes).toHaveLength(1);
  });
});
