import { useCallback, useMemo, useState } from 'react';
import { FilterBar } from '../FilterBar.tsx';
import { applyFilter, useFleetFilter } from '../filters.ts';
import { useFleetRows } from '../use-fleet.ts';
import { FleetTable } from './FleetTable.tsx';
import { sortRows, type Sort, type SortKey } from './sort.ts';

export function TableView() {
  const rows = useFleetRows();
  const filter = useFleetFilter();
  // Not deferred: filtering even 5,000 rows is well under a millisecond and only the rows in
  // view render, while deferring would cost every keystroke an extra frame (measured).
  const [sort, setSort] = useState<Sort>({ key: 'verdict', dir: 'desc' });
  const sorted = useMemo(() => sortRows(rows, sort), [rows, sort]);
  const shown = useMemo(() => applyFilter(sorted, filter), [sorted, filter]);
  const onSort = useCallback((key: SortKey) => setSort((s) => (s.key === key ? { key, dir: s.dir === 'asc' ? 'desc' : 'asc' } : { key, dir: key === 'verdict' || key === 'pupils' ? 'desc' : 'asc' })), []);
  return (
    <section className="fleet-view table-view" aria-labelledby="table-title">
      <div className="view-header">
        <h2 id="table-title">Table</h2>
        <p className="muted view-hint">Click a column heading to sort; click a row to open the site.</p>
      </div>
      <FilterBar total={rows.length} filter={filter} shown={shown.length} />
      <FleetTable rows={shown} total={rows.length} sort={sort} onSort={onSort} />
    </section>
  );
}
