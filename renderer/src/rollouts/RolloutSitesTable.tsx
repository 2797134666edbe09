// Every site of a rollout: its wave, where it is, the config hash it had and gets, what
// changes, its verdict before and after, and the agent's error if any.
import { useMemo, useState } from 'react';
import { ROLLOUT_SITE_LABELS, ROLLOUT_SITE_STATES, SETTLED_SITE_STATES, type RolloutSite, type RolloutSiteState } from '../../../shared/rollouts.ts';
import { verdictWord } from '../actions/action-format.ts';
import { routeHref, siteRoute } from '../app/router.ts';
import { shortHash } from '../config/config-format.ts';
import { waveLabel } from './rollout-model.ts';

const SHOWN = 200;

export function RolloutSitesTable({ sites, waves }: { sites: readonly RolloutSite[]; waves: number }) {
  const [state, setState] = useState<RolloutSiteState | ''>('');
  const [all, setAll] = useState(false);
  const present = useMemo(() => ROLLOUT_SITE_STATES.filter((s) => sites.some((x) => x.state === s)), [sites]);
  const filtered = useMemo(() => (state === '' ? sites : sites.filter((s) => s.state === state)), [sites, state]);
  const shown = all ? filtered : filtered.slice(0, SHOWN);
  return (
    <div className="ro-sites">
      <label className="ui-inline-field no-print">
        Show
        <select value={state} onChange={(e) => setState(e.target.value as RolloutSiteState | '')} data-testid="rollout-sites-filter">
          <option value="">All {sites.length} sites</option>
          {present.map((s) => (
            <option key={s} value={s}>
              {ROLLOUT_SITE_LABELS[s]} ({sites.filter((x) => x.state === s).length})
            </option>
          ))}
        </select>
      </label>
      <div className="ro-sites-scroll">
        <table className="ui-table" data-testid="rollout-sites">
          <thead>
            <tr>
              <th scope="col">Site</th>
              <th scope="col">Wave</th>
              <th scope="col">State</th>
              <th scope="col">Config</th>
              <th scope="col">Changes</th>
              <th scope="col">Verdict before → after</th>
              <th scope="col">Error</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((s) => (
              <tr key={s.siteId} data-testid={`rollout-site-${s.siteId}`} data-state={s.state} data-wave={s.wave}>
                <td>
                  <a href={routeHref(siteRoute(s.siteId))}>{s.siteName}</a>
                </td>
                <td>{waveLabel(s.wave, waves)}</td>
                <td>
                  <span className={`ro-glyph rs-${s.state}`} aria-hidden="true" />
                  {ROLLOUT_SITE_LABELS[s.state]}
                </td>
                <td className="mono small">
                  <span title={`${s.fromHash} → ${s.toHash}`}>
                    {shortHash(s.fromHash)} → {shortHash(s.toHash)}
                  </span>
                  <span className="ui-muted"> v{s.templateVersion}</span>
                </td>
                <td>{s.changes}</td>
                <td>{s.verdictBefore === null ? '—' : `${verdictWord(s.verdictBefore)} → ${s.verdictAfter !== null ? verdictWord(s.verdictAfter) : SETTLED_SITE_STATES.has(s.state) ? '—' : '…'}`}</td>
                <td className="run-error">
                  {s.errorCode && <code className="ui-code">{s.errorCode}</code>} {s.message}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {shown.length < filtered.length && (
        <button type="button" className="show-more no-print" onClick={() => setAll(true)}>
          Show all {filtered.length}
        </button>
      )}
    </div>
  );
}
