// The audit trail's hash chain: each entry's hash is the sha256 of its canonical form,
// which names the previous entry's hash. Verifying walks the log once, in id order, and
// names the first entry that does not hold, and why.
import crypto from 'node:crypto';
import type { AuditEntry, AuditVerification, Checkpoint } from '../../../shared/audit.ts';
import { canonicalJson } from '../../../shared/canonical-json.ts';
import type { AuditRow } from './audit-repo.ts';

/** The "previous hash" of the first entry. */
export const GENESIS = '0'.repeat(64);

type Hashed = Omit<AuditEntry, 'hash' | 'prevHash'> & { prevHash: string };

/** The bytes an entry's hash covers: every field, the previous hash included, keys sorted. */
export function canonicalEntry(e: Hashed): string {
  return canonicalJson({ id: e.id, at: e.at, actor: e.actor, action: e.action, siteId: e.siteId, target: e.target, detail: e.detail, outcome: e.outcome, prevHash: e.prevHash });
}

export function entryHash(e: Hashed): string {
  return crypto.createHash('sha256').update(canonicalEntry(e)).digest('hex');
}

/**
 * Walks the rows in id order. An edited entry no longer matches its hash; a deleted one
 * leaves the next entry pointing at a hash that is not before it (and a gap in the ids);
 * an inserted or reordered one points at the wrong predecessor.
 */
export function verifyChain(rows: Iterable<AuditRow>, checkpoint: Checkpoint | null = null): AuditVerification {
  let prev = GENESIS;
  let expectedId = 1;
  let count = 0;
  let firstBad: AuditVerification['firstBad'] = null;
  let checkpointHolds: boolean | null = checkpoint ? false : null;
  for (const r of rows) {
    count++;
    if (!firstBad) {
      const problem = problemWith(r, prev, expectedId);
      if (problem) firstBad = { id: r.id, position: count, problem };
    }
    if (checkpoint && count === checkpoint.count) checkpointHolds = r.hash === checkpoint.hash && !firstBad;
    prev = r.hash ?? '';
    expectedId = r.id + 1;
  }
  return {
    ok: firstBad === null && checkpointHolds !== false,
    count,
    headHash: count ? prev : null,
    firstBad,
    checkpoint: checkpoint ? { ...checkpoint, holds: checkpointHolds === true } : null,
  };
}

function problemWith(r: AuditRow, prev: string, expectedId: number): string | null {
  if (r.hash === null || r.prev_hash === null) return 'it has no hash: written outside the console';
  let detail: Record<string, unknown>;
  try {
    detail = JSON.parse(r.detail) as Record<string, unknown>;
  } catch {
    return 'its detail is not readable: it was edited';
  }
  const own = entryHash({ id: r.id, at: r.at, actor: r.actor, action: r.action, siteId: r.site_id, target: r.target, detail, outcome: r.outcome, prevHash: r.prev_hash });
  if (own !== r.hash) return 'its content does not match its hash: it was edited';
  if (r.prev_hash !== prev) {
    return r.id > expectedId ? `entries ${expectedId}–${r.id - 1} before it are missing: deleted` : 'it does not follow the entry before it: inserted or reordered';
  }
  if (r.id !== expectedId) return r.id > expectedId ? `entries ${expectedId}–${r.id - 1} before it are missing: deleted` : 'its id is out of order: reordered';
  return null;
}
