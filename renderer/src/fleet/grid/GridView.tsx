import { useDeferredValue, useMemo, useState } from 'react';
import { VERDICTS } from '../../../../shared/health/verdict.ts';
import { configStateLabel } from '../../config/config-format.ts';
import { ConfigStateIcon } from '../../config/ConfigStateBadge.tsx';
import { NEEDS_LOOK } from '../../config/drift-model.ts';
import { useConfigStates } from '../config-states.tsx';
import { FilterBar } from '../FilterBar.tsx';
import { applyFilter, useFleetFilter } from '../filters.ts';
import { useFleetRows } from '../use-fleet.ts';
import { VerdictIcon } from '../VerdictBadge.tsx';
import { verdictLabel } from '../verdict-style.ts';
import { GROUP_BY, StatusGrid, type GroupBy } from './StatusGrid.tsx';

export function GridView() {
  const rows = useFleetRows();
  const filter = useFleetFilter();
  const deferred = useDeferredValue(filter);
  const [groupBy, setGroupBy] = useState<GroupBy>('area');
  const config = useConfigStates();
  const shown = useMemo(() => applyFilter(rows, deferred, config.bySite), [rows, deferred, config.bySite]);
  return (
    <section className="fleet-view grid-view" aria-labelledby="grid-title">
      <div className="view-header">
        <h2 id="grid-title">Status grid</h2>
        <label className="inline-field">
          Group by
          <select value={groupBy} onChange={(e) => setGroupBy(e.target.value as GroupBy)} data-testid="grid-group-by">
            {Object.entries(GROUP_BY).map(([k, label]) => (
              <option key={k} value={k}>
                {label}
              </option>
            ))}
          </select>
        </label>
      </div>
      <FilterBar total={rows.length} filter={filter} shown={shown} />
      <ul className="legend" aria-label="Legend">
        {VERDICTS.map((v) => (
          <li key={v}>
            <VerdictIcon verdict={v} /> {verdictLabel(v)}
          </li>
        ))}
        {[...NEEDS_LOOK].map((s) => (
          <li key={s}>
            <ConfigStateIcon state={s} /> Corner mark: config {configStateLabel(s).toLowerCase()}
          </li>
        ))}
      </ul>
      <StatusGrid rows={shown} groupBy={groupBy} configStates={config.bySite} />
    </section>
  );
}
