import type { Migration } from './index.ts';

// The audit trail becomes tamper-evident: each entry carries the sha256 of its canonical
// form and the previous entry's hash (AuditRepo seals entries written before this, once),
// and the database refuses to change or delete an entry. Someone with the file can still
// drop the triggers; the chain is what shows it.
export const m008AuditChain: Migration = {
  version: 8,
  name: 'audit-chain',
  sql: `
ALTER TABLE audit_log ADD COLUMN prev_hash TEXT;
ALTER TABLE audit_log ADD COLUMN hash TEXT;
-- The viewer filters by actor and action and pages newest first, by id.
CREATE INDEX audit_log_actor ON audit_log (actor, id);
CREATE INDEX audit_log_action ON audit_log (action, id);
DROP INDEX audit_log_site;
CREATE INDEX audit_log_site ON audit_log (site_id, id);
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER audit_log_no_rewrite BEFORE UPDATE ON audit_log WHEN OLD.hash IS NOT NULL BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
`,
};
