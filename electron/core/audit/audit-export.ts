// Exports of the audit trail, CSV for people and JSON lines for machines. Each ends with a
// checkpoint of the whole log (its entry count and head hash): kept somewhere else, it lets
// `npm run audit:verify -- --checkpoint N:HASH` prove later that nothing up to it was rewritten.
import type { AuditEntry, Checkpoint } from '../../../shared/audit.ts';
import { toCsv, type CsvCell } from '../../../shared/csv.ts';

const COLUMNS = ['id', 'at', 'actor', 'action', 'site_id', 'target', 'outcome', 'detail', 'prev_hash', 'hash'] as const;

const cells = (e: AuditEntry): CsvCell[] => [e.id, new Date(e.at).toISOString(), e.actor, e.action, e.siteId, e.target, e.outcome, JSON.stringify(e.detail), e.prevHash, e.hash];

export function auditCsv(entries: readonly AuditEntry[], checkpoint: Checkpoint | null): string {
  const body = toCsv([[...COLUMNS], ...entries.map(cells)]);
  return checkpoint ? `${body}${toCsv([['checkpoint', checkpoint.count, checkpoint.hash]])}` : body;
}

export function auditJsonl(entries: readonly AuditEntry[], checkpoint: Checkpoint | null): string {
  const lines = entries.map((e) => JSON.stringify(e));
  if (checkpoint) lines.push(JSON.stringify({ checkpoint }));
  return `${lines.join('\n')}\n`;
}
