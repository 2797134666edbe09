// The audit trail's hash chain: each entry's hash is the sha256 of its canonical form,
// which names the previous entry's hash. Verifying walks the log once, in id order, and
// names the first entry that does not hold, and why.
import crypto from 'node:crypto';
import type { AuditEntry, AuditVerification, Checkpoint } from '../../../shared/audit.ts';
import { canonicalJson } from '../../../shared/canonical-json.ts';
import type { AuditRow } from './audit-rows.ts';

/** The "previous hash" of the first entry. */
export const GENESIS = '0'.repeat(64);

type Hashed = Omit<AuditEntry, 'hash' | 'prevHash' | 'detail'> & { prevHash: string };

const j = JSON.stringify;

/**
 * The bytes an entry's hash covers: every field, the previous hash included, keys sorted
 * (canonicalJson's form). The detail is stored canonical, so its text goes in as stored:
 * verifying needs no parsing, and any change to the stored text shows.
 */
export function canonicalEntry(e: Hashed, detailText: string): string {
  return `{"action":${j(e.action)},"actor":${j(e.actor)},"at":${j(e.at)},"detail":${detailText},"id":${j(e.id)},"outcome":${j(e.outcome)},"prevHash":${j(e.prevHash)},"siteId":${j(e.siteId)},"target":${j(e.target)}}`;
}

/** How a detail object is stored: canonical JSON, so its text is the one the hash covers. */
export const storedDetail = (detail: Record<string, unknown>): string => canonicalJson(detail);

export function entryHash(e: Hashed, detailText: string): string {
  return crypto.createHash('sha256').update(canonicalEntry(e, detailText)).digest('hex');
}

/**
 * Walks the rows in id order. An edited entry no longer matches its hash; a deleted one
 * leaves the next entry pointing at a hash that is not before it (and a gap in the ids);
 * an inserted or reordered one points at the wrong predecessor.
 */
export function verifyChain(rows: Iterable<AuditRow>, checkpoint: Checkpoint | null = null): AuditVerification {
  const v = new ChainVerifier(checkpoint);
  v.add(rows);
  return v.result();
}

/** The same check, fed a page at a time, so a long log is verified without holding it all. */
export class ChainVerifier {
  readonly #checkpoint: Checkpoint | null;
  #prev = GENESIS;
  #expectedId = 1;
  #count = 0;
  #firstBad: AuditVerification['firstBad'] = null;
  #checkpointHolds: boolean | null;

  constructor(checkpoint: Checkpoint | null = null) {
    this.#checkpoint = checkpoint;
    this.#checkpointHolds = checkpoint ? false : null;
  }

  /** The id after the last row seen: where the next page starts. */
  get nextId(): number {
    return this.#expectedId;
  }

  add(rows: Iterable<AuditRow>): void {
    for (const r of rows) {
      this.#count++;
      if (!this.#firstBad) {
        const problem = problemWith(r, this.#prev, this.#expectedId);
        if (problem) this.#firstBad = { id: r.id, position: this.#count, problem };
      }
      if (this.#checkpoint && this.#count === this.#checkpoint.count) this.#checkpointHolds = r.hash === this.#checkpoint.hash && !this.#firstBad;
      this.#prev = r.hash ?? '';
      this.#expectedId = r.id + 1;
    }
  }

  result(): AuditVerification {
    const checkpoint = this.#checkpoint;
    return {
      ok: this.#firstBad === null && this.#checkpointHolds !== false,
      count: this.#count,
      headHash: this.#count ? this.#prev : null,
      firstBad: this.#firstBad,
      checkpoint: checkpoint ? { ...checkpoint, holds: this.#checkpointHolds === true } : null,
    };
  }
}

function problemWith(r: AuditRow, prev: string, expectedId: number): string | null {
  if (r.hash === null || r.prev_hash === null) return 'it has no hash: written outside the console';
  const own = entryHash({ id: r.id, at: r.at, actor: r.actor, action: r.action, siteId: r.site_id, target: r.target, outcome: r.outcome, prevHash: r.prev_hash }, r.detail);
  if (own !== r.hash) return 'its content does not match its hash: it was edited';
  if (r.prev_hash !== prev) {
    return r.id > expectedId ? `entries ${expectedId}–${r.id - 1} before it are missing: deleted` : 'it does not follow the entry before it: inserted or reordered';
  }
  if (r.id !== expectedId) return r.id > expectedId ? `entries ${expectedId}–${r.id - 1} before it are missing: deleted` : 'its id is out of order: reordered';
  return null;
}
