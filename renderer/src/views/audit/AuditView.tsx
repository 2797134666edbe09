// The audit trail: who did what to which site, filtered, paged, verified and exported.
import { useCallback, useEffect, useMemo, useState } from 'react';
import { Busy } from '../../components/Busy.tsx';
import { EmptyState } from '../../components/EmptyState.tsx';
import { ErrorNotice } from '../../components/ErrorNotice.tsx';
import { AuditFilters } from './AuditFilters.tsx';
import { AuditIntegrity } from './AuditIntegrity.tsx';
import { AuditTable } from './AuditTable.tsx';
import { EMPTY_FORM, toQuery, type AuditForm, type AuditQuery } from './audit-model.ts';
import { useAudit } from './use-audit.ts';
import { useSiteNames } from './use-site-names.ts';
import './audit.css';

export function AuditView() {
  const [form, setForm] = useState<AuditForm>(EMPTY_FORM);
  const [query, setQuery] = useState<AuditQuery>({});
  const [problem, setProblem] = useState<string | null>(null);
  const [startBefore, setStartBefore] = useState<number | null>(null);
  const [open, setOpen] = useState<ReadonlySet<number>>(new Set());
  const [highlight, setHighlight] = useState<number | null>(null);
  const sites = useSiteNames();
  const siteNames = useMemo(() => new Map(sites.map((s) => [s.id, s.name])), [sites]);
  const { entries, error, hasOlder, loading, loadOlder, reload } = useAudit(query, startBefore);

  const apply = (next: AuditForm) => {
    const q = toQuery(next);
    if (!q.ok) return setProblem(q.problem);
    setProblem(null);
    setStartBefore(null);
    setQuery(q.query);
  };
  const toggle = useCallback((id: number) => setOpen((o) => (o.has(id) ? new Set([...o].filter((x) => x !== id)) : new Set([...o, id]))), []);

  // A tampered entry: show it where it is, or open the trail at it with the filters cleared.
  const showEntry = (id: number) => {
    setHighlight(id);
    if (entries?.some((e) => e.id === id)) return;
    setForm(EMPTY_FORM);
    setQuery({});
    setStartBefore(id + 1);
  };
  useEffect(() => {
    if (highlight === null || !entries?.some((e) => e.id === highlight)) return;
    const row = document.getElementById(`audit-entry-${highlight}`);
    row?.scrollIntoView({ block: 'center' });
    row?.focus();
  }, [highlight, entries]);

  return (
    <section className="au" aria-labelledby="audit-title" data-testid="audit-view">
      <div className="au-head">
        <h2 id="audit-title">Audit trail</h2>
        <button type="button" onClick={reload} disabled={loading} data-testid="audit-refresh">
          Refresh
        </button>
      </div>
      <p className="ui-muted au-lead">Every change made through the console, by whom and when. Each entry is chained to the one before it by its hash, so an edit to the database shows up on Verify.</p>
      <AuditFilters form={form} sites={sites} problem={problem} onChange={setForm} onApply={() => apply(form)} onClear={() => {
          setForm(EMPTY_FORM);
          apply(EMPTY_FORM);
        }} />
      <AuditIntegrity query={query} onShowEntry={showEntry} />
      {startBefore !== null && (
        <p className="au-notice">
          Showing entries from #{startBefore - 1} back.{' '}
          <button type="button" className="link-button" onClick={() => setStartBefore(null)}>
            Back to the newest
          </button>
        </p>
      )}
      {error && <ErrorNotice title="Could not read the audit trail">{error}</ErrorNotice>}
      {entries === null && !error && <Busy label="Loading the audit trail…" />}
      {entries?.length === 0 && (
        <EmptyState title="No entries match." testId="audit-empty">
          Changes to sites, settings, incidents and remote actions appear here as they are made.
        </EmptyState>
      )}
      {entries && entries.length > 0 && (
        <>
          <AuditTable entries={entries} siteNames={siteNames} open={open} highlight={highlight} onToggle={toggle} />
          {hasOlder && (
            <button type="button" className="au-older" onClick={loadOlder} disabled={loading} data-testid="audit-older">
              Older entries
            </button>
          )}
        </>
      )}
    </section>
  );
}
