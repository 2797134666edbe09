// The audit trail's reads for people: pages, verification against the chain, exports.
import type { AuditEntry, AuditFilter, AuditVerification, Checkpoint } from '../../../shared/audit.ts';
import { ChainVerifier } from '../store/audit-chain.ts';
import type { AuditRepo, Async } from '../store/store.ts';
import { auditCsv, auditJsonl } from './audit-export.ts';

const EXPORT_MAX = 100_000;
const VERIFY_PAGE = 5_000;

export class AuditTrail {
  readonly #repo: Async<AuditRepo>;

  constructor(repo: Async<AuditRepo>) {
    this.#repo = repo;
  }

  page(filter: AuditFilter): Promise<AuditEntry[]> {
    return this.#repo.page(filter);
  }

  /** Page by page: no read holds the store for the whole log. */
  async verify(checkpoint: Checkpoint | null = null): Promise<AuditVerification> {
    const v = new ChainVerifier(checkpoint);
    for (let after = 0; ; ) {
      const page = await this.#repo.rowsAfter(after, VERIFY_PAGE);
      if (page.length === 0) break;
      v.add(page);
      after = page.at(-1)?.id ?? after;
    }
    return v.result();
  }

  /** The filtered entries, oldest first, then the checkpoint of the whole log as it stands. */
  async export(format: 'csv' | 'jsonl', filter: Omit<AuditFilter, 'limit' | 'beforeId'>): Promise<{ text: string; count: number; checkpoint: Checkpoint | null }> {
    const entries = (await this.#repo.page({ ...filter, limit: EXPORT_MAX })).reverse();
    const v = await this.verify();
    const checkpoint = v.headHash ? { count: v.count, hash: v.headHash } : null;
    const text = format === 'csv' ? auditCsv(entries, checkpoint) : auditJsonl(entries, checkpoint);
    return { text, count: entries.length, checkpoint };
  }
}
