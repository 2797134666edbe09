import { memo, useMemo } from 'react';
import { VERDICT_RANK, type Verdict } from '../../../../shared/health/verdict.ts';
import { navigate, siteRoute } from '../../app/router.ts';
import type { ConfigState, SiteConfigState } from '../../../../shared/fleet-config.ts';
import { configStateLabel } from '../../config/config-format.ts';
import { configIconMarkup } from '../../config/config-style.ts';
import { NEEDS_LOOK } from '../../config/drift-model.ts';
import '../../config/config-badges.css';
import type { FleetRow } from '../fleet-row.ts';
import { verdictIconMarkup, verdictLabel } from '../verdict-style.ts';

export const GROUP_BY = { area: 'Area', phase: 'Phase', typeGroup: 'Type group' } as const;
export type GroupBy = keyof typeof GROUP_BY;

interface Group {
  name: string;
  rows: FleetRow[];
  worst: Verdict;
  bad: number;
}

function groupRows(rows: readonly FleetRow[], by: GroupBy): Group[] {
  const groups = new Map<string, Group>();
  for (const r of rows) {
    const name = r.site[by] ?? 'Not recorded';
    let g = groups.get(name);
    if (!g) groups.set(name, (g = { name, rows: [], worst: 'healthy', bad: 0 }));
    g.rows.push(r);
    if (VERDICT_RANK[r.verdict] > VERDICT_RANK[g.worst]) g.worst = r.verdict;
    if (VERDICT_RANK[r.verdict] >= VERDICT_RANK.lagging) g.bad++;
  }
  return [...groups.values()].sort((a, b) => a.name.localeCompare(b.name, 'en-GB', { numeric: true }));
}

// Props are primitives so a poll that leaves a site's verdict alone does not re-render its tile.
const Tile = memo(function Tile({ id, name, urn, verdict, config }: { id: number; name: string; urn: number; verdict: Verdict; config: ConfigState | undefined }) {
  // Only the config states that need a look get a corner mark; the words go in the name.
  const mark = config !== undefined && NEEDS_LOOK.has(config);
  const said = `${name}, URN ${urn}: ${verdictLabel(verdict)}${mark ? `, config ${configStateLabel(config).toLowerCase()}` : ''}`;
  return (
    <li>
      <button
        type="button"
        className={`tile v-${verdict}`}
        aria-label={said}
        title={said}
        onClick={() => navigate(siteRoute(id))}
        data-testid={`tile-${urn}`}
        data-verdict={verdict}
        data-config-state={config}
        // Our own constant markup, not data.
        dangerouslySetInnerHTML={{ __html: verdictIconMarkup(verdict) + (mark ? `<span class="tile-cfg-badge" data-testid="tile-config-badge">${configIconMarkup(config)}</span>` : '') }}
      />
    </li>
  );
});

export function StatusGrid({ rows, groupBy, configStates }: { rows: readonly FleetRow[]; groupBy: GroupBy; configStates: ReadonlyMap<number, SiteConfigState> }) {
  const groups = useMemo(() => groupRows(rows, groupBy), [rows, groupBy]);
  if (rows.length === 0)
    return (
      <div className="empty-state" data-testid="grid-empty">
        <p>No sites match these filters.</p>
      </div>
    );
  return (
    <div className="status-grid" data-testid="status-grid">
      {groups.map((g, i) => (
        <section key={g.name} className="grid-group" aria-labelledby={`grid-group-${i}`}>
          <h3 id={`grid-group-${i}`}>
            {g.name}
            <span className="muted">
              {' '}
              · {g.rows.length} sites{g.bad > 0 ? ` · ${g.bad} ${g.bad === 1 ? 'needs' : 'need'} attention` : ''}
            </span>
          </h3>
          <ul className="tiles">
            {g.rows.map((r) => (
              <Tile key={r.id} id={r.id} name={r.site.name} urn={r.site.urn} verdict={r.verdict} config={configStates.get(r.id)?.state} />
            ))}
          </ul>
        </section>
      ))}
    </div>
  );
}
