// What a bulk approve or reject does to each site, decided from what was read: pure, so
// the store applies the whole decision in one transaction.
import type { KeyDecision, KeyItem, KeyOutcome, WaitingKind } from '../../../shared/host-keys.ts';

/** A site's key as stored, read in the same transaction as the write. */
export interface KeyFacts {
  siteId: number;
  name: string;
  archived: boolean;
  approved: string | null;
  pending: string | null;
}

/** One site's change: the key trusted (approve) or refused (reject). */
export interface KeyWrite {
  siteId: number;
  name: string;
  decision: KeyDecision;
  fingerprint: string;
  kind: WaitingKind;
  /** The pinned key it replaces or keeps. */
  previous: string | null;
}

export interface KeyDecisions {
  outcomes: KeyOutcome[];
  writes: KeyWrite[];
}

function one(decision: KeyDecision, item: KeyItem, facts: KeyFacts | undefined, revoked: ReadonlySet<string>): { outcome: KeyOutcome; write: KeyWrite | null } {
  const out = (outcome: KeyOutcome['outcome'], message: string) => ({ outcome: { siteId: item.siteId, outcome, message }, write: null });
  if (!facts) return out('not-waiting', 'No such site in the register');
  if (facts.archived) return out('not-waiting', `${facts.name} has been removed from the fleet`);
  if (facts.pending === null) return out('not-waiting', `${facts.name} has no host key waiting (approved, rejected or not seen since)`);
  if (facts.pending !== item.fingerprint) return out('refused', `${facts.name} now presents ${facts.pending}, not the key you saw: look at it again`);
  if (decision === 'approve' && revoked.has(item.fingerprint)) return out('revoked', `${facts.name}'s key is marked @revoked in the school's known_hosts: it is never approved`);
  const kind: WaitingKind = facts.approved === null ? 'first-seen' : 'changed';
  const message =
    decision === 'approve'
      ? `${facts.name}: key approved`
      : kind === 'changed'
        ? `${facts.name}: key rejected; the site stays blocked on its old key`
        : `${facts.name}: key rejected; nothing is sent to the site`;
  return {
    outcome: { siteId: item.siteId, outcome: decision === 'approve' ? 'approved' : 'rejected', message },
    write: { siteId: item.siteId, name: facts.name, decision, fingerprint: item.fingerprint, kind, previous: facts.approved },
  };
}

/**
 * Each item in turn, against the key the host presents now (as last polled). A site listed
 * twice is decided once. `revoked`: fingerprints a school's known_hosts marks @revoked.
 */
export function decideKeys(decision: KeyDecision, items: readonly KeyItem[], facts: ReadonlyMap<number, KeyFacts>, revoked: ReadonlySet<string> = new Set()): KeyDecisions {
  const outcomes: KeyOutcome[] = [];
  const writes: KeyWrite[] = [];
  const seen = new Set<number>();
  for (const item of items) {
    if (seen.has(item.siteId)) continue;
    seen.add(item.siteId);
    const { outcome, write } = one(decision, item, facts.get(item.siteId), revoked);
    outcomes.push(outcome);
    if (write) writes.push(write);
  }
  return { outcomes, writes };
}
