// The audit trail's reads for people: pages, verification against the chain, exports.
import type { AuditEntry, AuditFilter, AuditVerification, Checkpoint } from '../../../shared/audit.ts';
import { verifyChain } from '../store/audit-chain.ts';
import type { AuditRepo } from '../store/store.ts';
import { auditCsv, auditJsonl } from './audit-export.ts';

const EXPORT_MAX = 100_000;

export class AuditTrail {
  readonly #repo: AuditRepo;

  constructor(repo: AuditRepo) {
    this.#repo = repo;
  }

  page(filter: AuditFilter): AuditEntry[] {
    return this.#repo.page(filter);
  }

  verify(checkpoint: Checkpoint | null = null): AuditVerification {
    return verifyChain(this.#repo.iterate(), checkpoint);
  }

  /** The filtered entries, oldest first, then the checkpoint of the whole log as it stands. */
  export(format: 'csv' | 'jsonl', filter: Omit<AuditFilter, 'limit' | 'beforeId'>): { text: string; count: number; checkpoint: Checkpoint | null } {
    const entries = this.#repo.page({ ...filter, limit: EXPORT_MAX }).reverse();
    const v = this.verify();
    const checkpoint = v.headHash ? { count: v.count, hash: v.headHash } : null;
    const text = format === 'csv' ? auditCsv(entries, checkpoint) : auditJsonl(entries, checkpoint);
    return { text, count: entries.length, checkpoint };
  }
}
