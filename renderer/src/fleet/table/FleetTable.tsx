// The fleet as a table that stays fast at thousands of rows: only the rows in view exist
// in the DOM (ARIA row counts and indexes tell assistive tech about the rest).
import { useVirtualizer } from '@tanstack/react-virtual';
import { memo, useRef } from 'react';
import { navigate, siteRoute } from '../../app/router.ts';
import type { ConfigState, SiteConfigState } from '../../../../shared/fleet-config.ts';
import type { FleetRow } from '../fleet-row.ts';
import { useNow } from '../format.ts';
import { COLUMNS, GRID_TEMPLATE } from './columns.tsx';
import type { Sort, SortKey } from './sort.ts';

const ROW_HEIGHT = 36;
// A narrow first track for the row's checkbox.
const TEMPLATE = `40px ${GRID_TEMPLATE}`;

const Row = memo(function Row({ row, index, top, now, checked, onToggle, config }: { row: FleetRow; index: number; top: number; now: number; checked: boolean; onToggle: (id: number) => void; config: ConfigState | undefined }) {
  return (
    <div
      role="row"
      aria-rowindex={index + 2}
      className={`ft-row v-${row.verdict}`}
      style={{ transform: `translateY(${top}px)`, gridTemplateColumns: TEMPLATE }}
      data-testid={`table-row-${row.site.urn}`}
      onClick={(e) => {
        if (!(e.target instanceof HTMLAnchorElement) && !(e.target instanceof HTMLInputElement) && !(e.target instanceof HTMLLabelElement)) navigate(siteRoute(row.id));
      }}
    >
      <div role="cell" className="ft-check">
        <input type="checkbox" checked={checked} onChange={() => onToggle(row.id)} aria-label={`Select ${row.site.name}`} data-testid="row-select" />
      </div>
      {COLUMNS.map((c) => (
        <div role="cell" key={c.key} className={c.numeric ? 'num' : undefined}>
          {c.cell(row, now, config)}
        </div>
      ))}
    </div>
  );
});

interface Props {
  rows: readonly FleetRow[];
  total: number;
  sort: Sort;
  onSort: (key: SortKey) => void;
  selected: ReadonlySet<number>;
  onToggle: (id: number) => void;
  /** Selects every row the filter shows, or clears them when all are selected. */
  onToggleAll: () => void;
  configStates: ReadonlyMap<number, SiteConfigState>;
}

export function FleetTable({ rows, total, sort, onSort, selected, onToggle, onToggleAll, configStates }: Props) {
  const allShown = selected.size > 0 && rows.length > 0 && rows.every((r) => selected.has(r.id));
  const someShown = selected.size > 0 && !allShown && rows.some((r) => selected.has(r.id));
  const scrollRef = useRef<HTMLDivElement>(null);
  const now = useNow();
  // eslint-disable-next-line react-hooks/incompatible-library -- TanStack Virtual keeps its own state; this component is not compiled.
  const virtualizer = useVirtualizer({ count: rows.length, getScrollElement: () => scrollRef.current, estimateSize: () => ROW_HEIGHT, overscan: 6 });
  return (
    <div className="fleet-table-scroll" ref={scrollRef} data-testid="fleet-table-scroll">
      <div role="table" aria-label="Sites" aria-rowcount={rows.length + 1} className="fleet-table" data-testid="fleet-table" data-rows={rows.length} data-total={total}>
        <div role="rowgroup" className="ft-head">
          <div role="row" aria-rowindex={1} className="ft-row ft-header" style={{ gridTemplateColumns: TEMPLATE }}>
            <div role="columnheader" className="ft-check">
              <input
                type="checkbox"
                checked={allShown}
                ref={(el) => {
                  if (el) el.indeterminate = someShown;
                }}
                onChange={onToggleAll}
                aria-label={allShown ? 'Clear the selection' : `Select all ${rows.length} shown`}
                data-testid="select-all"
              />
            </div>
            {COLUMNS.map((c) => {
              const active = sort.key === c.key;
              return (
                <div role="columnheader" key={c.key} aria-sort={active ? (sort.dir === 'asc' ? 'ascending' : 'descending') : 'none'} className={c.numeric ? 'num' : undefined}>
                  <button type="button" onClick={() => onSort(c.key)} data-testid={`sort-${c.key}`}>
                    {c.label}
                    <span className="sort-arrow" aria-hidden="true">
                      {active ? (sort.dir === 'asc' ? '▲' : '▼') : '↕'}
                    </span>
                  </button>
                </div>
              );
            })}
          </div>
        </div>
        <div role="rowgroup" className="ft-body" style={{ height: virtualizer.getTotalSize() }}>
          {virtualizer.getVirtualItems().map((v) => {
            const row = rows[v.index];
            // Keyed by slot, not by site: a new filter then refills the same DOM rows instead of
            // tearing them down and building new ones, which is most of a keystroke's cost.
            return row ? <Row key={v.index} row={row} index={v.index} top={v.start} now={now} checked={selected.has(row.id)} onToggle={onToggle} config={configStates.get(row.id)?.state} /> : null;
          })}
        </div>
      </div>
      {rows.length === 0 && (
        <div className="empty-state" data-testid="table-empty">
          <p>No sites match these filters.</p>
        </div>
      )}
    </div>
  );
}
