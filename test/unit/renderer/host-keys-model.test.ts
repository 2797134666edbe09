import { describe, expect, it } from 'vitest';
import type { KnownHostsCheck, WaitingKey } from '../../../shared/host-keys.ts';
import { itemsOf, matchingIds, outcomeSummary, shownRows, targets, verdictOf } from '../../../renderer/src/host-keys/host-keys-model.ts';

const fp = (c: string) => `SHA256:${c.repeat(43)}`;
const row = (siteId: number, kind: WaitingKey['kind'], presented: string): WaitingKey => ({ siteId, name: `School ${siteId}`, urn: 100000 + siteId, area: null, host: '10.0.0.1', port: 22, kind, pinned: kind === 'changed' ? fp('o') : null, presented, since: 0 });
const rows = [row(1, 'first-seen', fp('a')), row(2, 'changed', fp('b')), row(3, 'first-seen', fp('c')), row(4, 'first-seen', fp('d'))];
// Site 4 was checked for a key it no longer presents.
const check: KnownHostsCheck = {
  file: 'known_hosts',
  entries: 3,
  problems: [],
  checks: [
    { siteId: 1, fingerprint: fp('a'), verdict: 'matches' },
    { siteId: 2, fingerprint: fp('b'), verdict: 'differs' },
    { siteId: 3, fingerprint: fp('c'), verdict: 'revoked' },
    { siteId: 4, fingerprint: fp('x'), verdict: 'matches' },
  ],
};

describe('host-keys view model', () => {
  it('filters by kind', () => {
    expect(shownRows(rows, 'changed').map((r) => r.siteId)).toEqual([2]);
    expect(shownRows(rows, 'first-seen').map((r) => r.siteId)).toEqual([1, 3, 4]);
    expect(shownRows(rows, 'all')).toHaveLength(4);
  });

  it('shows a known_hosts verdict only for the key that was checked', () => {
    expect(rows.map((r) => verdictOf(check, r))).toEqual(['matches', 'differs', 'revoked', null]);
    expect(verdictOf(null, rows[0] as WaitingKey)).toBeNull();
    expect(matchingIds(rows, check)).toEqual([1]);
  });

  it('acts on selected shown rows; approval leaves revoked keys out, rejection does not', () => {
    const shown = shownRows(rows, 'first-seen');
    const selected = new Set([1, 2, 3]);
    expect(targets(shown, selected, 'approve', check)).toEqual({ rows: [rows[0]], revokedLeftOut: 1 });
    expect(targets(shown, selected, 'reject', check).rows.map((r) => r.siteId)).toEqual([1, 3]);
    expect(itemsOf([rows[1] as WaitingKey])).toEqual([{ siteId: 2, fingerprint: fp('b') }]);
  });

  it('sums outcomes in a fixed order', () => {
    expect(
      outcomeSummary([
        { siteId: 1, outcome: 'refused', message: '' },
        { siteId: 2, outcome: 'approved', message: '' },
        { siteId: 3, outcome: 'approved', message: '' },
      ]),
    ).toBe('2 approved, 1 refused (the host now presents another key)');
  });
});
