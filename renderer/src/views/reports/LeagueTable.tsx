// Sites ranked worst uptime first, so the board sees where the service is failing schools.
// Headers sort; each site opens its detail page.
import { useState } from 'react';
import { isAcademy } from '../../../../shared/site.ts';
import { formatDuration, formatPercent } from '../../../../shared/uptime.ts';
import { EmptyState } from '../../components/EmptyState.tsx';
import { formatCount, formatMs } from '../../components/format.ts';
import { worstFirst, type LeagueRow } from './report-model.ts';

type SortKey = 'worst' | 'name' | 'urn' | 'typeGroup' | 'down' | 'returns' | 'incidents' | 'ttr';

const COLUMNS: { key: SortKey; label: string; numeric: boolean }[] = [
  { key: 'name', label: 'Site', numeric: false },
  { key: 'urn', label: 'URN', numeric: true },
  { key: 'typeGroup', label: 'Type group', numeric: false },
  { key: 'worst', label: 'Uptime', numeric: true },
  { key: 'down', label: 'Down time', numeric: true },
  { key: 'returns', label: 'Returns made', numeric: true },
  { key: 'incidents', label: 'Incidents', numeric: true },
  { key: 'ttr', label: 'Mean time to recover', numeric: true },
];

const COMPARE: Record<SortKey, (a: LeagueRow, b: LeagueRow) => number> = {
  worst: worstFirst,
  name: (a, b) => a.name.localeCompare(b.name),
  urn: (a, b) => (a.urn ?? 0) - (b.urn ?? 0),
  typeGroup: (a, b) => (a.typeGroup ?? '').localeCompare(b.typeGroup ?? '') || worstFirst(a, b),
  down: (a, b) => b.secondsDown - a.secondsDown,
  returns: (a, b) => a.returnsTotal - b.returnsTotal,
  incidents: (a, b) => b.incidents - a.incidents,
  ttr: (a, b) => (b.ttr?.meanMs ?? -1) - (a.ttr?.meanMs ?? -1),
};

export function LeagueTable({ rows }: { rows: readonly LeagueRow[] }) {
  const [sort, setSort] = useState<{ key: SortKey; reverse: boolean }>({ key: 'worst', reverse: false });
  if (rows.length === 0) return <EmptyState title="No sites in the register yet.">Add sites, or start the demo fleet from the fleet view.</EmptyState>;
  const compare = COMPARE[sort.key];
  const sorted = [...rows].sort((a, b) => (sort.reverse ? -compare(a, b) : compare(a, b)));
  const pick = (key: SortKey) => setSort((s) => ({ key, reverse: s.key === key ? !s.reverse : false }));

  return (
    <div className="rp-league-wrap">
      <table className="ui-table rp-table rp-league" data-testid="league-table">
        <caption className="visually-hidden">Sites by uptime, worst first unless sorted otherwise</caption>
        <thead>
          <tr>
            <th scope="col" className="num">
              #
            </th>
            {COLUMNS.map((c) => (
              <th key={c.key} scope="col" className={c.numeric ? 'num' : undefined} aria-sort={sort.key === c.key ? (sort.reverse ? 'descending' : 'ascending') : 'none'}>
                <button type="button" className="rp-sort" onClick={() => pick(c.key)}>
                  {c.label}
                  <span aria-hidden="true">{sort.key === c.key ? (sort.reverse ? ' ▲' : ' ▼') : ''}</span>
                </button>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {sorted.map((r, i) => (
            <tr key={r.siteId} data-testid={`league-row-${r.siteId}`}>
              <td className="num ui-muted">{i + 1}</td>
              <th scope="row">
                <a href={`#/site/${r.siteId}`}>{r.name}</a>
              </th>
              <td className="num">{r.urn ?? '—'}</td>
              <td>
                {r.typeGroup ?? '—'}
                {isAcademy(r.typeGroup) && (
                  <span className="rp-academy" title="Academy: no census attendance to fall back on">
                    {' '}
                    ★
                  </span>
                )}
              </td>
              <td className={`num rp-uptime${r.uptime !== null && r.uptime < 0.95 ? ' is-low' : ''}`}>{formatPercent(r.uptime)}</td>
              <td className="num">{r.secondsDown > 0 ? formatDuration(r.secondsDown) : '—'}</td>
              <td className="num">{formatCount(r.returnsTotal)}</td>
              <td className="num">{r.incidents}</td>
              <td className="num">{formatMs(r.ttr?.meanMs)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
