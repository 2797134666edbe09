// The audit trail: who did what to which site, when, and how it ended. Append-only.
import type { Db } from './db.ts';

export interface AuditEntry {
  id: number;
  at: number;
  actor: string;
  action: string;
  siteId: number | null;
  target: string | null;
  detail: Record<string, unknown>;
  outcome: string;
}

export class AuditRepo {
  readonly #insert;
  readonly #recent;
  readonly #forSite;

  constructor(db: Db) {
    this.#insert = db.prepare('INSERT INTO audit_log (at, actor, action, site_id, target, detail, outcome) VALUES (?, ?, ?, ?, ?, ?, ?)');
    this.#recent = db.prepare<[number], Row>('SELECT * FROM audit_log ORDER BY at DESC, id DESC LIMIT ?');
    this.#forSite = db.prepare<[number, number], Row>('SELECT * FROM audit_log WHERE site_id = ? ORDER BY at DESC, id DESC LIMIT ?');
  }

  record(e: Omit<AuditEntry, 'id'>): number {
    return Number(this.#insert.run(e.at, e.actor, e.action, e.siteId, e.target, JSON.stringify(e.detail), e.outcome).lastInsertRowid);
  }

  recent(limit = 200): AuditEntry[] {
    return this.#recent.all(limit).map(toEntry);
  }

  forSite(siteId: number, limit = 100): AuditEntry[] {
    return this.#forSite.all(siteId, limit).map(toEntry);
  }
}

interface Row {
  id: number;
  at: number;
  actor: string;
  action: string;
  site_id: number | null;
  target: string | null;
  detail: string;
  outcome: string;
}
const toEntry = (r: Row): AuditEntry => ({ id: r.id, at: r.at, actor: r.actor, action: r.action, siteId: r.site_id, target: r.target, detail: JSON.parse(r.detail) as Record<string, unknown>, outcome: r.outcome });
