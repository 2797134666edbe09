import { useCallback, useMemo, useState } from 'react';
import { useOpenActionDialog } from '../../actions/action-dialog-context.tsx';
import { useConfigStates } from '../config-states.tsx';
import { FilterBar } from '../FilterBar.tsx';
import { RotateKeyDialog } from '../../keys/RotateKeyDialog.tsx';
import { applyFilter, useFleetFilter } from '../filters.ts';
import { setFleetSelection, useFleetSelection } from '../selection.ts';
import { useFleetRows } from '../use-fleet.ts';
import { FleetTable } from './FleetTable.tsx';
import { BulkEditDialog } from '../../inventory/BulkEditDialog.tsx';
import { sortRows, type Sort, type SortKey } from './sort.ts';

export function TableView() {
  const rows = useFleetRows();
  const filter = useFleetFilter();
  // Not deferred: filtering even 5,000 rows is well under a millisecond and only the rows in
  // view render, while deferring would cost every keystroke an extra frame (measured).
  const [sort, setSort] = useState<Sort>({ key: 'verdict', dir: 'desc' });
  const config = useConfigStates();
  const sorted = useMemo(() => sortRows(rows, sort, config.bySite), [rows, sort, config.bySite]);
  const shown = useMemo(() => applyFilter(sorted, filter, config.bySite), [sorted, filter, config.bySite]);
  const selected = useFleetSelection();
  const openAction = useOpenActionDialog();
  const [rotating, setRotating] = useState(false);
  const onToggle = useCallback((id: number) => setFleetSelection((s) => toggled(s, id)), []);
  const onToggleAll = useCallback(() => setFleetSelection((s) => (shown.length > 0 && shown.every((r) => s.has(r.id)) ? new Set() : new Set([...s, ...shown.map((r) => r.id)]))), [shown]);
  // A site removed from the register leaves the selection with it.
  const chosen = useMemo(() => rows.filter((r) => selected.has(r.id)).map((r) => r.id), [rows, selected]);
  const [bulk, setBulk] = useState<{ open: boolean; notice: string | null }>({ open: false, notice: null });
  const onSort = useCallback((key: SortKey) => setSort((s) => (s.key === key ? { key, dir: s.dir === 'asc' ? 'desc' : 'asc' } : { key, dir: key === 'verdict' || key === 'pupils' ? 'desc' : 'asc' })), []);
  return (
    <section className="fleet-view table-view" aria-labelledby="table-title">
      <div className="view-header">
        <h2 id="table-title">Table</h2>
        <p className="muted view-hint">Click a column heading to sort; click a row to open the site; tick rows to act on them together.</p>
        <div className="table-selection" role="group" aria-label="Selection">
          <button type="button" className="primary" disabled={chosen.length === 0} onClick={() => openAction({ siteIds: chosen })} data-testid="act-on-selected">
            Act on {chosen.length} selected…
          </button>
          <button type="button" disabled={chosen.length === 0} onClick={() => setBulk({ open: true, notice: null })} data-testid="bulk-edit-open">
            Edit {chosen.length} selected…
          </button>
          <button type="button" disabled={chosen.length === 0} onClick={() => setRotating(true)} data-testid="rotate-key-selected">
            Rotate key…
          </button>
          {chosen.length > 0 && (
            <button type="button" onClick={() => setFleetSelection(new Set())} data-testid="clear-selection">
              Clear selection
            </button>
          )}
        </div>
      </div>
      {bulk.notice && (
        <p className="notice" role="status" data-testid="bulk-notice">
          {bulk.notice}
        </p>
      )}
      {bulk.open && <BulkEditDialog siteIds={chosen} onClose={(notice) => setBulk({ open: false, notice })} />}
      <FilterBar total={rows.length} filter={filter} shown={shown} />
      {rotating && <RotateKeyDialog siteIds={chosen} onClose={() => setRotating(false)} />}
      <FleetTable rows={shown} total={rows.length} sort={sort} onSort={onSort} selected={selected} onToggle={onToggle} onToggleAll={onToggleAll} configStates={config.bySite} />
    </section>
  );
}

function toggled(s: ReadonlySet<number>, id: number): ReadonlySet<number> {
  const next = new Set(s);
  if (!next.delete(id)) next.add(id);
  return next;
}
