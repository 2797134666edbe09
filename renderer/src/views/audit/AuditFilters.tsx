import { useId } from 'react';
import { AUDIT_ACTION_NAMES } from '../../../../shared/audit.ts';
import type { AuditForm } from './audit-model.ts';
import type { SiteName } from './use-site-names.ts';

/** Who, which site, what and when; applied on submit so typing does not query on every key. */
export function AuditFilters({ form, sites, problem, onChange, onApply, onClear }: { form: AuditForm; sites: SiteName[]; problem: string | null; onChange: (form: AuditForm) => void; onApply: () => void; onClear: () => void }) {
  const id = useId();
  const set = <K extends keyof AuditForm>(key: K, value: AuditForm[K]) => onChange({ ...form, [key]: value });
  return (
    <form
      className="au-filters"
      aria-label="Filter the audit trail"
      onSubmit={(e) => {
        e.preventDefault();
        onApply();
      }}
      data-testid="audit-filters"
    >
      <div className="field">
        <label htmlFor={`${id}-actor`}>Who</label>
        <input id={`${id}-actor`} value={form.actor} onChange={(e) => set('actor', e.target.value)} placeholder="Any operator" size={16} data-testid="audit-filter-actor" />
      </div>
      <div className="field">
        <label htmlFor={`${id}-site`}>Site</label>
        <select id={`${id}-site`} value={form.siteId ?? ''} onChange={(e) => set('siteId', e.target.value ? Number(e.target.value) : null)} data-testid="audit-filter-site">
          <option value="">Any site</option>
          {sites.map((s) => (
            <option key={s.id} value={s.id}>
              {s.name}
              {s.archived ? ' (removed)' : ''}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${id}-action`}>Action</label>
        <input id={`${id}-action`} list={`${id}-actions`} value={form.action} onChange={(e) => set('action', e.target.value)} placeholder="Any action" size={18} data-testid="audit-filter-action" />
        <datalist id={`${id}-actions`}>
          {AUDIT_ACTION_NAMES.map((a) => (
            <option key={a} value={a} />
          ))}
        </datalist>
      </div>
      <div className="field">
        <label htmlFor={`${id}-from`}>From</label>
        <input id={`${id}-from`} type="date" value={form.fromDate} onChange={(e) => set('fromDate', e.target.value)} data-testid="audit-filter-from" />
      </div>
      <div className="field">
        <label htmlFor={`${id}-to`}>To</label>
        <input id={`${id}-to`} type="date" value={form.toDate} onChange={(e) => set('toDate', e.target.value)} data-testid="audit-filter-to" />
      </div>
      <div className="form-actions">
        <button type="submit" className="primary" data-testid="audit-apply">
          Apply filters
        </button>
        <button type="button" onClick={onClear} data-testid="audit-clear">
          Clear
        </button>
      </div>
      {problem && (
        <p className="form-error au-filter-problem" role="alert" data-testid="audit-filter-problem">
          {problem}
        </p>
      )}
    </form>
  );
}
