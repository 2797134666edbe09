// The host-keys view's pure parts: which rows show, what the selection acts on, and the
// words for a known_hosts verdict and for a decision's outcomes.
import type { KeyItem, KeyOutcome, KnownHostsCheck, KnownHostsVerdictView, WaitingKey, WaitingKind } from '../../../shared/host-keys.ts';

export type KindFilter = 'all' | WaitingKind;

export const KIND_FILTERS: readonly { value: KindFilter; label: string }[] = [
  { value: 'all', label: 'All waiting' },
  { value: 'first-seen', label: 'First seen' },
  { value: 'changed', label: 'Changed' },
];

export function shownRows(rows: readonly WaitingKey[], filter: KindFilter): WaitingKey[] {
  return filter === 'all' ? [...rows] : rows.filter((r) => r.kind === filter);
}

/** What the known_hosts check said about the key a row presents now (a key offered since the check is unchecked). */
export function verdictOf(check: KnownHostsCheck | null, row: WaitingKey): KnownHostsVerdictView | null {
  const c = check?.checks.find((x) => x.siteId === row.siteId);
  return c && c.fingerprint === row.presented ? c.verdict : null;
}

export const VERDICT_TEXT: Record<KnownHostsVerdictView, string> = {
  matches: 'Matches known_hosts',
  differs: 'Differs from known_hosts',
  'not-listed': 'Not listed',
  revoked: 'Revoked in known_hosts',
};

/** The rows a decision would act on: selected and shown; approval leaves revoked keys out. */
export function targets(shown: readonly WaitingKey[], selected: ReadonlySet<number>, decision: 'approve' | 'reject', check: KnownHostsCheck | null): { rows: WaitingKey[]; revokedLeftOut: number } {
  const picked = shown.filter((r) => selected.has(r.siteId));
  if (decision === 'reject') return { rows: picked, revokedLeftOut: 0 };
  const rows = picked.filter((r) => verdictOf(check, r) !== 'revoked');
  return { rows, revokedLeftOut: picked.length - rows.length };
}

export function matchingIds(shown: readonly WaitingKey[], check: KnownHostsCheck | null): number[] {
  return shown.filter((r) => verdictOf(check, r) === 'matches').map((r) => r.siteId);
}

/** The fingerprint each site showed the person: the core refuses a host that now presents another. */
export function itemsOf(rows: readonly WaitingKey[]): KeyItem[] {
  return rows.map((r) => ({ siteId: r.siteId, fingerprint: r.presented }));
}

const OUTCOME_WORDS: Record<KeyOutcome['outcome'], string> = {
  approved: 'approved',
  rejected: 'rejected',
  refused: 'refused (the host now presents another key)',
  'not-waiting': 'no longer waiting',
  revoked: 'refused (revoked)',
};

/** "2 approved, 1 refused (…)": counts in a fixed order. */
export function outcomeSummary(outcomes: readonly KeyOutcome[]): string {
  const counts = new Map<KeyOutcome['outcome'], number>();
  for (const o of outcomes) counts.set(o.outcome, (counts.get(o.outcome) ?? 0) + 1);
  return (Object.keys(OUTCOME_WORDS) as KeyOutcome['outcome'][])
    .filter((k) => counts.has(k))
    .map((k) => `${counts.get(k)} ${OUTCOME_WORDS[k]}`)
    .join(', ');
}

export function sites(n: number): string {
  return n === 1 ? '1 site' : `${n} sites`;
}
