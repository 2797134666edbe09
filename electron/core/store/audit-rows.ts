// An audit_log row as both backends store it, the entry the core sees, and the chain's
// decisions both make the same way: the next entry's id, prev hash and hash, and the seal of
// entries written before the chain existed.
import type { AuditEntry } from '../../../shared/audit.ts';
import { entryHash, GENESIS, storedDetail } from './audit-chain.ts';

export type NewAuditEntry = Omit<AuditEntry, 'id' | 'prevHash' | 'hash'>;

export interface AuditRow {
  id: number;
  at: number;
  actor: string;
  action: string;
  site_id: number | null;
  target: string | null;
  detail: string;
  outcome: string;
  prev_hash: string | null;
  hash: string | null;
}

export const toEntry = (r: AuditRow): AuditEntry => ({
  id: r.id,
  at: r.at,
  actor: r.actor,
  action: r.action,
  siteId: r.site_id,
  target: r.target,
  detail: JSON.parse(r.detail) as Record<string, unknown>,
  outcome: r.outcome,
  prevHash: r.prev_hash,
  hash: r.hash,
});

/** The row that follows `head` (the last entry, or null for an empty log). */
export function nextEntry(head: { id: number; hash: string | null } | null, e: NewAuditEntry): AuditRow {
  const id = (head?.id ?? 0) + 1;
  const prevHash = head?.hash ?? GENESIS;
  const detail = storedDetail(e.detail);
  return { id, at: e.at, actor: e.actor, action: e.action, site_id: e.siteId, target: e.target, detail, outcome: e.outcome, prev_hash: prevHash, hash: entryHash({ ...e, id, prevHash }, detail) };
}

/** Seals unsealed rows (in id order) onto the chain after `prev`: what each row's detail, prev hash and hash become. */
export function sealRows(rows: readonly AuditRow[], prev: string | null): { id: number; detail: string; prevHash: string; hash: string }[] {
  let last = prev ?? GENESIS;
  return rows.map((r) => {
    const detail = storedDetail(toEntry(r).detail);
    const hash = entryHash({ ...toEntry(r), prevHash: last }, detail);
    const sealed = { id: r.id, detail, prevHash: last, hash };
    last = hash;
    return sealed;
  });
}

/** A page's filters as [column, value] pairs, in the order both backends bind them. */
export function auditConditions(f: { actor?: string; siteId?: number; action?: string; from?: number; to?: number; beforeId?: number }): [string, string | number][] {
  const all: [string, string | number | undefined][] = [
    ['actor =', f.actor],
    ['site_id =', f.siteId],
    ['action =', f.action],
    ['at >=', f.from],
    ['at <', f.to],
    ['id <', f.beforeId],
  ];
  return all.filter((c): c is [string, string | number] => c[1] !== undefined);
}
