import { memo, useMemo, type Ref } from 'react';
import { VERDICTS } from '../../../shared/health/verdict.ts';
import { ActOnSites } from './ActOnSites.tsx';
import type { FleetRow } from './fleet-row.ts';
import { CONFIG_STATES } from '../../../shared/fleet-config.ts';
import { configStateLabel } from '../config/config-format.ts';
import { useConfigStates } from './config-states.tsx';
import { EMPTY_FILTER, facetOptions, isConfigFilter, isFiltered, isVerdictFilter, setFleetFilter, type FacetKey, type FleetFilter } from './filters.ts';
import { useFleetSites } from './use-fleet.ts';
import { verdictLabel } from './verdict-style.ts';

const FACETS: { key: FacetKey; label: string; any: string }[] = [
  { key: 'typeGroup', label: 'Type group', any: 'Any type group' },
  { key: 'phase', label: 'Phase', any: 'Any phase' },
  { key: 'trust', label: 'Trust', any: 'Any trust' },
  { key: 'tag', label: 'Tag', any: 'Any tag' },
];

interface Props {
  total: number;
  filter: FleetFilter;
  /** The sites the filter shows, in the view's order: what "Act on these" acts on. */
  shown: readonly FleetRow[];
  searchRef?: Ref<HTMLInputElement>;
}

/** Text search plus verdict and facet menus; each control has a visible or spoken label. */
export const FilterBar = memo(function FilterBar({ total, filter, shown, searchRef }: Props) {
  // Facets change only with the register, not with every poll result.
  const sites = useFleetSites();
  const options = useMemo(() => facetOptions(sites), [sites]);
  const config = useConfigStates();
  return (
    <div className="filter-bar" role="search" aria-label="Filter sites">
      <label className="search-field">
        <span className="visually-hidden">Search by name, URN or LAESTAB</span>
        <input
          ref={searchRef}
          type="search"
          placeholder="Search name, URN or LAESTAB"
          value={filter.text}
          onChange={(e) => setFleetFilter({ text: e.target.value })}
          data-testid="filter-text"
        />
      </label>
      <label>
        <span className="visually-hidden">Status</span>
        <select value={filter.verdict} onChange={(e) => isVerdictFilter(e.target.value) && setFleetFilter({ verdict: e.target.value })} data-testid="filter-verdict">
          <option value="">Any status</option>
          <option value="attention">Needs attention</option>
          <option value="not-set-up">Not set up yet</option>
          <option value="down">Down</option>
          {VERDICTS.map((v) => (
            <option key={v} value={v}>
              {verdictLabel(v)}
            </option>
          ))}
        </select>
      </label>
      {FACETS.map(({ key, label, any }) => (
        <label key={key}>
          <span className="visually-hidden">{label}</span>
          <select value={filter[key]} onChange={(e) => setFleetFilter({ [key]: e.target.value })} data-testid={`filter-${key}`} disabled={options[key].length === 0}>
            <option value="">{any}</option>
            {options[key].map((o) => (
              <option key={o} value={o}>
                {o}
              </option>
            ))}
          </select>
        </label>
      ))}
      <label>
        <span className="visually-hidden">Config</span>
        <select value={filter.config} onChange={(e) => isConfigFilter(e.target.value) && setFleetFilter({ config: e.target.value })} data-testid="filter-config" disabled={!config.loaded && filter.config === ''}>
          <option value="">Any config</option>
          <option value="needs-look">Config needs a look</option>
          {CONFIG_STATES.map((s) => (
            <option key={s} value={s}>
              Config: {configStateLabel(s)}
            </option>
          ))}
        </select>
      </label>
      {isFiltered(filter) && (
        <button type="button" onClick={() => setFleetFilter(EMPTY_FILTER)} data-testid="filter-clear">
          Clear filters
        </button>
      )}
      <span className="filter-count" aria-live="polite" data-testid="filter-count">
        {shown.length === total ? `${total} sites` : `${shown.length} of ${total} sites`}
      </span>
      <ActOnSites rows={shown} whole={!isFiltered(filter)} />
    </div>
  );
});
