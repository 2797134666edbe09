import { useDeferredValue, useId, useMemo, useState } from 'react';
import { matchesText, type FleetRow } from '../fleet-row.ts';
import { VerdictIcon } from '../VerdictBadge.tsx';
import { verdictLabel } from '../verdict-style.ts';

const MAX_RESULTS = 8;

/** Find a school by name or URN and fly to it: a combobox with a short list of matches. */
export function MapSearch({ rows, onPick }: { rows: readonly FleetRow[]; onPick: (row: FleetRow) => void }) {
  const [text, setText] = useState('');
  const [active, setActive] = useState(0);
  const needle = useDeferredValue(text.trim().toLowerCase());
  const listId = useId();
  const matches = useMemo(() => (needle === '' ? [] : rows.filter((r) => matchesText(r, needle)).slice(0, MAX_RESULTS)), [rows, needle]);
  const open = matches.length > 0;
  const pick = (row: FleetRow | undefined) => {
    if (!row) return;
    setText('');
    onPick(row);
  };
  return (
    <div className="map-search">
      <label className="visually-hidden" htmlFor={`${listId}-input`}>
        Find a school on the map
      </label>
      <input
        id={`${listId}-input`}
        type="search"
        role="combobox"
        aria-expanded={open}
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={open ? `${listId}-${Math.min(active, matches.length - 1)}` : undefined}
        placeholder="Find a school by name or URN"
        value={text}
        data-testid="map-search"
        onChange={(e) => {
          setText(e.target.value);
          setActive(0);
        }}
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown') setActive((a) => Math.min(a + 1, matches.length - 1));
          else if (e.key === 'ArrowUp') setActive((a) => Math.max(a - 1, 0));
          else if (e.key === 'Enter') pick(matches[Math.min(active, matches.length - 1)]);
          else if (e.key === 'Escape') setText('');
          else return;
          e.preventDefault();
        }}
      />
      {open && (
        <ul id={listId} role="listbox" className="map-search-results" aria-label="Matching schools">
          {matches.map((r, i) => (
            <li
              key={r.id}
              id={`${listId}-${i}`}
              role="option"
              aria-selected={i === active}
              data-testid={`map-result-${r.site.urn}`}
              onMouseDown={(e) => e.preventDefault()}
              onClick={() => pick(r)}
            >
              <VerdictIcon verdict={r.verdict} />
              <span className="result-name">{r.site.name}</span>
              <span className="muted">
                {r.site.urn} · {verdictLabel(r.verdict)}
              </span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
