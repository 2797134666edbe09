// The audit view's pure parts: the filter form as the core's filter, and what a verification
// or an export tells a person.
import type { AuditFilter, AuditVerification, Checkpoint } from '../../../../shared/audit.ts';
import { addDays, londonMidnight } from '../../../../shared/uptime.ts';

export type AuditQuery = Omit<AuditFilter, 'limit' | 'beforeId'>;

/** The filters as typed: London dates, both inclusive; '' is "any". */
export interface AuditForm {
  actor: string;
  siteId: number | null;
  action: string;
  fromDate: string;
  toDate: string;
}

export const EMPTY_FORM: AuditForm = { actor: '', siteId: null, action: '', fromDate: '', toDate: '' };

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export function toQuery(form: AuditForm): { ok: true; query: AuditQuery } | { ok: false; problem: string } {
  const query: AuditQuery = {};
  const actor = form.actor.trim();
  const action = form.action.trim();
  if (actor) query.actor = actor;
  if (action) query.action = action;
  if (form.siteId !== null) query.siteId = form.siteId;
  if (form.fromDate && !DATE.test(form.fromDate)) return { ok: false, problem: 'The "from" date is not a date' };
  if (form.toDate && !DATE.test(form.toDate)) return { ok: false, problem: 'The "to" date is not a date' };
  if (form.fromDate && form.toDate && form.toDate < form.fromDate) return { ok: false, problem: 'The "to" date is before the "from" date' };
  if (form.fromDate) query.from = londonMidnight(form.fromDate);
  if (form.toDate) query.to = londonMidnight(addDays(form.toDate, 1));
  return { ok: true, query };
}

/** Enough of a sha256 to compare by eye. */
export const shortHash = (hash: string | null): string => (hash ? hash.slice(0, 12) : '—');

export function verificationText(v: AuditVerification): string {
  if (v.firstBad) return `Tampered: entry #${v.firstBad.id} — ${v.firstBad.problem}`;
  if (v.count === 0) return 'Intact: no entries yet';
  return `Intact: ${v.count} ${v.count === 1 ? 'entry' : 'entries'}, head ${shortHash(v.headHash)}`;
}

/** What to note down: the whole log's size and head, and the same as `audit:verify --checkpoint` takes it. */
export function checkpointText(c: Checkpoint | null): string {
  if (!c) return 'No checkpoint: the audit trail is empty.';
  return `Checkpoint: ${c.count} ${c.count === 1 ? 'entry' : 'entries'}, head ${c.hash} (audit:verify --checkpoint ${c.count}:${c.hash})`;
}
