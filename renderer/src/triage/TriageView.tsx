import { useCallback, useDeferredValue, useMemo, useRef, useState } from 'react';
import { remedyFor } from '../../../shared/remediation.ts';
import { buildTriageQueue } from '../../../shared/triage.ts';
import { useOpenActionDialog, type ActionTarget } from '../actions/action-dialog-context.tsx';
import { navigate, siteRoute } from '../app/router.ts';
import { useFleetStore } from '../fleet/fleet-context.tsx';
import { useNow } from '../fleet/format.ts';
import { useFleetRows } from '../fleet/use-fleet.ts';
import { FleetIncidentRow } from './FleetIncidentRow.tsx';
import { TextDialog } from './TextDialog.tsx';
import { TriageRow } from './TriageRow.tsx';
import { useOpenIncidents } from './use-open-incidents.ts';
import { useTriageActions } from './use-triage-actions.ts';
import { useTriageKeys, type TriageEntry } from './use-triage-keys.ts';

// A large outage is mostly grouped into fleet incidents; beyond this many rows the rest wait
// behind a button, so a poll result never re-lays out thousands of cards.
const PAGE = 200;

export function TriageView() {
  const store = useFleetStore();
  const rows = useFleetRows();
  const { incidents, error } = useOpenIncidents();
  const [search, setSearch] = useState('');
  const needle = useDeferredValue(search.trim().toLowerCase());
  const now = useNow();
  const actions = useTriageActions();
  const searchRef = useRef<HTMLInputElement>(null);

  const queue = useMemo(
    () => buildTriageQueue({ sites: rows.map((r) => r.site), statusOf: (id) => store.statusOf(id), incidents: incidents ?? [] }),
    [rows, incidents, store],
  );
  const entries = useMemo<TriageEntry[]>(() => {
    const match = (name: string, urn: number) => needle === '' || name.toLowerCase().includes(needle) || String(urn).includes(needle);
    return [
      ...queue.fleet.filter((g) => needle === '' || g.incident.title.toLowerCase().includes(needle) || g.items.some((i) => match(i.name, i.urn))).map((group) => ({ kind: 'fleet' as const, key: `f${group.incident.id}`, group })),
      ...queue.items.filter((i) => match(i.name, i.urn)).map((item) => ({ kind: 'site' as const, key: `s${item.siteId}`, item })),
    ];
  }, [queue, needle]);

  const open = useCallback((e: TriageEntry) => {
    if (e.kind === 'site') navigate(siteRoute(e.item.siteId));
  }, []);
  const { rowActions, dialog, closeDialog } = actions;
  const openAction = useOpenActionDialog();
  const act = useCallback(
    (e: TriageEntry) => {
      if (e.kind === 'fleet') return openAction({ siteIds: e.group.items.map((i) => i.siteId) });
      const remedy = e.item.primaryReason ? remedyFor(e.item.primaryReason) : null;
      // Where only people can fix it, the read-only diagnostics are the safe thing to offer.
      const target: ActionTarget = { siteIds: [e.item.siteId], preset: remedy?.kind === 'action' ? remedy.action : remedy ? { kind: 'diag' } : undefined };
      openAction(target);
    },
    [openAction],
  );
  const focusSearch = useCallback(() => searchRef.current?.focus(), []);
  const { selected, select, rowRef } = useTriageKeys({ entries, open, acknowledge: rowActions.acknowledge, note: rowActions.note, act, focusSearch });
  const [showAll, setShowAll] = useState(false);
  const shown = showAll ? entries : entries.slice(0, PAGE);
  const total = queue.items.length + queue.fleet.reduce((n, g) => n + g.items.length, 0);

  return (
    <section className="triage-view" aria-labelledby="triage-title">
      <div className="view-header">
        <div>
          <h2 id="triage-title">Triage</h2>
          <p className="muted view-hint">
            {total === 0 ? 'Nothing needs attention.' : `${total} of ${rows.length} sites need attention, worst impact first: academies, then pupils on roll, time without data, datasets affected.`}
          </p>
        </div>
        <label className="search-field">
          <span className="visually-hidden">Search the queue</span>
          <input ref={searchRef} type="search" placeholder="Search the queue (press /)" value={search} onChange={(e) => setSearch(e.target.value)} aria-keyshortcuts="/" data-testid="triage-search" />
        </label>
      </div>
      {error && (
        <p className="form-error" role="alert">
          Could not load incidents: {error}
        </p>
      )}
      {incidents === null && !error ? (
        <div className="loading" aria-busy="true">
          <span className="spinner" aria-hidden="true" /> Loading incidents…
        </div>
      ) : entries.length === 0 ? (
        <div className="empty-state good" data-testid="triage-empty">
          <p>{total === 0 ? `All ${rows.length} sites are healthy or quiet. New problems appear here as soon as a poll finds them.` : 'No site in the queue matches that search.'}</p>
        </div>
      ) : (
        <ol className="triage-list" aria-label="Sites needing attention, highest impact first" data-testid="triage-list">
          {shown.map((e, i) =>
            e.kind === 'fleet' ? (
              <FleetIncidentRow key={e.key} ref={i === selected ? rowRef : undefined} group={e.group} entryKey={e.key} selected={i === selected} now={now} actions={rowActions} onSelect={select} />
            ) : (
              <TriageRow key={e.key} ref={i === selected ? rowRef : undefined} item={e.item} entryKey={e.key} selected={i === selected} now={now} actions={rowActions} onSelect={select} />
            ),
          )}
        </ol>
      )}
      {shown.length < entries.length && (
        <button type="button" className="show-more" onClick={() => setShowAll(true)} data-testid="triage-show-all">
          Show all {entries.length} (the first {PAGE} are the highest impact)
        </button>
      )}
      <p className="shortcuts muted" aria-label="Keyboard shortcuts">
        <kbd>j</kbd>/<kbd>k</kbd> move · <kbd>Enter</kbd> open · <kbd>a</kbd> acknowledge · <kbd>n</kbd> note · <kbd>x</kbd> act (preview first) · <kbd>/</kbd> search · <kbd>Ctrl</kbd>+<kbd>K</kbd> command palette
      </p>
      {dialog && <TextDialog spec={dialog} onClose={closeDialog} />}
    </section>
  );
}
